// The worker's two ends of the framed channel: frames to main on fd 3 and frames from main on
// stdin. Nothing is dropped here (unlike the capture worker's Outbox, which drops the oldest
// packets' records because packets cannot wait): a request line can wait in the kernel's socket
// buffer, so when the pipe to main is full the worker stops reading its sockets instead
// (onPressure) and every line it took reaches main or the journal's replay.
import type { Readable, Writable } from 'node:stream';
import {
  MainToCorrelation,
  type CorrelationWorkerMessage,
} from '../../../common/events/correlation-worker.js';
import { errorMessage } from '../../../common/util/errors.js';
import { issuesMessage } from '../../../common/util/zod-issues.js';
import { encodeFrame, FrameDecoder } from '../../../capture-worker/src/channel/frame.js';

export class WorkerChannel {
  private full = false;
  /** Frames of this event-loop turn, written together at its end (after the journal's write). */
  private queued: Buffer[] = [];
  private scheduled = false;
  /** Frames from main that were not valid messages (counted, reported, ignored). */
  invalid = 0;
  /**
   * Runs before frames are written: the journal writes the lines of this turn first, so that no
   * row reaches main whose line a kill -9 could still take out of the journal (main would store
   * the request, the replay would never decide it).
   */
  beforeWrite: () => void = () => undefined;

  constructor(
    private readonly out: Writable,
    private readonly maxPipeBytes: number,
    private readonly onPressure: (full: boolean) => void,
  ) {
    out.on('drain', () => {
      if (!this.full) return;
      this.full = false;
      onPressure(false);
    });
    // Main is gone; stdin's end tells the worker to exit.
    out.on('error', () => undefined);
  }

  send(m: CorrelationWorkerMessage): void {
    this.queued.push(encodeFrame(m));
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.writeQueued());
    }
  }

  private writeQueued(): void {
    this.scheduled = false;
    if (this.queued.length === 0) return;
    this.beforeWrite();
    const buf = this.queued.length === 1 ? this.queued[0]! : Buffer.concat(this.queued);
    this.queued = [];
    this.out.write(buf);
    if (!this.full && this.out.writableLength > this.maxPipeBytes) {
      this.full = true;
      this.onPressure(true);
    }
  }

  /** Resolves once every frame is handed to the OS (or after timeoutMs). */
  async flush(timeoutMs: number): Promise<void> {
    this.writeQueued();
    const deadline = Date.now() + timeoutMs;
    while (this.out.writableLength > 0 && !this.out.destroyed && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 5));
  }

  /** Frames from main; `onEnd` when main closes its end (it stopped or died). */
  listen(
    input: Readable,
    onMessage: (m: MainToCorrelation) => void,
    onEnd: () => void,
    onBad: (why: string) => void,
  ): void {
    const decoder = new FrameDecoder(
      (payload) => {
        let json: unknown;
        try {
          json = JSON.parse(payload.toString('utf8'));
        } catch (err) {
          this.invalid++;
          return onBad(`frame from main is not JSON: ${errorMessage(err)}`);
        }
        const r = MainToCorrelation.safeParse(json);
        if (!r.success) {
          this.invalid++;
          return onBad(`invalid message from main: ${issuesMessage(r.error.issues, json)}`);
        }
        onMessage(r.data);
      },
      (err) => {
        this.invalid++;
        onBad(err.message);
      },
    );
    input.on('data', (chunk: Buffer) => decoder.push(chunk));
    input.on('end', onEnd);
    input.on('error', onEnd);
  }
}
