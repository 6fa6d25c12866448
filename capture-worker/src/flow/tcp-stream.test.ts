import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TcpStream } from './tcp-stream.js';

const bytes = (...v: number[]): Uint8Array => Uint8Array.from(v);

describe('TcpStream', () => {
  it('appends in-order data after the SYN and trims retransmissions and overlaps', () => {
    const s = new TcpStream();
    s.syn(999);
    expect(s.segment(1000, bytes(1, 2, 3))).toBe(true);
    expect(s.segment(1000, bytes(1, 2, 3))).toBe(false); // duplicate
    expect(s.segment(1002, bytes(3, 4, 5))).toBe(true); // overlap
    expect([...s.bytes()]).toEqual([1, 2, 3, 4, 5]);
  });

  it('holds out-of-order segments until the gap fills', () => {
    const s = new TcpStream();
    s.syn(0);
    expect(s.segment(4, bytes(4, 5))).toBe(false);
    expect(s.segment(7, bytes(7))).toBe(false);
    expect(s.segment(1, bytes(1, 2, 3))).toBe(true);
    expect([...s.bytes()]).toEqual([1, 2, 3, 4, 5]);
    expect(s.segment(6, bytes(6))).toBe(true);
    expect([...s.bytes()]).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('handles sequence-number wrap-around', () => {
    const s = new TcpStream();
    s.syn(0xfffffffe);
    s.segment(0xffffffff, bytes(1));
    s.segment(0, bytes(2, 3));
    expect([...s.bytes()]).toEqual([1, 2, 3]);
  });

  it('starts at the first segment when the SYN was not captured; consume() drops parsed bytes', () => {
    const s = new TcpStream();
    s.segment(5000, bytes(9, 8, 7));
    s.consume(2);
    s.segment(5003, bytes(6));
    expect([...s.bytes()]).toEqual([7, 6]);
  });

  it('caps buffered bytes and counts what it dropped; close() releases everything', () => {
    const s = new TcpStream({ cap: 4, maxPending: 1 });
    s.syn(0);
    s.segment(1, bytes(1, 2, 3, 4, 5, 6));
    expect(s.bytes().length).toBe(4);
    expect(s.dropped).toBe(2);
    s.close();
    expect(s.segment(7, bytes(1))).toBe(false);
    expect(s.bytes().length).toBe(0);
  });

  it('any split / order / duplication of a byte string reassembles to the same string (property)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 300 }),
        fc.array(fc.integer({ min: 1, max: 299 }), { maxLength: 8 }),
        fc.integer(),
        fc.integer({ min: 0, max: 0xffffffff }),
        (data, cuts, seed, isn) => {
          const points = [...new Set(cuts.filter((c) => c < data.length))].sort((a, b) => a - b);
          const segs: [number, Uint8Array][] = [];
          let prev = 0;
          for (const c of [...points, data.length]) {
            segs.push([prev, data.subarray(prev, c)]);
            prev = c;
          }
          // Deterministic shuffle plus one duplicate.
          let r = seed >>> 0;
          for (let i = segs.length - 1; i > 0; i--) {
            r = (Math.imul(r, 1103515245) + 12345) >>> 0;
            const j = r % (i + 1);
            [segs[i], segs[j]] = [segs[j] as [number, Uint8Array], segs[i] as [number, Uint8Array]];
          }
          segs.push(segs[0] as [number, Uint8Array]);
          const s = new TcpStream();
          s.syn(isn);
          for (const [off, d] of segs) s.segment((isn + 1 + off) >>> 0, d);
          expect(Buffer.from(s.bytes()).equals(Buffer.from(data))).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('settle() keeps the bytes a consumer left when the packet buffer is reused (property)', () => {
    // The engine hands each segment as a view of a read buffer that is overwritten once the packet
    // is handled: whatever the stream borrowed and did not consume must survive that.
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 400 }),
        fc.array(fc.integer({ min: 1, max: 399 }), { maxLength: 10 }),
        fc.array(fc.integer({ min: 0, max: 120 }), { minLength: 11, maxLength: 11 }),
        (data, cuts, takes) => {
          const points = [...new Set(cuts.filter((c) => c < data.length))].sort((a, b) => a - b);
          const s = new TcpStream();
          s.syn(999);
          const out: number[] = [];
          const packet = new Uint8Array(400);
          let prev = 0;
          [...points, data.length].forEach((c, i) => {
            packet.set(data.subarray(prev, c));
            s.segment((1000 + prev) >>> 0, packet.subarray(0, c - prev));
            const held = s.bytes();
            const take = Math.min(takes[i] as number, held.length);
            out.push(...held.subarray(0, take));
            s.consume(take);
            s.settle();
            packet.fill(0xee); // the reader reuses its buffer for the next packet
            prev = c;
          });
          out.push(...s.bytes());
          expect(Buffer.from(out).equals(Buffer.from(data))).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});
