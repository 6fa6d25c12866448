// Reassembles one direction's CRYPTO stream from frames that arrive out of order, duplicated, and
// spread over several Initial packets. Grows on demand; data beyond `cap` bytes is ignored.
import type { CryptoFrame } from './frames.js';

// Both buffers are made on the first frame: a QUIC flow makes a stream per direction up front, and
// one direction may never send an Initial we can read (4 KB of zeroed memory per stream for nothing).
const NONE = new Uint8Array(0);

export class CryptoStream {
  private buf = NONE;
  private have = NONE;
  private readonly cap: number;
  /** Length of the contiguous prefix. */
  contiguous = 0;

  constructor(cap = 64 * 1024) {
    this.cap = cap;
  }

  add(f: CryptoFrame): void {
    if (f.offset >= this.cap) return;
    const n = Math.min(f.data.length, this.cap - f.offset);
    const end = f.offset + n;
    if (end > this.buf.length) {
      let size = Math.max(this.buf.length, 2048);
      while (size < end) size *= 2;
      size = Math.min(size, this.cap);
      const b = new Uint8Array(size);
      b.set(this.buf);
      const h = new Uint8Array(size);
      h.set(this.have);
      this.buf = b;
      this.have = h;
    }
    this.buf.set(f.data.subarray(0, n), f.offset);
    this.have.fill(1, f.offset, end);
    while (this.contiguous < this.buf.length && this.have[this.contiguous] === 1) this.contiguous++;
  }

  bytes(): Uint8Array {
    return this.buf.subarray(0, this.contiguous);
  }
}
