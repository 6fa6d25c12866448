import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { encodeFrame, FrameDecoder, MAX_FRAME_BYTES } from './frame.js';
import { Outbox } from './outbox.js';

function decodeAll(chunks: Buffer[]): unknown[] {
  const out: unknown[] = [];
  const d = new FrameDecoder(
    (p) => out.push(JSON.parse(p.toString('utf8'))),
    (e) => {
      throw e;
    },
  );
  for (const c of chunks) d.push(c);
  expect(d.buffered).toBe(0);
  return out;
}

describe('frames', () => {
  it('round-trip messages split at every byte boundary', () => {
    const msgs = [{ t: 'a', s: 'é😀' }, { n: 1 }, { big: 'x'.repeat(5_000) }];
    const all = Buffer.concat(msgs.map(encodeFrame));
    for (const step of [1, 3, 4, 5, 1000, all.length]) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < all.length; i += step) chunks.push(all.subarray(i, i + step));
      expect(decodeAll(chunks)).toEqual(msgs);
    }
  });

  it('reports a corrupt length once and stops instead of buffering without bound', () => {
    const errs: string[] = [];
    const frames: Buffer[] = [];
    const d = new FrameDecoder(
      (p) => frames.push(p),
      (e) => errs.push(e.code),
    );
    const bad = Buffer.alloc(8);
    bad.writeUInt32BE(MAX_FRAME_BYTES + 1, 0);
    d.push(bad);
    d.push(encodeFrame({ ok: true }));
    expect(errs).toEqual(['channel.frame_too_large']);
    expect(frames).toHaveLength(0);
    expect(d.buffered).toBe(0);
  });
});

describe('outbox', () => {
  it('writes straight through while the reader keeps up', () => {
    const pipe = new PassThrough();
    const ob = new Outbox(pipe, { maxQueuedEvents: 4, maxQueuedBytes: 1 << 20 });
    const got: Buffer[] = [];
    pipe.on('data', (c: Buffer) => got.push(c));
    for (let i = 0; i < 100; i++) ob.sendEvent({ seq: i });
    expect(ob.dropped).toBe(0);
    expect(ob.sent).toBe(100);
  });

  it('drops the oldest events when the reader stalls, keeps control frames, and stays bounded', async () => {
    const pipe = new PassThrough({ highWaterMark: 256 });
    const ob = new Outbox(pipe, { maxQueuedEvents: 50, maxQueuedBytes: 1 << 20 });
    // Nobody reads: the pipe fills after a few frames, then the ring, then old events go.
    for (let i = 0; i < 10_000; i++) ob.sendEvent({ t: 'event', seq: i, pad: 'y'.repeat(40) });
    ob.sendControl({ t: 'log', n: 1 });
    ob.sendStats({ t: 'stats', n: 1 });
    ob.sendStats({ t: 'stats', n: 2 });
    expect(ob.queued).toBe(50);
    expect(ob.dropped).toBeGreaterThan(9_000);
    expect(pipe.writableLength).toBeLessThan(4096);
    const got: { t: string; seq?: number; n?: number }[] = [];
    const d = new FrameDecoder(
      (p) => got.push(JSON.parse(p.toString('utf8')) as { t: string }),
      (e) => {
        throw e;
      },
    );
    pipe.on('data', (c: Buffer) => d.push(c));
    expect(await ob.flush(2000)).toBe(true);
    const seqs = got.filter((m) => m.t === 'event').map((m) => m.seq!);
    // What arrives is the head that was already in the pipe plus the 50 newest.
    expect(seqs.slice(-50)).toEqual(Array.from({ length: 50 }, (_, i) => 9_950 + i));
    expect(seqs.length + ob.dropped).toBe(10_000);
    // Control frames jump the event queue; only the newest unsent stats survives.
    const stats = got.filter((m) => m.t === 'stats').map((m) => m.n);
    expect(stats).toEqual([2]);
    expect(got.findIndex((m) => m.t === 'log')).toBeLessThan(got.findIndex((m) => m.seq === 9_950));
  });

  it('honours the byte cap as well as the count cap', () => {
    const pipe = new PassThrough({ highWaterMark: 16 });
    const ob = new Outbox(pipe, { maxQueuedEvents: 1_000_000, maxQueuedBytes: 64 * 1024 });
    for (let i = 0; i < 2000; i++) ob.sendEvent({ seq: i, pad: 'z'.repeat(1000) });
    expect(ob.queued).toBeLessThanOrEqual(64);
    expect(ob.dropped).toBeGreaterThan(1900);
  });
});
