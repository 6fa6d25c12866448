// Property tests: whatever bytes, segment sizes, sequence numbers and flags arrive, the SSH
// segment model never throws, always returns, and holds at most its buffer cap per direction.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SshSegmentModel } from './segment-model.js';

const CAP = 4096;

/** A plausible SSH-2 start (banners, a KEXINIT-sized packet) to mutate. */
function plausibleStream(): Uint8Array {
  const banner = 'SSH-2.0-OpenSSH_8.9\r\n';
  const out = new Uint8Array(banner.length + 64);
  for (let i = 0; i < banner.length; i++) out[i] = banner.charCodeAt(i);
  out.set([0, 0, 0, 60, 6, 20], banner.length);
  return out;
}

const segment = fc.record({
  dir: fc.constantFrom<0 | 1>(0, 1),
  bytes: fc.oneof(
    fc.uint8Array({ maxLength: 300 }),
    fc
      .tuple(
        fc.nat({ max: 80 }),
        fc.nat({ max: 84 }),
        fc.uint8Array({ minLength: 1, maxLength: 4 }),
      )
      .map(([from, at, patch]) => {
        const s = plausibleStream().slice(Math.min(from, 80));
        s.set(
          patch.subarray(0, Math.max(0, s.length - Math.min(at, s.length))),
          Math.min(at, s.length),
        );
        return s;
      }),
    // Length fields near the edges of 32-bit arithmetic.
    fc
      .constantFrom(0, 1, 0xfffb, 0xffff, 0x7fffffff, 0x80000000, 0xfffffffb, 0xffffffff)
      .map(
        (n) => new Uint8Array([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255, 4, 33, 0, 0]),
      ),
  ),
  /** Sequence jump: 0 in order, else a gap or a step back (retransmission). */
  jump: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: -200, max: 200 })),
  flags: fc.constantFrom(0x18, 0x10, 0x11, 0x14, 0x02, 0x12),
  window: fc.constantFrom(0, 1024, 64240),
  t: fc.nat({ max: 100_000 }),
});

describe('SshSegmentModel properties', () => {
  it('never throws or loops, and keeps its buffers under the cap', () => {
    fc.assert(
      fc.property(
        fc.array(segment, { maxLength: 60 }),
        fc.constantFrom<0 | 1>(0, 1),
        fc.nat(),
        (segs, serverDir, isn) => {
          const m = new SshSegmentModel(serverDir, { mspCap: CAP });
          const seq = [isn >>> 0, (isn * 7 + 13) >>> 0];
          for (const s of segs) {
            const st = (seq[s.dir]! + s.jump) >>> 0;
            const r = m.packet(
              s.dir,
              st,
              seq[1 - s.dir]!,
              s.flags,
              s.window,
              s.t,
              s.bytes,
              0,
              s.bytes.length,
            );
            expect(typeof r).toBe('boolean');
            if (s.bytes.length === 0) expect(r).toBe(false);
            seq[s.dir] = (st + s.bytes.length) >>> 0;
            expect(m.bufferedBytes).toBeLessThanOrEqual(2 * CAP);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('a multi-segment PDU larger than the cap is tracked without its bytes and counted', () => {
    const m = new SshSegmentModel(1, { mspCap: CAP });
    const banner = new TextEncoder().encode('SSH-2.0-x\r\n');
    let cs = 100;
    let ss = 900;
    const send = (dir: 0 | 1, b: Uint8Array): boolean => {
      const r = m.packet(
        dir,
        dir === 0 ? cs : ss,
        dir === 0 ? ss : cs,
        0x18,
        64240,
        0,
        b,
        0,
        b.length,
      );
      if (dir === 0) cs += b.length;
      else ss += b.length;
      return r;
    };
    expect(send(1, banner)).toBe(true);
    expect(send(0, banner)).toBe(true);
    // A 20000-byte key-exchange packet in 1000-byte segments: first and last seen, middle not.
    const total = 20000;
    const first = new Uint8Array(1000);
    first.set([0, 0, (total - 4) >>> 8, (total - 4) & 255, 4, 99]);
    expect(send(0, first)).toBe(true);
    const seen: boolean[] = [];
    for (let sent = 1000; sent < total; sent += 1000) seen.push(send(0, new Uint8Array(1000)));
    expect(seen.slice(0, -1).every((x) => !x)).toBe(true);
    expect(seen.at(-1)).toBe(true);
    expect(m.overflows).toBe(1);
    // Reassembled: its buffer is released.
    expect(m.bufferedBytes).toBe(0);
    // After it, the stream is dissected afresh.
    expect(send(0, new Uint8Array([0, 0, 0, 12, 10, 21, ...new Array(10).fill(0)]))).toBe(true);
  });
});
