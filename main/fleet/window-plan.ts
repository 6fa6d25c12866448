// Which detector windows a server should claim now: pure, over what the store holds (the lease
// rows of detector_windows). docs/decisions.md, "One detector per store".

export interface ClaimRow {
  windowEnd: number;
  attempt: number;
  holder: string;
  /** The claimant's clock when it claimed, ms. */
  at: number;
}

export interface WindowState {
  claims: readonly ClaimRow[];
  /** Window ends with a 'done' row. */
  done: ReadonlySet<number>;
  /** The earliest window ever claimed on this store (undefined: none yet, a fresh store). */
  firstEver: number | undefined;
}

export interface PlanOptions {
  periodMs: number;
  leaseMs: number;
  catchUpWindows: number;
  maxAttempts: number;
}

export type PlannedStep =
  | { kind: 'claim'; windowEnd: number; attempt: number }
  /** Every attempt's lease ran out: record it as given up rather than retry for ever. */
  | { kind: 'abandon'; windowEnd: number; attempts: number };

/** The end of the newest window that has ended by `nowMs`. */
export function currentWindowEnd(nowMs: number, periodMs: number): number {
  return Math.floor(nowMs / periodMs) * periodMs;
}

/**
 * Oldest first: the current window and up to `catchUpWindows` before it that are not done and not
 * held by a live lease. Windows before the first one ever claimed are not backfilled (a fresh
 * store starts at the current window).
 */
export function planWindows(state: WindowState, nowMs: number, o: PlanOptions): PlannedStep[] {
  const current = currentWindowEnd(nowMs, o.periodMs);
  const latest = new Map<number, ClaimRow>();
  for (const c of state.claims) {
    const seen = latest.get(c.windowEnd);
    if (!seen || c.attempt > seen.attempt) latest.set(c.windowEnd, c);
  }
  const steps: PlannedStep[] = [];
  for (let k = o.catchUpWindows; k >= 0; k--) {
    const w = current - k * o.periodMs;
    if (w < 0 || state.done.has(w)) continue;
    if (k > 0 && (state.firstEver === undefined || w < state.firstEver)) continue;
    const held = latest.get(w);
    if (!held) {
      steps.push({ kind: 'claim', windowEnd: w, attempt: 0 });
    } else if (nowMs - held.at > o.leaseMs) {
      steps.push(
        held.attempt + 1 >= o.maxAttempts
          ? { kind: 'abandon', windowEnd: w, attempts: held.attempt + 1 }
          : { kind: 'claim', windowEnd: w, attempt: held.attempt + 1 },
      );
    }
  }
  return steps;
}
