// Desktop notifications for new high-score anomalies, rate limited: an analyst must notice a
// burst, not be buried by it. Within a window only the first few anomalies notify one by one;
// the rest are summed into one notification when the window ends.
export interface AnomalyNotice {
  src_ip: string;
  ja4: string;
  score: number;
}

export class NotifyLimiter {
  private windowStart = 0;
  private sent = 0;
  private held = 0;

  constructor(
    private readonly minScore = 0.6,
    private readonly perWindow = 3,
    private readonly windowMs = 60_000,
  ) {}

  /** What to show now for a batch of new anomalies: single notices, and a summary of what was held back. */
  offer<T extends AnomalyNotice>(
    anomalies: readonly T[],
    now: number,
  ): { single: T[]; summary: number } {
    let summary = 0;
    if (now - this.windowStart >= this.windowMs) {
      summary = this.held;
      this.windowStart = now;
      this.sent = 0;
      this.held = 0;
    }
    const single: T[] = [];
    for (const a of [...anomalies].sort((x, y) => y.score - x.score)) {
      if (a.score < this.minScore) continue;
      if (this.sent < this.perWindow) {
        single.push(a);
        this.sent++;
      } else this.held++;
    }
    return { single, summary };
  }
}
