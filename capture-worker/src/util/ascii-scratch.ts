// A reusable ASCII byte buffer for building fingerprint strings and hashing them without
// creating intermediate JS strings (the hot path runs several times per ClientHello). Not
// re-entrant: each module keeps its own instance and finishes with it before returning.
//
// Hot loops write straight into `buf` with the write* helpers below (a local cursor, one
// capacity check per list via reserve()) instead of a method call per byte.
import { hash } from 'node:crypto';
import { isGrease } from './grease.js';

const HEX = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

// Decimal ASCII of every 16-bit value (JA3 writes ~50 numbers per hello, all below 65536): the
// first four digits as one little-endian u32 ('1234' -> bytes 31 32 33 34) and the fifth apart,
// so a number is two stores whatever its length (the digit count varies item to item, and a
// branch on it mispredicts), with its length.
//
// These tables are built at every start of `ja4ws fingerprint`, in V8's interpreter (the loops
// run once). A digit loop per value took 9-15 ms CPU of a ~150 ms start (issue 22); here each
// value takes its digits from its tenth's entry, the five-digit half is filled ten entries per
// call and its last digit repeats with period 10: 3.5-7 ms for these and HEX4 together.
const DEC_LEN = new Uint8Array(65536)
  .fill(1, 0, 10)
  .fill(2, 10, 100)
  .fill(3, 100, 1000)
  .fill(4, 1000, 10000)
  .fill(5, 10000);
const DEC4 = new Uint32Array(65536);
const DEC5 = new Uint8Array(65536);
for (let v = 0; v < 10; v++) DEC4[v] = 48 + v;
for (let v = 10; v < 10000; v++) {
  const q = (v / 10) | 0;
  DEC4[v] = ((DEC4[q] as number) | ((48 + v - q * 10) << (8 * (DEC_LEN[q] as number)))) >>> 0;
}
// 10000..65535: the first four digits are those of v / 10 (1000..6553), the fifth is v % 10.
for (let q = 1000; q < 6554; q++) DEC4.fill(DEC4[q] as number, q * 10, q * 10 + 10);
for (let i = 0; i < 10; i++) DEC5[10000 + i] = 48 + i;
for (let n = 10; 10000 + n < 65536; n *= 2) DEC5.copyWithin(10000 + n, 10000, 10000 + n);

// The four lowercase hex digits of every 16-bit value as one little-endian u32 ('c02b' ->
// bytes 63 30 32 62), stored with one DataView write instead of four byte stores; built from
// the two-digit pairs of each byte.
const HEX2 = new Uint32Array(256);
for (let v = 0; v < 256; v++) HEX2[v] = (HEX[v >>> 4] as number) | ((HEX[v & 15] as number) << 8);
const HEX4 = new Uint32Array(65536);
for (let v = 0; v < 65536; v++)
  HEX4[v] = ((HEX2[v >>> 8] as number) | ((HEX2[v & 255] as number) << 16)) >>> 0;

/**
 * Writes a[from, to) as comma-separated 4-digit hex at `l` of the buffer behind `dv`; returns the
 * new end. Stores 5 bytes per item (the buffer needs 5 * (to - from) bytes of room at `l`).
 */
export function writeHex16List(
  dv: DataView,
  l: number,
  a: Uint16Array,
  from: number,
  to: number,
): number {
  if (to <= from) return l;
  for (let i = from; i < to; i++, l += 5) {
    dv.setUint32(l, HEX4[a[i] as number] as number, true);
    dv.setUint8(l + 4, 0x2c);
  }
  return l - 1;
}

/**
 * Writes each value of `list` as `<sep>xxxx` at `l` of the buffer behind `dv`, the first
 * separator being `firstSep` and the others ',' (JA4's `_sigalgs` tail), skipping GREASE values
 * if asked; returns the new end. Stores 5 bytes per item.
 */
export function writeHex16Items(
  dv: DataView,
  l: number,
  list: readonly number[],
  dropGrease: boolean,
  firstSep: number,
): number {
  let sep = firstSep;
  for (let i = 0; i < list.length; i++) {
    const v = list[i] as number;
    if (dropGrease && isGrease(v)) continue;
    dv.setUint8(l, sep);
    dv.setUint32(l + 1, HEX4[v] as number, true);
    l += 5;
    sep = 0x2c;
  }
  return l;
}

/** Writes four lowercase hex digits of a 16-bit value at `l`; returns the new end. */
export function writeHex16(b: Uint8Array, l: number, v: number): number {
  b[l] = HEX[(v >>> 12) & 15] as number;
  b[l + 1] = HEX[(v >>> 8) & 15] as number;
  b[l + 2] = HEX[(v >>> 4) & 15] as number;
  b[l + 3] = HEX[v & 15] as number;
  return l + 4;
}

