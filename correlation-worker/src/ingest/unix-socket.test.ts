// The ingest socket's connection bounds and lifecycle on real UNIX sockets: idle connections time
// out, idle ones cannot lock a sending writer out at the cap, pause() holds writers back without
// losing a line, and close() reads what a writer had already sent before it went.
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SourceStats } from './bad-input.js';
import type { LineSink } from './line-splitter.js';
import { ACK_HELLO, listenUnixLines, type UnixLineServer } from './unix-socket.js';

let dir: string;
let server: UnixLineServer | undefined;
const clients: Socket[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server?.close();
  server = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await sleep(10);
  }
}

async function start(
  o: { maxConnections?: number; idleTimeoutMs?: number; drainMs?: number } = {},
): Promise<{ lines: string[]; stats: SourceStats; path: string }> {
  dir = mkdtempSync(join(tmpdir(), 'ja4ws-usock-'));
  const path = join(dir, 'in.socket');
  const lines: string[] = [];
  const sink: LineSink = { line: (b) => lines.push(b.toString()), oversize: () => undefined };
  const stats = new SourceStats();
  server = await listenUnixLines(
    { path, mode: 0o600, maxLineBytes: 4096, maxConnections: 64, ...o },
    sink,
    stats,
  );
  return { lines, stats, path };
}

function open(path: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(path);
    clients.push(s);
    s.once('connect', () => resolve(s));
    s.once('error', reject);
  });
}

const closed = (s: Socket) => new Promise<void>((r) => (s.closed ? r() : s.once('close', r)));
const write = (s: Socket, d: string) =>
  new Promise<void>((res, rej) => s.write(d, (e) => (e ? rej(e) : res())));

describe('ingest socket bounds', () => {
  it('closes a connection that sends nothing for idleTimeoutMs and counts it', async () => {
    const { stats, path } = await start({ idleTimeoutMs: 200 });
    const idle = await open(path);
    idle.on('error', () => undefined);
    const busy = await open(path);
    const t0 = Date.now();
    for (let i = 0; i < 8; i++) {
      await write(busy, `line ${i}\n`);
      await sleep(60);
    }
    await closed(idle);
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect(busy.closed).toBe(false); // sending keeps it open
    expect(stats.connections_idle_closed).toBe(1);
  });

  it('at the cap, idle connections make room for a writer that sends (the 1,100-idle finding)', async () => {
    const { lines, stats, path } = await start({ maxConnections: 64, idleTimeoutMs: 0 });
    const idle: Socket[] = [];
    for (let i = 0; i < 100; i++) {
      const s = await open(path);
      s.on('error', () => undefined);
      idle.push(s);
    }
    await until(() => stats.connections_open === 64);
    await sleep(1_100); // all idle longer than the eviction threshold
    const writer = await open(path);
    for (let i = 0; i < 100; i++) await write(writer, `{"n":${i}}\n`);
    await until(() => lines.length === 100);
    expect(writer.closed).toBe(false);
    expect(stats.connections_open).toBeLessThanOrEqual(64);
    // The 36 over the cap arrived while every open one was fresh: refused. The writer came after
    // they had all been idle over a second: it closed the idlest.
    expect(stats.connections_refused).toBe(36);
    expect(stats.connections_evicted).toBe(1);
  });

  it('refuses a new connection at the cap when every open one is sending, and counts it', async () => {
    const { stats, path } = await start({ maxConnections: 4, idleTimeoutMs: 0 });
    const active = await Promise.all([0, 1, 2, 3].map(() => open(path)));
    await until(() => stats.connections_open === 4);
    const late = await open(path);
    late.on('error', () => undefined);
    await closed(late);
    expect(stats.connections_refused).toBe(1);
    expect(stats.connections_evicted).toBe(0);
    expect(active.every((s) => !s.closed)).toBe(true);
  });

  it('pause() holds writers back without losing a line; resume() delivers them all', async () => {
    const { lines, path } = await start({ idleTimeoutMs: 100 });
    const s = await open(path);
    await write(s, 'before\n');
    await until(() => lines.length === 1);
    server!.pause();
    const writes: Promise<void>[] = [];
    for (let i = 0; i < 2_000; i++) writes.push(write(s, `${'x'.repeat(200)} ${i}\n`));
    await sleep(400); // longer than the idle timeout: a paused connection is not idle-closed
    expect(lines.length).toBe(1);
    expect(s.closed).toBe(false);
    server!.resume();
    await Promise.all(writes);
    await until(() => lines.length === 2_001);
    expect(lines.at(-1)).toMatch(/ 1999$/);
  });

  it('close() reads everything a writer sent before it went, and the writer sees the end', async () => {
    const { lines, path } = await start({ drainMs: 5_000 });
    const s = await open(path);
    let confirmed = 0;
    let stop = false;
    // A writer that stops when the server half-closes, as the http-logger does.
    s.on('end', () => {
      stop = true;
      s.end();
    });
    s.on('error', () => undefined);
    s.resume(); // read, so that the server's end-of-stream is seen
    const pump = async () => {
      for (let i = 0; !stop && !s.destroyed && i < 1_000_000; i++) {
        const ok = s.write(`{"i":${i}}\n`, (e) => {
          if (!e) confirmed++;
        });
        if (!ok) await new Promise((r) => (s.once('drain', r), s.once('close', r)));
        else if (i % 100 === 0) await new Promise((r) => setImmediate(r));
      }
    };
    const pumping = pump();
    await until(() => lines.length > 20_000);
    await server!.close();
    server = undefined;
    await pumping;
    await closed(s);
    expect(confirmed).toBeGreaterThan(20_000);
    expect(lines.length).toBe(confirmed);
  });

  it('acknowledges the lines taken to a writer that asks, and says nothing to one that does not', async () => {
    const { lines, path } = await start();
    const asking = await open(path);
    const silent = await open(path);
    const heard: string[] = [];
    const heardSilent: string[] = [];
    asking.on('data', (d: Buffer) => heard.push(...d.toString().split('\n').filter(Boolean)));
    silent.on('data', (d: Buffer) => heardSilent.push(d.toString()));
    await write(asking, `${ACK_HELLO}\n`);
    for (let i = 0; i < 100; i++) await write(asking, `{"a":${i}}\n`);
    for (let i = 0; i < 10; i++) await write(silent, `{"s":${i}}\n`);
    await until(() => heard.at(-1) === '{"ack":100}');
    await until(() => lines.length === 110);
    expect(lines).not.toContain(ACK_HELLO); // the hello is not a line
    // Cumulative and increasing.
    const counts = heard.map((h) => (JSON.parse(h) as { ack: number }).ack);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    await sleep(50);
    expect(heardSilent).toEqual([]);
  });
});
