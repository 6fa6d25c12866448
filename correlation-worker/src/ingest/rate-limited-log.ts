// Bad input can arrive at line rate; the log gets at most `limit` lines per interval per kind and
// then one line saying how many were suppressed. Hand-written: a dozen lines, no library needed.
import type { Logger } from 'pino';

export class RateLimitedLog {
  private windowStart = 0;
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly logger: Logger,
    private readonly limit = 10,
    private readonly intervalMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  warn(kind: string, obj: Record<string, unknown>, msg: string): void {
    const t = this.now();
    if (t - this.windowStart >= this.intervalMs) this.rollover(t);
    const n = (this.counts.get(kind) ?? 0) + 1;
    this.counts.set(kind, n);
    if (n <= this.limit) this.logger.warn({ kind, ...obj }, msg);
  }

  private rollover(t: number): void {
    for (const [kind, n] of this.counts) {
      if (n > this.limit) {
        this.logger.warn(
          { kind, suppressed: n - this.limit, interval_ms: this.intervalMs },
          'bad input log lines suppressed',
        );
      }
    }
    this.counts.clear();
    this.windowStart = t;
  }
}
