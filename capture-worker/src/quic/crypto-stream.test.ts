import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CryptoStream } from './crypto-stream.js';

describe('CryptoStream', () => {
  it('frames in any order, overlapping and repeated, give the stream prefix that has no hole (property)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 3000 }),
        fc.array(fc.tuple(fc.nat(2999), fc.integer({ min: 1, max: 400 })), {
          minLength: 1,
          maxLength: 30,
        }),
        (data, cuts) => {
          const frames = cuts
            .filter(([o]) => o < data.length)
            .map(([o, l]) => ({ offset: o, data: data.subarray(o, Math.min(data.length, o + l)) }));
          const s = new CryptoStream();
          const have = new Uint8Array(data.length);
          for (const f of frames) {
            s.add(f);
            have.fill(1, f.offset, f.offset + f.data.length);
            // The independent answer: the first byte nobody sent yet.
            const hole = have.indexOf(0);
            const expected = hole < 0 ? data.length : hole;
            expect(s.contiguous).toBe(expected);
            expect(Buffer.from(s.bytes()).equals(Buffer.from(data.subarray(0, expected)))).toBe(
              true,
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('ignores bytes past its cap and keeps what came before it', () => {
    const s = new CryptoStream(100);
    s.add({ offset: 50, data: new Uint8Array(100).fill(2) });
    s.add({ offset: 0, data: new Uint8Array(50).fill(1) });
    expect(s.contiguous).toBe(100);
    expect(s.bytes()[49]).toBe(1);
    expect(s.bytes()[99]).toBe(2);
    s.add({ offset: 120, data: new Uint8Array(5) });
    expect(s.contiguous).toBe(100);
  });
});
