// Sends lines to a UNIX socket without ever blocking or throwing into the application: a bounded
// queue (oldest dropped and counted), batched writes that respect backpressure, and reconnection
// with capped exponential backoff. The socket and timers are unref'd so they never keep a
// process alive.
import { connect, type Socket } from 'node:net';
import { LineQueue } from './queue.js';

export interface SocketWriterOptions {
  socketPath: string;
  maxQueue: number;
  reconnectMinMs: number;
  reconnectMaxMs: number;
  onError?: (err: Error) => void;
}

export interface SocketWriterStats {
  /** Lines handed to the socket. */
  sent: number;
  /** Lines dropped because the queue was full. */
  dropped: number;
  queued: number;
  connected: boolean;
  connects: number;
  errors: number;
}

const BATCH_BYTES = 64 * 1024;

export class SocketWriter {
  private readonly queue: LineQueue;
  private socket: Socket | undefined;
  private connected = false;
  private blocked = false;
  private closed = false;
  private backoff: number;
  private timer: NodeJS.Timeout | undefined;
  private sent = 0;
  private connects = 0;
  private errors = 0;
  private waiters: (() => void)[] = [];

  constructor(private readonly opts: SocketWriterOptions) {
    this.queue = new LineQueue(opts.maxQueue);
    this.backoff = opts.reconnectMinMs;
    this.connect();
  }

  send(line: string): void {
    if (this.closed) {
      this.queue.dropped++;
      return;
    }
    this.queue.push(line);
    this.pump();
  }

  stats(): SocketWriterStats {
    return {
      sent: this.sent,
      dropped: this.queue.dropped,
      queued: this.queue.length,
      connected: this.connected,
      connects: this.connects,
      errors: this.errors,
    };
  }

  /** Resolves true once the queue is empty, false if `timeoutMs` passes first. */
  drained(timeoutMs: number): Promise<boolean> {
    if (this.queue.length === 0 && !this.blocked) return Promise.resolve(true);
    return new Promise((resolve) => {
      const t = setTimeout(() => resolve(false), timeoutMs);
      t.unref();
      this.waiters.push(() => {
        clearTimeout(t);
        resolve(true);
      });
    });
  }

  async close(timeoutMs = 2000): Promise<void> {
    await this.drained(timeoutMs);
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    const s = this.socket;
    if (s && !s.destroyed) await new Promise<void>((resolve) => s.end(() => resolve()));
    s?.destroy();
  }

  private connect(): void {
    if (this.closed) return;
    const s = connect(this.opts.socketPath);
    this.socket = s;
    s.unref();
    s.on('connect', () => {
      this.connected = true;
      this.connects++;
      this.backoff = this.opts.reconnectMinMs;
      this.pump();
    });
    s.on('drain', () => {
      this.blocked = false;
      this.pump();
    });
    s.on('error', (err: Error) => {
      this.errors++;
      this.opts.onError?.(err);
    });
    // The server never speaks; reading keeps 'end' from the server (restart) visible.
    s.on('data', () => undefined);
    // The server is stopping and reads only what is already in flight: write nothing more here
    // (Node ends our side after the queued writes); the queue waits for the next connection.
    s.on('end', () => {
      this.connected = false;
    });
    s.on('close', () => {
      this.connected = false;
      this.blocked = false;
      if (this.socket === s) this.socket = undefined;
      this.scheduleReconnect();
    });
  }

  private scheduleReconnect(): void {
    if (this.closed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.connect();
    }, this.backoff);
    this.timer.unref();
    this.backoff = Math.min(this.backoff * 2, this.opts.reconnectMaxMs);
  }

  private pump(): void {
    const s = this.socket;
    while (this.connected && !this.blocked && s && this.queue.length > 0) {
      const before = this.queue.length;
      const batch = this.queue.take(BATCH_BYTES);
      this.sent += before - this.queue.length;
      if (!s.write(batch)) this.blocked = true;
    }
    if (this.queue.length === 0 && !this.blocked && this.waiters.length > 0) {
      const w = this.waiters;
      this.waiters = [];
      for (const f of w) f();
    }
  }
}