/**
 * Writes the 16-bit values of `list` in decimal, '-'-separated, at `l` of the buffer behind `dv`
 * (JA3's lists), skipping GREASE values if asked; returns the new end. Stores up to 6 bytes per
 * item (the buffer needs 6 * list.length bytes of room at `l`).
 */
export function writeDec16List(
  dv: DataView,
  l: number,
  list: readonly number[],
  dropGrease: boolean,
): number {
  const l0 = l;
  for (let i = 0; i < list.length; i++) {
    const v = list[i] as number;
    if (dropGrease && isGrease(v)) continue;
    dv.setUint32(l, DEC4[v] as number, true);
    dv.setUint8(l + 4, DEC5[v] as number);
    l += DEC_LEN[v] as number;
    dv.setUint8(l++, 0x2d);
  }
  return l > l0 ? l - 1 : l;
}

/** Writes the decimal digits of a 16-bit value (0..65535) at `l`; returns the new end. */
export function writeDec16(b: Uint8Array, l: number, v: number): number {
  const n = DEC_LEN[v] as number;
  const w = DEC4[v] as number;
  b[l] = w & 0xff;
  if (n > 1) {
    b[l + 1] = (w >>> 8) & 0xff;
    if (n > 2) {
      b[l + 2] = (w >>> 16) & 0xff;
      if (n > 3) {
        b[l + 3] = w >>> 24;
        if (n > 4) b[l + 4] = DEC5[v] as number;
      }
    }
  }
  return l + n;
}

// Buffer's latin1 decoder without toString()'s argument handling (not in @types/node).
const latin1Slice = (
  Buffer.prototype as unknown as {
    latin1Slice(this: Uint8Array, start: number, end: number): string;
  }
).latin1Slice;

export class AsciiScratch {
  // A plain Uint8Array: its subarray() is cheaper than Buffer's, and crypto.hash takes it.
  buf: Uint8Array;
  /** DataView over buf (for writeHex16List). */
  dv: DataView;
  // prefixes[n] is buf.subarray(0, n), made once per length: crypto.hash takes a whole view,
  // and reusing one skips a typed-array allocation per digest (~0.1 us of a ~0.4 us digest).
  private prefixes: (Uint8Array | undefined)[];
  len = 0;

  constructor(size = 4096) {
    this.buf = new Uint8Array(size);
    this.dv = new DataView(this.buf.buffer);
    this.prefixes = new Array<Uint8Array | undefined>(size + 1).fill(undefined);
  }

  reset(): this {
    this.len = 0;
    return this;
  }

  /** Makes room for `n` more bytes after `len` and returns the buffer to write them into. */
  reserve(n: number): Uint8Array {
    if (this.len + n > this.buf.length) this.grow(this.len + n);
    return this.buf;
  }

  private grow(need: number): void {
    const size = Math.max(this.buf.length * 2, need);
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
    this.dv = new DataView(next.buffer);
    this.prefixes = new Array<Uint8Array | undefined>(size + 1).fill(undefined);
  }

  private ensure(n: number): void {
    if (this.len + n > this.buf.length) this.grow(this.len + n);
  }

  byte(c: number): void {
    this.ensure(1);
    this.buf[this.len++] = c;
  }

  /** Four lowercase hex digits. */
  hex16(v: number): void {
    this.ensure(4);
    this.len = writeHex16(this.buf, this.len, v);
  }

  /** Decimal digits of a non-negative integer below 2^32. */
  dec(v: number): void {
    this.ensure(10);
    if (v < 65536 && v >= 0) {
      this.len = writeDec16(this.buf, this.len, v);
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

  /** The bytes [from, len) as a view; [0, len) is a cached one. */
  private range(from: number): Uint8Array {
    if (from !== 0) return this.buf.subarray(from, this.len);
    let v = this.prefixes[this.len];
    if (v === undefined) {
      v = this.buf.subarray(0, this.len);
      this.prefixes[this.len] = v;
    }
    return v;
  }

  /** Hex digest of the bytes written since `from`. */
  digest(alg: 'sha256' | 'md5', from = 0): string {
    return hash(alg, this.range(from), 'hex');
  }

  /** hash12 of the bytes since `from` (twelve zeros when empty). */
  hash12(from = 0): string {
    return this.len === from
      ? '000000000000'
      : hash('sha256', this.range(from), 'hex').slice(0, 12);
  }

  toString(from = 0): string {
    return latin1Slice.call(this.buf, from, this.len);
  }
}
