import { describe, expect, it } from 'vitest';
import { NotifyLimiter } from './notify-limiter.js';

const a = (score: number, i = 0) => ({ src_ip: `10.0.0.${i}`, ja4: 'x', score });

describe('NotifyLimiter', () => {
  it('notifies the highest scores first, at most a few per window, and sums the rest later', () => {
    const l = new NotifyLimiter(0.6, 2, 60_000);
    const first = l.offer([a(0.7, 1), a(0.9, 2), a(0.65, 3), a(0.5, 4)], 0);
    expect(first.single.map((x) => x.score)).toEqual([0.9, 0.7]);
    expect(first.summary).toBe(0);
    expect(l.offer([a(0.95, 5)], 10_000).single).toEqual([]);
    const next = l.offer([], 61_000);
    expect(next.summary).toBe(2);
  });
  it('ignores anomalies below the score that deserves a notification', () => {
    expect(new NotifyLimiter(0.8).offer([a(0.79)], 0)).toEqual({ single: [], summary: 0 });
  });
});
