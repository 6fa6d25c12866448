import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BytesMemo } from './bytes-memo.js';

const sum = (b: Uint8Array): number => b.reduce((a, v) => a + v, 0);

describe('BytesMemo', () => {
  it('makes a value once for the same bytes, wherever they lie', () => {
    const m = new BytesMemo<number>();
    let made = 0;
    const make = (b: Uint8Array): number => (made++, sum(b));
    const a = Uint8Array.from({ length: 100 }, (_, i) => i);
    const inBigger = new Uint8Array(300);
    inBigger.set(a, 57);
    expect(m.of(a, make)).toBe(sum(a));
    expect(m.of(inBigger.subarray(57, 157), make)).toBe(sum(a));
    expect(made).toBe(1);
    expect([m.hits, m.misses]).toEqual([1, 1]);
  });

  it('never answers for look-alikes: same length and same last 32 bytes, another start', () => {
    const m = new BytesMemo<number>();
    const a = new Uint8Array(64).fill(7);
    const b = a.slice();
    b[0] = 8;
    expect(m.of(a, sum)).toBe(sum(a));
    expect(m.of(b, sum)).toBe(sum(b));
    expect(m.of(a, sum)).toBe(sum(a));
    expect(m.hits).toBe(0);
  });

  it('holds a copy: bytes changed in place after the call are new bytes', () => {
    const m = new BytesMemo<number>();
    const a = new Uint8Array(40).fill(1);
    m.of(a, sum);
    a[3] = 9;
    expect(m.of(a, sum)).toBe(sum(a));
  });

  it('stays bounded', () => {
    const m = new BytesMemo<number>(4);
    for (let i = 0; i < 10; i++) m.of(Uint8Array.of(i), sum);
    expect(m.size).toBeLessThanOrEqual(4);
  });

  it('equals the function it memoizes on any sequence of inputs (short, long, colliding)', () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 8 }),
      fc.uint8Array({ minLength: 30, maxLength: 80 }),
      fc.uint8Array({ maxLength: 4 }).map((h) => {
        const b = new Uint8Array(40).fill(5);
        b.set(h);
        return b;
      }),
    );
    fc.assert(
      fc.property(fc.array(bytes, { maxLength: 40 }), (inputs) => {
        const m = new BytesMemo<string>(8);
        const f = (b: Uint8Array): string => Buffer.from(b).toString('hex');
        for (const b of inputs) expect(m.of(b, f)).toBe(f(b));
      }),
    );
  });
});
