import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ListMemo } from './list-memo.js';

/** What a caller makes from the values: here their text, and a digest of it. */
const textOf = (vals: readonly number[]): string => vals.join(',');
const digestOf = (vals: readonly number[]): string => `d${vals.length}:${textOf(vals)}`;

function lookup(m: ListMemo, vals: readonly number[]): { text: string; digest: string } {
  m.begin();
  for (const v of vals) m.push(v);
  const e = m.find() ?? m.add(textOf(vals), digestOf(vals));
  return { text: e.text, digest: e.digest };
}

describe('ListMemo', () => {
  it('finds the entry made from the same values, and only from them', () => {
    const m = new ListMemo();
    expect(lookup(m, [0x1301, 0x1302, -1, 0x0403])).toEqual({
      text: '4865,4866,-1,1027',
      digest: 'd4:4865,4866,-1,1027',
    });
    lookup(m, [0x1301, 0x1302, -1, 0x0403]);
    expect([m.hits, m.misses]).toEqual([1, 1]);
    // A prefix, a longer list and the separator moved are other keys.
    for (const other of [
      [0x1301, 0x1302],
      [0x1301, 0x1302, -1, 0x0403, 0],
      [0x1301, -1, 0x1302, 0x0403],
    ])
      expect(lookup(m, other).text).toBe(textOf(other));
    expect(m.hits).toBe(1);
  });

  it('keeps apart values whose hashes collide (four buckets for 2,000 lists)', () => {
    const m = new ListMemo(8192, 2);
    const keys = Array.from({ length: 2000 }, (_, i) => [i & 7, i >> 3, -1]);
    for (const k of keys) lookup(m, k);
    for (const k of keys) expect(lookup(m, k).text).toBe(textOf(k));
  });

  it('grows its key past its first size, and stays bounded', () => {
    const m = new ListMemo(3);
    const long = Array.from({ length: 1000 }, (_, i) => i);
    expect(lookup(m, long).text).toBe(textOf(long));
    expect(lookup(m, long).text).toBe(textOf(long));
    for (let i = 0; i < 10; i++) lookup(m, [i]);
    expect(m.size).toBeLessThanOrEqual(3);
    // Held keys past the first arena (16,384 values): each found again, value for value.
    const big = new ListMemo();
    const lists = Array.from({ length: 40 }, (_, j) =>
      Array.from({ length: 1000 }, (_, i) => i * 40 + j),
    );
    for (const l of lists) lookup(big, l);
    for (const l of lists) expect(lookup(big, l).text).toBe(textOf(l));
    expect([big.hits, big.misses]).toEqual([40, 40]);
  });

  it('equals the function it memoizes on any sequence of lists', () => {
    const list = fc.array(
      fc.oneof(fc.constantFrom(-1, 0, 1, 0x0a0a, 0xffff), fc.integer({ min: -1, max: 0xffff })),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(
        fc.array(list, { maxLength: 60 }),
        fc.integer({ min: 1, max: 16 }),
        (lists, max) => {
          const m = new ListMemo(max, max % 2 === 0 ? 2 : 30);
          for (const l of lists)
            expect(lookup(m, l)).toEqual({ text: textOf(l), digest: digestOf(l) });
        },
      ),
    );
  });
});
