// The worker's frames to main leave once per event-loop turn and only after the ingest journal
// has written the lines of that turn: at the moment a request's frame is written, a journal
// opened as after a kill -9 already holds its line (otherwise main could store a request that no
// replay would ever decide).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { FrameDecoder } from '../../../capture-worker/src/channel/frame.js';
import { Journal } from '../journal/journal.js';
import { WorkerChannel } from './channel.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tick = () => new Promise((r) => setImmediate(r));
const opts = (dir: string) => ({ dir, fsyncMs: 1_000, segmentBytes: 1 << 20, maxBytes: 1 << 30 });

describe('worker channel', () => {
  it('writes the frames of a turn once, in order, after the journal has the turn’s lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ja4ws-channel-'));
    dirs.push(dir);
    const journal = new Journal(opts(dir));
    const writes: { frames: unknown[]; journaled: string[] }[] = [];
    const out = new Writable({
      write(chunk: Buffer, _enc, cb) {
        // What a kill -9 right now would leave: a second reader of the same directory.
        const after = new Journal(opts(dir));
        const journaled = after.takeBacklog().map((e) => e.line.toString());
        after.close();
        const frames: unknown[] = [];
        const dec = new FrameDecoder(
          (p) => frames.push(JSON.parse(p.toString())),
          (e) => {
            throw e;
          },
        );
        dec.push(chunk);
        writes.push({ frames, journaled });
        cb();
      },
    });
    const ch = new WorkerChannel(out, 1 << 20, () => undefined);
    ch.beforeWrite = () => journal.writeNow();

    journal.append('http.socket', Buffer.from('line 1'));
    ch.send({ t: 'request', request: { ts_us: 1, src_port: 1 } });
    journal.append('http.socket', Buffer.from('line 2'));
    ch.send({ t: 'request', request: { ts_us: 2, src_port: 2 } });
    expect(writes).toHaveLength(0); // nothing leaves within the turn
    await tick();
    await tick();
    expect(writes).toHaveLength(1);
    expect(writes[0]!.journaled).toEqual(['line 1', 'line 2']);
    expect(
      writes[0]!.frames.map((f) => (f as { request: { ts_us: number } }).request.ts_us),
    ).toEqual([1, 2]);
    journal.close();
  });

  it('reports pressure when the pipe holds more than its bound, and its end on drain', async () => {
    const events: boolean[] = [];
    let release: (() => void) | undefined;
    const out = new Writable({
      highWaterMark: 16,
      write(_c, _e, cb) {
        release = cb; // the reader (main) is slow: nothing completes until released
      },
    });
    const ch = new WorkerChannel(out, 64, (full) => events.push(full));
    for (let i = 0; i < 10; i++) ch.send({ t: 'log', level: 'info', msg: `message ${i}` });
    await tick();
    expect(events).toEqual([true]);
    release!();
    await tick();
    expect(events).toEqual([true, false]);
  });
});
