// Reassembles one direction's CRYPTO stream from frames that arrive out of order, duplicated, and
// spread over several Initial packets. Grows on demand; data beyond `cap` bytes is ignored.
//
// What has arrived beyond the contiguous prefix is kept as a short list of byte ranges, not a
// byte map: Chromium scatters its ClientHello over a dozen or more small frames, and marking and
// rescanning a map byte by byte, in two buffers allocated and regrown together, was a visible
// share of a QUIC connection's cost (issue 22).
import type { CryptoFrame } from './frames.js';

// The buffer is made on the first frame: a QUIC flow makes a stream per direction up front, and
// one direction may never send an Initial we can read.
const NONE = new Uint8Array(0);

export class CryptoStream {
  private buf = NONE;
  /** Ranges received past the contiguous prefix: sorted, disjoint, not touching, as start/end pairs. */
  private islands: number[] = [];
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
    if (end <= this.contiguous || n === 0) return; // already held
    if (end > this.buf.length) {
      let size = Math.max(this.buf.length, 2048);
      while (size < end) size *= 2;
      const b = new Uint8Array(Math.min(size, this.cap));
      b.set(this.buf);
      this.buf = b;
    }
    this.buf.set(n === f.data.length ? f.data : f.data.subarray(0, n), f.offset);
    if (f.offset <= this.contiguous) {
      this.contiguous = end;
      const is = this.islands;
      let k = 0;
      while (k < is.length && (is[k] as number) <= this.contiguous) {
        this.contiguous = Math.max(this.contiguous, is[k + 1] as number);
        k += 2;
      }
      if (k > 0) is.splice(0, k);
    } else this.island(f.offset, end);
  }

  bytes(): Uint8Array {
    return this.buf.subarray(0, this.contiguous);
  }

  /** Adds [s, e) to the islands, merging every range it overlaps or touches. */
  private island(s: number, e: number): void {
    const is = this.islands;
    let i = 0;
    while (i < is.length && (is[i + 1] as number) < s) i += 2;
    let j = i;
    while (j < is.length && (is[j] as number) <= e) {
      s = Math.min(s, is[j] as number);
      e = Math.max(e, is[j + 1] as number);
      j += 2;
    }
    is.splice(i, j - i, s, e);
  }
}
