// One direction of a TCP connection, reassembled into contiguous bytes: in-order segments append,
// retransmissions and overlaps are trimmed, out-of-order segments wait (copied, bounded) until the
// gap fills. Only a bounded prefix is kept (`cap`); consumers `consume()` what they have parsed
// and `close()` the direction once they need nothing more, which frees the buffer.
//
// No copy for what is parsed at once: an in-order segment arriving while nothing is held is only
// borrowed (its bytes stay in the packet), and `settle()`, which the engine calls once the packet
// is handled, copies whatever of it was not consumed. Most ClientHellos and many server flights
// are parsed from the packet itself and never copied (issue 22: the copies and their buffers were
// a visible share of a handshake-heavy file's time and garbage).

export interface TcpStreamLimits {
  /** Most bytes held (contiguous + waiting out-of-order). */
  cap: number;
  /** Most out-of-order segments held. */
  maxPending: number;
}

export const DEFAULT_TCP_STREAM_LIMITS: TcpStreamLimits = { cap: 256 * 1024, maxPending: 64 };

interface Pending {
  seq: number;
  data: Uint8Array;
}

export class TcpStream {
  /** Sequence number of buf[0]; undefined until the SYN or the first data segment is seen. */
  private base: number | undefined;
  /** The held bytes are buf[start, start + len): a borrowed packet view, or `own`. */
  private buf: Uint8Array = EMPTY;
  private start = 0;
  private len = 0;
  private borrowed = false;
  /** The stream's own storage, grown by doubling up to `cap`. */
  private own: Uint8Array = EMPTY;
  private pending: Pending[] = [];
  private pendingBytes = 0;
  private readonly limits: TcpStreamLimits;
  /** No more bytes wanted (consumer is done, or the cap was hit). */
  closed = false;
  /** Whether the stream start may still move back (no SYN, nothing consumed yet). */
  get startMayMove(): boolean {
    return !this.synSeen && this.consumedTotal === 0;
  }

  /** Bytes dropped because of caps (counted for stats, so a lost hello is visible). */
  dropped = 0;
  /** Total payload bytes offered (including duplicates). */
  seen = 0;

  constructor(limits: TcpStreamLimits = DEFAULT_TCP_STREAM_LIMITS) {
    this.limits = limits;
  }

  /** True once the SYN fixed where the data starts. */
  synSeen = false;
  /** Bytes consumed so far (once > 0 the start can no longer move back). */
  private consumedTotal = 0;

  /** The SYN's sequence number: data starts at isn + 1. */
  syn(isn: number): void {
    if (
      this.base === undefined ||
      (!this.synSeen && this.consumedTotal === 0 && this.len === 0 && this.pending.length === 0)
    ) {
      this.base = (isn + 1) >>> 0;
    }
    this.synSeen = true;
  }

  /** Offer a segment. Returns true when new contiguous bytes became available. */
  segment(seq: number, data: Uint8Array): boolean {
    if (this.closed || data.length === 0) return false;
    this.seen += data.length;
    if (this.base === undefined) this.base = seq >>> 0;
    let rel = (seq - (this.base as number)) | 0; // signed distance, wraps correctly
    if (rel < 0 && !this.synSeen && this.consumedTotal === 0 && rel > -this.limits.cap) {
      // No SYN seen: the first segment we got was not the first of the stream (reordering).
      // Move the start back; what we had waits as an out-of-order segment.
      if (this.len > 0) {
        this.pending.push({ seq: this.base as number, data: this.bytes().slice() });
        this.pendingBytes += this.len;
        this.drop();
      }
      this.base = seq >>> 0;
      rel = 0;
    }
    const before = this.len;
    this.place(rel, data);
    if (this.len > before && this.pending.length > 0) this.drain();
    return this.len > before;
  }

  /**
   * Contiguous bytes not yet consumed. The view is valid until the next segment, consume or
   * settle call (it may be the packet's own bytes).
   */
  bytes(): Uint8Array {
    return this.buf.subarray(this.start, this.start + this.len);
  }

  /** Drop the first n contiguous bytes (already parsed). */
  consume(n: number): void {
    if (n <= 0) return;
    const k = Math.min(n, this.len);
    this.start += k;
    this.len -= k;
    this.consumedTotal += k;
    this.base = ((this.base as number) + k) >>> 0;
    if (this.len === 0) this.drop();
  }

  /**
   * The packet whose bytes may be borrowed is done with: copy what was not consumed. Must be
   * called before the packet's buffer can be reused.
   */
  settle(): void {
    if (this.borrowed && this.len > 0) this.materialize(0);
  }

  close(): void {
    this.closed = true;
    this.buf = EMPTY;
    this.own = EMPTY;
    this.borrowed = false;
    this.start = 0;
    this.len = 0;
    this.pending = [];
    this.pendingBytes = 0;
  }

  /** Holds nothing (keeps the storage for the next bytes). */
  private drop(): void {
    this.len = 0;
    this.start = 0;
    this.buf = this.own;
    this.borrowed = false;
  }

  /** Moves the held bytes to the start of `own`, with room for `extra` more. */
  private materialize(extra: number): void {
    const need = this.len + extra;
    const held = this.bytes();
    if (need > this.own.length) {
      let size = Math.max(1024, this.own.length * 2);
      while (size < need) size *= 2;
      const nb = new Uint8Array(Math.min(size, Math.max(this.limits.cap, need)));
      nb.set(held);
      this.own = nb;
    } else if (this.borrowed || this.start > 0) {
      this.own.set(held); // copyWithin when held is in `own` already (set handles the overlap)
    }
    this.buf = this.own;
    this.start = 0;
    this.borrowed = false;
  }

  private place(rel: number, data: Uint8Array): void {
    const end = rel + data.length;
    if (end <= this.len) return; // full retransmission
    if (rel <= this.len) {
      this.append(data.subarray(this.len - rel));
      return;
    }
    // Gap: keep a copy until the missing bytes arrive.
    if (
      this.pending.length >= this.limits.maxPending ||
      this.len + this.pendingBytes + data.length > this.limits.cap
    ) {
      this.dropped += data.length;
      return;
    }
    this.pending.push({ seq: ((this.base as number) + rel) >>> 0, data: data.slice() });
    this.pendingBytes += data.length;
  }

  private drain(): void {
    let progress = true;
    while (progress && this.pending.length > 0) {
      progress = false;
      for (let i = 0; i < this.pending.length; i++) {
        const p = this.pending[i] as Pending;
        const rel = (p.seq - (this.base as number)) | 0;
        if (rel <= this.len) {
          this.pending.splice(i, 1);
          this.pendingBytes -= p.data.length;
          if (rel + p.data.length > this.len) this.append(p.data.subarray(this.len - rel));
          progress = true;
          break;
        }
      }
    }
  }

  private append(d: Uint8Array): void {
    let n = d.length;
    if (this.len + n > this.limits.cap) {
      this.dropped += this.len + n - this.limits.cap;
      n = this.limits.cap - this.len;
      if (n <= 0) return;
    }
    const add = n === d.length ? d : d.subarray(0, n);
    if (this.len === 0) {
      this.buf = add;
      this.start = 0;
      this.len = n;
      this.borrowed = true;
      return;
    }
    if (this.borrowed || this.start + this.len + n > this.buf.length) this.materialize(n);
    this.buf.set(add, this.start + this.len);
    this.len += n;
  }
}

const EMPTY = new Uint8Array(0);
