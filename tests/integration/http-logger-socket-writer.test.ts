// The http-logger's writer with acknowledgements against real UNIX sockets: a daemon that dies
// with lines unread loses none of them (they are sent again to the next one), and a daemon that
// stops cleanly gets every line exactly once (its last acknowledgement covers what it read).
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SourceStats } from '../../correlation-worker/src/ingest/bad-input.js';
import {
  listenUnixLines,
  type UnixLineServer,
} from '../../correlation-worker/src/ingest/unix-socket.js';
import { SocketWriter } from '../../http-logger/src/socket-writer.js';

let dir: string;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  rmSync(dir, { recursive: true, force: true });
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(cond: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await sleep(10);
  }
}

async function realServer(path: string, got: string[]): Promise<UnixLineServer> {
  const s = await listenUnixLines(
    { path, mode: 0o600, maxLineBytes: 4096, maxConnections: 8, drainMs: 5_000 },
    { line: (b) => got.push(b.toString()), oversize: () => undefined },
    new SourceStats(),
  );
  return s;
}

function writer(path: string): SocketWriter {
  const w = new SocketWriter({
    socketPath: path,
    maxQueue: 100_000,
    reconnectMinMs: 20,
    reconnectMaxMs: 100,
    ack: true,
  });
  cleanups.push(() => w.close(100));
  return w;
}

describe('http-logger writer with acknowledgements', () => {
  it('sends again what a daemon that died never acknowledged: nothing is lost', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ja4ws-ack-'));
    const path = join(dir, 'http.socket');
    // A daemon that acknowledges the first 300 lines, reads 200 more, then dies without a word.
    const acked: string[] = [];
    let conn: Socket | undefined;
    const dying = createServer((s) => {
      conn = s;
      let buf = '';
      let n = 0;
      s.on('data', (d: Buffer) => {
        buf += d.toString();
        const lines = buf.split('\n');
        buf = lines.pop()!;
        for (const l of lines) {
          if (l === '{"ja4ws":"ack"}') continue;
          n++;
          if (n <= 300) acked.push(l);
        }
        if (n <= 300) s.write(`{"ack":${n}}\n`);
        if (n >= 500) s.destroy();
      });
      s.on('error', () => undefined);
    });
    await new Promise<void>((r) => dying.listen(path, r));
    const w = writer(path);
    for (let i = 0; i < 1_000; i++) w.send(`{"i":${i}}\n`);
    await until(() => conn?.destroyed === true);
    await new Promise((r) => dying.close(r));
    rmSync(path, { force: true });
    const got: string[] = [];
    const next = await realServer(path, got);
    cleanups.push(() => next.close());
    await until(() => w.stats().queued === 0 && w.stats().unacked === 0);
    const all = new Set([...acked, ...got]);
    for (let i = 0; i < 1_000; i++) expect(all.has(`{"i":${i}}`), `line ${i}`).toBe(true);
    expect(w.stats().resent).toBeGreaterThan(0);
    expect(acked).toHaveLength(300);
  });

  it('a daemon that stops cleanly gets every line exactly once, then the next one the rest', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ja4ws-ack-'));
    const path = join(dir, 'http.socket');
    const first: string[] = [];
    const a = await realServer(path, first);
    const w = writer(path);
    let i = 0;
    const sending = (async () => {
      for (; i < 20_000; i++) {
        w.send(`{"i":${i}}\n`);
        if (i % 100 === 0) await new Promise((r) => setImmediate(r));
      }
    })();
    await until(() => first.length > 2_000);
    await a.close(); // SIGTERM's path: stop, read what was sent, final acknowledgement
    const second: string[] = [];
    const b = await realServer(path, second);
    cleanups.push(() => b.close());
    await sending;
    await until(() => w.stats().queued === 0 && w.stats().unacked === 0);
    await until(() => first.length + second.length >= 20_000);
    const all = [...first, ...second];
    expect(all).toHaveLength(20_000); // none twice
    expect(new Set(all).size).toBe(20_000); // none missing
    expect(w.stats().resent).toBe(0);
  });
});
