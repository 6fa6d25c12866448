import { describe, expect, it } from 'vitest';
import { roundTicks } from './chart-ticks.js';

const minutes = (startIso: string, n: number, stepMin = 1) =>
  Array.from({ length: n }, (_, i) =>
    new Date(Date.parse(startIso) + i * stepMin * 60_000).toISOString(),
  );

describe('roundTicks', () => {
  it('labels round minutes whatever minute the range starts on', () => {
    const ticks = roundTicks(minutes('2026-12-07T10:03:00Z', 60));
    expect(ticks.length).toBeGreaterThanOrEqual(4);
    expect(ticks.length).toBeLessThanOrEqual(7);
    for (const t of ticks) expect(new Date(t).getUTCMinutes() % 10).toBe(0);
  });

  it('uses hours for a day of 10-minute buckets, days for a month of hours', () => {
    const day = roundTicks(minutes('2026-12-07T00:10:00Z', 144, 10));
    for (const t of day) expect(new Date(t).getUTCMinutes()).toBe(0);
    expect(day.length).toBeLessThanOrEqual(7);
    const month = roundTicks(minutes('2026-11-07T05:00:00Z', 720, 60));
    for (const t of month) expect(new Date(t).getUTCHours()).toBe(0);
    expect(month.length).toBeLessThanOrEqual(7);
  });

  it('falls back to every n-th bucket and copes with none or one', () => {
    expect(roundTicks([])).toEqual([]);
    expect(roundTicks(['2026-12-07T10:03:17Z'])).toEqual(['2026-12-07T10:03:17Z']);
    const odd = Array.from({ length: 20 }, (_, i) =>
      new Date(1_000_017 + i * 60_000).toISOString(),
    );
    expect(roundTicks(odd).length).toBeLessThanOrEqual(7);
  });
});
