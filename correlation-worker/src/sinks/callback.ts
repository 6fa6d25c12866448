// Adapts any consumer to a Sink: the storage Writer (ClickHouse), the live stream, a test.
import type { Sink, SinkStats } from './sink.js';

export interface CallbackSinkHooks<T> {
  write(event: T): void;
  flush?(): Promise<void>;
  close?(): Promise<void>;
}

export class CallbackSink<T> implements Sink<T> {
  readonly stats: SinkStats = { written: 0, errors: 0, dropped: 0 };

  constructor(
    readonly name: string,
    private readonly hooks: CallbackSinkHooks<T>,
  ) {}

  write(event: T): void {
    try {
      this.hooks.write(event);
      this.stats.written++;
    } catch {
      this.stats.errors++;
    }
  }

  async flush(): Promise<void> {
    await this.hooks.flush?.();
  }

  async close(): Promise<void> {
    await this.flush();
    await this.hooks.close?.();
  }
}
