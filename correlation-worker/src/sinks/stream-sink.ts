// JSON lines to a Node stream (a file or stdout). The stream's buffer is bounded: past
// `maxBufferedBytes` events are dropped and counted rather than growing memory without limit.
import type { Writable } from 'node:stream';
import type { Sink, SinkStats } from './sink.js';

export class StreamSink<T> implements Sink<T> {
  readonly stats: SinkStats = { written: 0, errors: 0, dropped: 0 };
  private failed: Error | undefined;

  constructor(
    readonly name: string,
    private readonly stream: Writable,
    private readonly maxBufferedBytes = 64 * 1024 * 1024,
    private readonly ownsStream = true,
  ) {
    stream.on('error', (err: Error) => {
      this.failed = err;
      this.stats.errors++;
    });
  }

  write(event: T): void {
    if (this.failed) {
      this.stats.dropped++;
      return;
    }
    if (this.stream.writableLength > this.maxBufferedBytes) {
      this.stats.dropped++;
      return;
    }
    let line: string;
    try {
      line = JSON.stringify(event) + '\n';
    } catch {
      this.stats.errors++;
      return;
    }
    this.stream.write(line);
    this.stats.written++;
  }

  /** Resolves once every line written before the call has been handed to the stream's target. */
  async flush(): Promise<void> {
    if (this.failed || this.stream.writableEnded) return;
    await new Promise<void>((resolve) => this.stream.write('', () => resolve()));
  }

  async close(): Promise<void> {
    if (!this.ownsStream) return this.flush();
    if (this.stream.writableEnded) return;
    await new Promise<void>((resolve) => this.stream.end(() => resolve()));
  }
}
