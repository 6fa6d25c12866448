import { describe, expect, it } from 'vitest';
import { currentWindowEnd, planWindows, type WindowState } from './window-plan.js';

const P = 60_000;
const o = { periodMs: P, leaseMs: 30_000, catchUpWindows: 3, maxAttempts: 3 };
const now = 100 * P + 500;
const state = (s: Partial<WindowState>): WindowState => ({
  claims: [],
  done: new Set(),
  firstEver: undefined,
  ...s,
});

describe('detector window plan', () => {
  it('a fresh store starts at the current window and backfills nothing', () => {
    expect(currentWindowEnd(now, P)).toBe(100 * P);
    expect(planWindows(state({}), now, o)).toEqual([
      { kind: 'claim', windowEnd: 100 * P, attempt: 0 },
    ]);
  });

  it('catches up missed windows since the first claim, oldest first, at most catchUpWindows', () => {
    const s = state({ firstEver: 50 * P, done: new Set([98 * P]) });
    expect(planWindows(s, now, o)).toEqual([
      { kind: 'claim', windowEnd: 97 * P, attempt: 0 },
      { kind: 'claim', windowEnd: 99 * P, attempt: 0 },
      { kind: 'claim', windowEnd: 100 * P, attempt: 0 },
    ]);
  });

  it('leaves a window under a live lease alone and takes over an expired one', () => {
    const s = state({
      firstEver: 99 * P,
      claims: [
        { windowEnd: 99 * P, attempt: 0, holder: 'a', at: 99 * P + 300 }, // 60 s old: expired
        { windowEnd: 100 * P, attempt: 0, holder: 'b', at: 100 * P + 300 }, // 0.2 s: live
      ],
    });
    expect(planWindows(s, now, o)).toEqual([{ kind: 'claim', windowEnd: 99 * P, attempt: 1 }]);
  });

  it('abandons a window after maxAttempts expired leases instead of retrying for ever', () => {
    const s = state({
      firstEver: 99 * P,
      done: new Set([100 * P]),
      claims: [
        { windowEnd: 99 * P, attempt: 0, holder: 'a', at: 99 * P },
        { windowEnd: 99 * P, attempt: 2, holder: 'c', at: 99 * P + 1000 },
        { windowEnd: 99 * P, attempt: 1, holder: 'b', at: 99 * P + 500 },
      ],
    });
    expect(planWindows(s, now, o)).toEqual([{ kind: 'abandon', windowEnd: 99 * P, attempts: 3 }]);
  });
});
