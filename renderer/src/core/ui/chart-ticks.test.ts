import { describe, expect, it } from 'vitest';
import { tickInterval } from './chart-ticks.js';

describe('tickInterval', () => {
  it('labels about seven evenly spaced buckets whatever the count', () => {
    for (const n of [1, 7, 8, 96, 144, 150]) {
      const shown = Math.ceil(n / (tickInterval(n) + 1));
      expect(shown).toBeLessThanOrEqual(7);
      expect(shown).toBeGreaterThanOrEqual(Math.min(n, 4));
    }
    expect(tickInterval(0)).toBe(0);
  });
});
