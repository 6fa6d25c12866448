// The worker's side of the channel: a bounded queue in front of a writable pipe. When main reads
// too slowly the pipe fills, `write()` reports back-pressure and frames wait here; when this queue
// is full the OLDEST event frames are dropped and counted, so memory stays bounded and main sees
// the freshest traffic when it catches up. Control frames (hello, stats, log, fatal, end) never
// wait behind events and the latest stats replaces an unsent older one.
import type { Writable } from 'node:stream';
import { encodeFrame } from './frame.js';

export interface OutboxOptions {
  /** Most event frames held while main is not reading. */
  maxQueuedEvents: number;
  /** Most bytes of event frames held while main is not reading. */
  maxQueuedBytes: number;
}

export const defaultOutboxOptions: OutboxOptions = {
  maxQueuedEvents: 10_000,
  maxQueuedBytes: 16 * 1024 * 1024,
};

/** Control frames other than stats: bounded too, a log storm cannot grow memory. */
const MAX_CONTROL_FRAMES = 64;

export class Outbox {
  private readonly ring: (Buffer | undefined)[];
  private head = 0;
  private count = 0;
  private queuedBytes = 0;
  private control: Buffer[] = [];
  private statsFrame: Buffer | undefined;
  private waitingDrain = false;
  private closed = false;
  sent = 0;
  dropped = 0;
  controlDropped = 0;

  constructor(
    private readonly out: Writable,
    private readonly opts: OutboxOptions = defaultOutboxOptions,
  ) {
    this.ring = new Array<Buffer | undefined>(opts.maxQueuedEvents);
    out.on('drain', () => {
      this.waitingDrain = false;
      this.pump();
    });
    out.on('close', () => {
      this.closed = true;
    });
    // A broken pipe means main is gone; the worker's parent-death check handles exit.
    out.on('error', () => {
      this.closed = true;
    });
  }

  get queued(): number {
    return this.count;
  }

  sendEvent(message: unknown): void {
    if (this.closed) {
      this.dropped++;
      return;
    }
    const frame = encodeFrame(message);
    if (
      !this.waitingDrain &&
      this.count === 0 &&
      this.control.length === 0 &&
      this.statsFrame === undefined
    ) {
      this.write(frame);
      this.sent++;
      return;
    }
    while (
      this.count > 0 &&
      (this.count >= this.opts.maxQueuedEvents ||
        this.queuedBytes + frame.length > this.opts.maxQueuedBytes)
    ) {
      this.dropOldest();
    }
    const cap = this.opts.maxQueuedEvents;
    this.ring[(this.head + this.count) % cap] = frame;
    this.count++;
    this.queuedBytes += frame.length;
    this.pump();
  }

  sendStats(message: unknown): void {
    this.statsFrame = encodeFrame(message);
    this.pump();
  }

  sendControl(message: unknown): void {
    if (this.control.length >= MAX_CONTROL_FRAMES) {
      this.control.shift();
      this.controlDropped++;
    }
    this.control.push(encodeFrame(message));
    this.pump();
  }

  /**
   * For sources that can wait (offline files): resolves when at most `lowWater` events are
   * queued, so a file is read at the speed main consumes it and nothing is dropped.
   */
  async waitForRoom(lowWater: number): Promise<void> {
    while (!this.closed && this.count > lowWater) await new Promise((r) => setTimeout(r, 2));
  }

  /** Resolves once everything queued has been handed to the OS, or after `timeoutMs`. */
  async flush(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    this.pump();
    while (
      !this.closed &&
      (this.count > 0 ||
        this.control.length > 0 ||
        this.statsFrame !== undefined ||
        this.out.writableLength > 0)
    ) {
      if (Date.now() >= deadline) return false;
      await new Promise((r) => setTimeout(r, 5));
      this.pump();
    }
    return !this.closed;
  }

  private dropOldest(): void {
    const frame = this.ring[this.head];
    this.ring[this.head] = undefined;
    this.head = (this.head + 1) % this.opts.maxQueuedEvents;
    this.count--;
    this.queuedBytes -= frame?.length ?? 0;
    this.dropped++;
  }

  private pump(): void {
    if (this.closed) return;
    while (!this.waitingDrain) {
      const ctl = this.control.shift();
      if (ctl !== undefined) {
        this.write(ctl);
        continue;
      }
      if (this.statsFrame !== undefined) {
        const s = this.statsFrame;
        this.statsFrame = undefined;
        this.write(s);
        continue;
      }
      if (this.count === 0) return;
      const frame = this.ring[this.head]!;
      this.ring[this.head] = undefined;
      this.head = (this.head + 1) % this.opts.maxQueuedEvents;
      this.count--;
      this.queuedBytes -= frame.length;
      this.write(frame);
      this.sent++;
    }
  }

  private write(frame: Buffer): void {
    if (!this.out.write(frame)) this.waitingDrain = true;
  }
}
