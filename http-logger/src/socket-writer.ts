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
  /**
   * Ask the daemon to acknowledge lines ({"ja4ws":"ack"}); lines not acknowledged when the
   * connection goes are sent again on the next one, so a daemon killed with lines still unread in
   * the socket loses none of them. Needs a daemon that acknowledges (it never writes otherwise).
   */
  ack?: boolean;
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
  /** Lines sent again after a connection went before acknowledging them. */
  resent: number;
  /** Lines sent on the current connection and not yet acknowledged. */
  unacked: number;
}

const ACK_HELLO = '{"ja4ws":"ack"}\n';
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
  /** Sent on this connection, waiting for the daemon's acknowledgement (ack mode). */
  private inflight: string[] = [];
  private ackedOnConn = 0;
  private resent = 0;
  private ackTail = '';

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
      resent: this.resent,
      unacked: this.inflight.length,
    };
  }

  /** Resolves true once the queue is empty, false if `timeoutMs` passes first. */
  drained(timeoutMs: number): Promise<boolean> {
    if (this.queue.length === 0 && !this.blocked && this.inflight.length === 0)
      return Promise.resolve(true);
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
      if (this.opts.ack) {
        this.ackedOnConn = 0;
        this.ackTail = '';
        s.write(ACK_HELLO);
      }
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
    // The server speaks only acknowledgements (when asked); reading also keeps 'end' from the
    // server (restart) visible.
    s.on('data', (d: Buffer) => {
      if (this.opts.ack && this.socket === s) this.onAcks(d);
    });
    // The server is stopping and reads only what is already in flight: write nothing more here
    // (Node ends our side after the queued writes); the queue waits for the next connection.
    s.on('end', () => {
      this.connected = false;
    });
    s.on('close', () => {
      this.connected = false;
      this.blocked = false;
      if (this.inflight.length > 0) {
        // Not acknowledged: the daemon may never have read them. Send them again.
        this.resent += this.inflight.length;
        this.queue.requeue(this.inflight);
        this.inflight = [];
      }
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

  private onAcks(d: Buffer): void {
    const parts = (this.ackTail + d.toString('latin1')).split('\n');
    this.ackTail = (parts.pop() ?? '').slice(0, 64);
    for (const p of parts) {
      if (p === '{"ja4ws":"stop"}') {
        // The daemon is stopping: send nothing more here; it acknowledges what it read, then closes.
        this.connected = false;
        this.socket?.end();
        continue;
      }
      const m = /^\{"ack":(\d+)\}$/.exec(p);
      if (!m) continue;
      const n = Number(m[1]);
      if (n > this.ackedOnConn) {
        this.inflight.splice(0, n - this.ackedOnConn);
        this.ackedOnConn = n;
      }
    }
    this.pump();
  }

  private pump(): void {
    const s = this.socket;
    while (this.connected && !this.blocked && s && this.queue.length > 0) {
      const before = this.queue.length;
      let batch: string;
      if (this.opts.ack) {
        const lines = this.queue.takeLines(BATCH_BYTES);
        this.inflight.push(...lines);
        batch = lines.join('');
      } else batch = this.queue.take(BATCH_BYTES);
      this.sent += before - this.queue.length;
      if (!s.write(batch)) this.blocked = true;
    }
    if (
      this.queue.length === 0 &&
      !this.blocked &&
      this.inflight.length === 0 &&
      this.waiters.length > 0
    ) {
      const w = this.waiters;
      this.waiters = [];
      for (const f of w) f();
    }
  }
}
