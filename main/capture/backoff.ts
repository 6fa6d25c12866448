// Restart delays for a dead worker: exponential from `initialMs`, capped at `maxMs`, back to the
// start once a worker has stayed up for `resetAfterMs`. A crash loop is `loopCrashes` crashes
// within `loopWindowMs`; it is reported (health + log) and restarts continue at the capped delay.
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  factor: number;
  resetAfterMs: number;
  loopCrashes: number;
  loopWindowMs: number;
}

export const defaultBackoff: BackoffOptions = {
  initialMs: 100,
  maxMs: 30_000,
  factor: 2,
  resetAfterMs: 30_000,
  loopCrashes: 5,
  loopWindowMs: 60_000,
};

export class Backoff {
  private attempt = 0;
  private crashes: number[] = [];

  constructor(private readonly o: BackoffOptions = defaultBackoff) {}

  /** Records a crash of a worker that ran for `uptimeMs`; returns the delay before the next start. */
  crashed(now: number, uptimeMs: number): number {
    if (uptimeMs >= this.o.resetAfterMs) this.attempt = 0;
    this.crashes.push(now);
    this.crashes = this.crashes.filter((t) => now - t <= this.o.loopWindowMs);
    const delay = Math.min(this.o.maxMs, this.o.initialMs * this.o.factor ** this.attempt);
    this.attempt++;
    return delay;
  }

  inCrashLoop(now: number): boolean {
    return this.crashes.filter((t) => now - t <= this.o.loopWindowMs).length >= this.o.loopCrashes;
  }

  recentCrashes(now: number): number {
    return this.crashes.filter((t) => now - t <= this.o.loopWindowMs).length;
  }
}
