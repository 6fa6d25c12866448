// Test helper for the parser property tests: random, truncated and mutated inputs must either
// parse (with output bounded by the input size) or throw ParseError — nothing else, and finish.
import fc from 'fast-check';
import { expect } from 'vitest';
import { ParseError } from './parse-error.js';

/** Random bytes, truncations of a real seed, and seeds with flipped / inserted / deleted bytes. */
export function inputs(seeds: readonly Uint8Array[], maxRandom = 1024): fc.Arbitrary<Uint8Array> {
  const seed = fc.constantFrom(...seeds);
  const truncated = fc.tuple(seed, fc.nat()).map(([s, n]) => s.subarray(0, n % (s.length + 1)));
  const mutated = fc
    .tuple(
      seed,
      fc.array(
        fc.tuple(
          fc.nat(),
          fc.integer({ min: 0, max: 255 }),
          fc.constantFrom('flip', 'insert', 'delete'),
        ),
        { minLength: 1, maxLength: 8 },
      ),
    )
    .map(([s, edits]) => {
      const b = Array.from(s);
      for (const [pos, v, kind] of edits) {
        const i = b.length === 0 ? 0 : pos % b.length;
        if (kind === 'flip') b[i] = v;
        else if (kind === 'insert') b.splice(i, 0, v);
        else b.splice(i, 1);
      }
      return Uint8Array.from(b);
    });
  return fc.oneof(fc.uint8Array({ maxLength: maxRandom }), truncated, mutated);
}

/**
 * Asserts the parser contract. `measure` returns a size for the output (items, characters...)
 * that must stay within `factor * input.length + constant`.
 */
export function assertTotal<T>(
  parse: (b: Uint8Array) => T,
  seeds: readonly Uint8Array[],
  measure: (out: T) => number,
  bound: { factor: number; constant: number },
  numRuns = 300,
): void {
  let ok = 0;
  let rejected = 0;
  fc.assert(
    fc.property(inputs(seeds), (input) => {
      let out: T;
      try {
        out = parse(input);
      } catch (err) {
        if (!(err instanceof ParseError)) throw err;
        rejected++;
        return;
      }
      ok++;
      expect(measure(out)).toBeLessThanOrEqual(bound.factor * input.length + bound.constant);
    }),
    { numRuns },
  );
  // Both outcomes must have been exercised, or the generator is not testing anything.
  expect(ok).toBeGreaterThan(0);
  expect(rejected).toBeGreaterThan(0);
}
