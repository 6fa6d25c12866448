// IP reassembly: order, duplicates, overlap policy, and every bound (timeout, datagram count,
// bytes held, parts, size) with its named counter; random fragment streams never throw.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { A4, B4, ipv4, tcp } from '../../test-fixtures/packets.js';
import { decodePacket } from '../decode/decode.js';
import { DecodedPacket } from '../decode/decoded-packet.js';
import { IpReassembler } from './ip-reassembly.js';

const PAYLOAD = tcp(
  40000,
  443,
  1,
  0,
  0x18,
  Uint8Array.from({ length: 100 }, (_, i) => i),
);

/** IPv4 fragments of PAYLOAD: [offset, length] pieces (offsets in bytes, multiples of 8). */
function frags(pieces: [number, number][], id = 7): Uint8Array[] {
  const last = Math.max(...pieces.map(([o, l]) => o + l));
  return pieces.map(([o, l]) => {
    const f = ipv4(A4, B4, 6, PAYLOAD.subarray(o, o + l), {
      frag: (o + l < last ? 0x2000 : 0) | (o / 8),
    });
    f[5] = id;
    return f;
  });
}

function run(r: IpReassembler, packets: Uint8Array[], t0 = 0, step = 1) {
  const counts: Record<string, number> = {};
  const done: Uint8Array[] = [];
  const d = new DecodedPacket();
  packets.forEach((p, i) => {
    expect(decodePacket(228, p, d)).toBe('ip_fragment');
    const whole = r.add(d, t0 + i * step, (k) => (counts[k] = (counts[k] ?? 0) + 1));
    if (whole !== null) done.push(whole);
  });
  return { counts, done };
}

function decodesToPayload(whole: Uint8Array): void {
  const d = new DecodedPacket();
  expect(decodePacket(228, whole, d)).toBeNull();
  expect(d.srcPort).toBe(40000);
  expect([...d.payload()]).toEqual([...PAYLOAD.subarray(20)]);
}

describe('IpReassembler', () => {
  it('in order, reversed and shuffled with a duplicate: one datagram equal to the original', () => {
    const parts = frags([
      [0, 48],
      [48, 40],
      [88, 32],
    ]);
    for (const order of [
      [0, 1, 2],
      [2, 1, 0],
      [1, 1, 2, 0],
    ]) {
      const r = new IpReassembler();
      const { done, counts } = run(
        r,
        order.map((i) => parts[i] as Uint8Array),
      );
      expect(done).toHaveLength(1);
      decodesToPayload(done[0] as Uint8Array);
      if (order.length === 4) expect(counts).toEqual({ ip_fragment_duplicate: 1 });
      expect(r.pending).toBe(0);
      expect(r.bytesHeld).toBe(0);
    }
  });

  it('overlap: the bytes that came first win, counted frag_overlap', () => {
    const [a, b, c] = frags([
      [0, 48],
      [40, 48],
      [88, 32],
    ]) as [Uint8Array, Uint8Array, Uint8Array];
    // A conflicting copy of bytes 40..47 in the second fragment: the first fragment's stay.
    b[20] = 0xee;
    const { done, counts } = run(new IpReassembler(), [a, b, c]);
    expect(counts).toEqual({ frag_overlap: 1 });
    decodesToPayload(done[0] as Uint8Array);
  });

  it('timeout, eviction by count and by bytes, too many parts, too big, bad lengths: named counters', () => {
    const parts = frags([
      [0, 48],
      [48, 72],
    ]);
    const slow = new IpReassembler({ timeoutUs: 10 });
    expect(run(slow, parts, 0, 100).counts).toEqual({ frag_timeout: 1 });
    const few = new IpReassembler({ maxDatagrams: 1 });
    const other = frags(
      [
        [0, 48],
        [48, 8],
      ],
      9,
    );
    expect(run(few, [parts[0] as Uint8Array, other[0] as Uint8Array]).counts).toEqual({
      frag_evicted: 1,
    });
    const small = new IpReassembler({ maxBytes: 40 });
    expect(run(small, [parts[0] as Uint8Array]).counts).toEqual({ frag_evicted: 1 });
    expect(small.bytesHeld).toBe(0);
    const tiny = new IpReassembler({ maxParts: 1 });
    expect(run(tiny, [parts[1] as Uint8Array, parts[0] as Uint8Array]).counts).toEqual({
      frag_too_many: 1,
    });
    const big = ipv4(A4, B4, 6, new Uint8Array(16), { frag: 0x2000 | 8190 });
    expect(run(new IpReassembler(), [big]).counts).toEqual({ frag_too_big: 1 });
    const odd = ipv4(A4, B4, 6, new Uint8Array(13), { frag: 0x2000 });
    expect(run(new IpReassembler(), [odd]).counts).toEqual({ frag_bad: 1 });
    const r = new IpReassembler();
    run(r, [parts[1] as Uint8Array]);
    const left: string[] = [];
    r.finish((k) => left.push(k));
    expect(left).toEqual(['frag_incomplete']);
  });

  it('random fragment streams: never throw, memory stays within its bound', () => {
    const r = new IpReassembler({ maxBytes: 4096, maxDatagrams: 8 });
    const d = new DecodedPacket();
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            id: fc.integer({ min: 0, max: 3 }),
            off: fc.integer({ min: 0, max: 8191 }),
            len: fc.integer({ min: 0, max: 600 }),
            more: fc.boolean(),
          }),
          { maxLength: 40 },
        ),
        (list) => {
          for (const f of list) {
            const p = ipv4(A4, B4, 17, new Uint8Array(f.len), {
              frag: (f.more ? 0x2000 : 0) | f.off,
            });
            p[5] = f.id;
            if (decodePacket(228, p, d) !== 'ip_fragment') continue;
            r.add(d, 0, () => {});
            expect(r.bytesHeld).toBeLessThanOrEqual(4096);
            expect(r.pending).toBeLessThanOrEqual(8);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
