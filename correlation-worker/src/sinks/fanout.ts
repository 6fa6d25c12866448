// Several sinks at once: each event goes to every sink; one failing sink (a throw, a rejected
// flush) is counted and does not stop the others.
import type { Sink } from './sink.js';

export class FanoutSink<T> implements Sink<T> {
  readonly name = 'fanout';
  readonly errors = new Map<string, number>();

  constructor(readonly sinks: readonly Sink<T>[]) {}

  write(event: T): void {
    for (const s of this.sinks) {
      try {
        s.write(event);
      } catch {
        this.count(s);
      }
    }
  }

  async flush(): Promise<void> {
    await this.each((s) => s.flush());
  }

  async close(): Promise<void> {
    await this.each((s) => s.close());
  }

  private async each(f: (s: Sink<T>) => Promise<void>): Promise<void> {
    await Promise.all(
      this.sinks.map(async (s) => {
        try {
          await f(s);
        } catch {
          this.count(s);
        }
      }),
    );
  }

  private count(s: Sink<T>): void {
    this.errors.set(s.name, (this.errors.get(s.name) ?? 0) + 1);
  }
}
