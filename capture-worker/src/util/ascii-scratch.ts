// A reusable ASCII byte buffer for building fingerprint strings and hashing them without
// creating intermediate JS strings (the hot path runs several times per ClientHello). Not
// re-entrant: each module keeps its own instance and finishes with it before returning.
import { hash } from 'node:crypto';

const HEX = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

// Decimal ASCII of every 16-bit value, 5 bytes per entry, with its length: JA3 writes ~50
// numbers per hello, all below 65536.
const DEC = new Uint8Array(65536 * 5);
const DEC_LEN = new Uint8Array(65536);
for (let v = 0; v < 65536; v++) {
  const s = String(v);
  DEC_LEN[v] = s.length;
  for (let i = 0; i < s.length; i++) DEC[v * 5 + i] = s.charCodeAt(i);
}

export class AsciiScratch {
  // A plain Uint8Array: its subarray() is cheaper than Buffer's, and crypto.hash takes it.
  buf: Uint8Array;
  private view: Buffer;
  len = 0;

  constructor(size = 4096) {
    this.buf = new Uint8Array(size);
    this.view = Buffer.from(this.buf.buffer, 0, size);
  }

  reset(): this {
    this.len = 0;
    return this;
  }

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
    this.view = Buffer.from(next.buffer, 0, next.length);
  }

  byte(c: number): void {
    this.ensure(1);
    this.buf[this.len++] = c;
  }

  /** Four lowercase hex digits. */
  hex16(v: number): void {
    this.ensure(4);
    const b = this.buf;
    const l = this.len;
    b[l] = HEX[(v >>> 12) & 15] as number;
    b[l + 1] = HEX[(v >>> 8) & 15] as number;
    b[l + 2] = HEX[(v >>> 4) & 15] as number;
    b[l + 3] = HEX[v & 15] as number;
    this.len = l + 4;
  }

  /** Decimal digits of a non-negative integer below 2^32. */
  dec(v: number): void {
    this.ensure(10);
    if (v < 65536 && v >= 0) {
      const n = DEC_LEN[v] as number;
      const b = this.buf;
      let l = this.len;
      for (let i = 0, o = v * 5; i < n; i++) b[l++] = DEC[o + i] as number;
      this.len = l;
      return;
    }
    if (v < 10) {
      this.buf[this.len++] = 48 + v;
      return;
    }
    const start = this.len;
    while (v > 0) {
      this.buf[this.len++] = 48 + (v % 10);
      v = Math.floor(v / 10);
    }
    // Digits were written least significant first: reverse them in place.
    for (let i = start, j = this.len - 1; i < j; i++, j--) {
      const t = this.buf[i] as number;
      this.buf[i] = this.buf[j] as number;
      this.buf[j] = t;
    }
  }

  /** Hex digest of the bytes written since `from`. */
  digest(alg: 'sha256' | 'md5', from = 0): string {
    return hash(alg, this.buf.subarray(from, this.len), 'hex');
  }

  /** hash12 of the bytes since `from` (twelve zeros when empty). */
  hash12(from = 0): string {
    return this.len === from
      ? '000000000000'
      : hash('sha256', this.buf.subarray(from, this.len), 'hex').slice(0, 12);
  }

  toString(from = 0): string {
    return this.view.toString('latin1', from, this.len);
  }
}
