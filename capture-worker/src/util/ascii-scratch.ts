// A reusable ASCII byte buffer for building fingerprint strings and hashing them without
// creating intermediate JS strings (the hot path runs several times per ClientHello). Not
// re-entrant: each module keeps its own instance and finishes with it before returning.
//
// Hot loops write straight into `buf` with the write* helpers below (a local cursor, one
// capacity check per list via reserve()) instead of a method call per byte.
import { hash } from 'node:crypto';
import { isGrease } from './grease.js';

const HEX = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

// Decimal ASCII of every 16-bit value, 5 bytes per entry, with its length: JA3 writes ~50
// numbers per hello, all below 65536.
const DEC = new Uint8Array(65536 * 5);
const DEC_LEN = new Uint8Array(65536);
// Digits by arithmetic, not String(v) per value: this runs at every start of `ja4ws fingerprint`,
// and 65,536 number-to-string conversions cost ~4 ms of the module's ~30 ms import (issue 22).
for (let v = 0; v < 65536; v++) {
  const n = v < 10 ? 1 : v < 100 ? 2 : v < 1000 ? 3 : v < 10000 ? 4 : 5;
  DEC_LEN[v] = n;
  let x = v;
  for (let i = v * 5 + n - 1; i >= v * 5; i--) {
    DEC[i] = 48 + (x % 10);
    x = (x / 10) | 0;
  }
}

// The four lowercase hex digits of every 16-bit value as one little-endian u32 ('c02b' ->
// bytes 63 30 32 62), stored with one DataView write instead of four byte stores.
const HEX4 = new Uint32Array(65536);
for (let v = 0; v < 65536; v++)
  HEX4[v] =
    ((HEX[(v >>> 12) & 15] as number) |
      ((HEX[(v >>> 8) & 15] as number) << 8) |
      ((HEX[(v >>> 4) & 15] as number) << 16) |
      ((HEX[v & 15] as number) << 24)) >>>
    0;

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

// The same digits as DEC, the first four as one little-endian u32 and the fifth apart: a number
// is two stores whatever its length (the digit count varies item to item, and a branch on it
// mispredicts).
const DEC4 = new Uint32Array(65536);
const DEC5 = new Uint8Array(65536);
for (let v = 0; v < 65536; v++) {
  const o = v * 5;
  DEC4[v] =
    ((DEC[o] as number) |
      ((DEC[o + 1] as number) << 8) |
      ((DEC[o + 2] as number) << 16) |
      ((DEC[o + 3] as number) << 24)) >>>
    0;
  DEC5[v] = DEC[o + 4] as number;
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
  const o = v * 5;
  b[l] = DEC[o] as number;
  if (n > 1) {
    b[l + 1] = DEC[o + 1] as number;
    if (n > 2) {
      b[l + 2] = DEC[o + 2] as number;
      if (n > 3) {
        b[l + 3] = DEC[o + 3] as number;
        if (n > 4) b[l + 4] = DEC[o + 4] as number;
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
