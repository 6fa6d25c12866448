// The part every output shares: a bounded queue in front of an async sender. write() never
// blocks and never throws: past maxQueue the event is dropped and counted. One send runs at a
// time, on batches, so a slow receiver costs queue space, not pipeline time.
export interface OutputStats {
  name: string;
  kind: string;
  queued: number;
  sent: number;
  dropped: number;
  errors: number;
  lastError: string | null;
}

export abstract class QueuedOutput<T> {
  private queue: T[] = [];
  private running: Promise<void> | undefined;
  private closed = false;
  readonly counters = { sent: 0, dropped: 0, errors: 0 };
  lastError: string | null = null;

  constructor(
    readonly name: string,
    readonly kind: string,
    private readonly maxQueue: number,
    private readonly maxBatch = 256,
  ) {}

  /** Sends one batch; throws to count an error (the batch is then given up, see retryable). */
  protected abstract send(batch: T[]): Promise<void>;

  write(item: T): void {
    if (this.closed || this.queue.length >= this.maxQueue) {
      this.counters.dropped++;
      return;
    }
    this.queue.push(item);
    this.running ??= this.drain();
  }

  stats(): OutputStats {
    return {
      name: this.name,
      kind: this.kind,
      queued: this.queue.length,
      ...this.counters,
      lastError: this.lastError,
    };
  }

  /** Resolves when what was queued has been sent or given up. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Stops taking events; waits up to `graceMs` for the queue, then counts the rest dropped. */
  async close(graceMs = 2_000): Promise<void> {
    this.closed = true;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.idle(),
      new Promise<void>((r) => {
        timer = setTimeout(r, graceMs);
        timer.unref();
      }),
    ]);
    if (timer) clearTimeout(timer);
    this.counters.dropped += this.queue.length;
    this.queue = [];
    await this.shutdown();
  }

  protected async shutdown(): Promise<void> {}

  protected fail(err: unknown): void {
    this.counters.errors++;
    this.lastError = err instanceof Error ? err.message : String(err);
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        try {
          await this.send(batch);
          this.counters.sent += batch.length;
        } catch (err) {
          this.fail(err);
          this.counters.dropped += batch.length;
        }
      }
    } finally {
      this.running = undefined;
    }
  }
}
