// The detector's schedule for one store shared by several server daemons (issue 25). Windows end
// on multiples of the period (the same instants on every server); at each boundary every server
// plans (window-plan.ts), claims (detector-lease.ts) and runs only the windows it holds. The
// holder of the last finished window claims at once, the others a moment later, so one server
// keeps the schedule while it lives and another takes over at the next boundary when it stops.
import { createHash } from 'node:crypto';
import { AppError, errorMessage } from '../../common/util/errors.js';
import type { DetectorService, RunSummary } from '../detector/ops/service.js';
import type { DetectorLease } from './detector-lease.js';
import type { DetectorOptions } from './options.js';
import { planWindows } from './window-plan.js';

export interface WindowRun {
  windowEnd: number;
  attempt: number;
  outcome: string;
  summary?: RunSummary;
}

export interface WindowSchedule {
  stop(): Promise<void>;
  /** Windows this process ran (for /metrics and tests). */
  stats(): { ran: number; claimsLost: number; errors: number; lastWindowEnd: number | null };
}

export interface WindowScheduleDeps {
  detector: DetectorService;
  lease: DetectorLease;
  options: DetectorOptions;
  clock?: () => number;
  onRun?: (r: WindowRun) => void;
  onError?: (err: unknown) => void;
}

/** A window's run id: the same on every server, so its inserts' deduplication tokens are too. */
export function windowRunId(windowEnd: number): string {
  const h = createHash('sha256').update(`ja4ws-detector-window:${windowEnd}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

const MAX_ATTEMPTS = 3;
/** After the boundary: lets every server's clock and the previous window's inserts settle. */
const SETTLE_MS = 300;

export function startWindowSchedule(deps: WindowScheduleDeps): WindowSchedule {
  const clock = deps.clock ?? Date.now;
  const { lease, detector, options } = deps;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  const counters = { ran: 0, claimsLost: 0, errors: 0, lastWindowEnd: null as number | null };

  const periodMs = async (): Promise<number> => {
    if (options.periodSeconds !== undefined) return options.periodSeconds * 1000;
    const minutes = (await detector.getTuning().catch(() => undefined))?.scheduleMinutes ?? 5;
    return minutes * 60_000;
  };
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      wake = resolve;
      timer = setTimeout(resolve, Math.max(0, ms));
      timer.unref();
    });

  const runWindow = async (windowEnd: number, attempt: number, period: number) => {
    let outcome = 'ok';
    let summary: RunSummary | undefined;
    try {
      summary = await detector.run({ now: windowEnd, runId: windowRunId(windowEnd) });
    } catch (err) {
      // Too few entities is a result (an idle window), not a failure.
      outcome =
        err instanceof AppError
          ? err.code === 'detector.too_few_entities'
            ? 'empty'
            : `failed: ${err.code}`
          : `failed: ${errorMessage(err).slice(0, 200)}`;
    }
    await lease.done(windowEnd, period, {
      outcome,
      modelId: summary?.modelId,
      anomalies: summary?.anomalies.length,
    });
    counters.ran++;
    counters.lastWindowEnd = windowEnd;
    deps.onRun?.({ windowEnd, attempt, outcome, ...(summary ? { summary } : {}) });
  };

  const tick = async (period: number) => {
    const o = {
      periodMs: period,
      leaseMs: options.leaseSeconds * 1000,
      catchUpWindows: options.catchUpWindows,
      maxAttempts: MAX_ATTEMPTS,
    };
    const since = (now: number) => now - (options.catchUpWindows + 1) * period;
    let state = await lease.state(since(clock()));
    // Stickiness: the server that ran the last window claims first; the others give it a head
    // start, so a live leader keeps the schedule and a stopped one is replaced a moment later.
    if (state.lastDoneHolder !== undefined && state.lastDoneHolder !== lease.holder) {
      await sleep(Math.min(2_000, period / 4));
      if (stopped) return;
      state = await lease.state(since(clock()));
    }
    for (const step of planWindows(state, clock(), o)) {
      if (stopped) return;
      if (step.kind === 'abandon') {
        await lease.done(step.windowEnd, period, {
          outcome: `failed: abandoned after ${step.attempts} attempts`,
        });
        continue;
      }
      if (await lease.claim(step.windowEnd, step.attempt, period)) {
        await runWindow(step.windowEnd, step.attempt, period);
      } else counters.claimsLost++;
    }
  };

  const loop = async () => {
    while (!stopped) {
      let period = 300_000;
      try {
        period = await periodMs();
        const now = clock();
        await sleep(Math.ceil((now + 1) / period) * period - now + SETTLE_MS);
        if (stopped) break;
        await tick(period);
      } catch (err) {
        counters.errors++;
        deps.onError?.(err);
        // The store is away: try again at the next boundary (missed windows are caught up).
      }
    }
  };
  const running = loop();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      wake?.();
      await running;
    },
    stats: () => ({ ...counters }),
  };
}
