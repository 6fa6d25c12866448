// A growable little-endian byte sink for the Native encoder. Strings are written as ClickHouse
// does: varint byte length, then UTF-8.

function varintWidth(v: number): number {
  let w = 1;
  while (v >= 0x80) {
    v = Math.floor(v / 128);
    w++;
  }
  return w;
}

// Buffer.prototype.utf8Write is what buf.write(s, at, 'utf8') calls after normalising its
// arguments; it is not in Node's typings.
type Utf8Writable = Buffer & { utf8Write(s: string, offset: number): number };

export class Out {
  buf: Buffer;
  pos = 0;

  constructor(size = 1 << 20) {
    this.buf = Buffer.allocUnsafe(size);
  }

  need(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  varint(v: number): void {
    this.need(10);
    const b = this.buf;
    let p = this.pos;
    while (v >= 0x80) {
      b[p++] = (v & 0x7f) | 0x80;
      v = Math.floor(v / 128);
    }
    b[p++] = v;
    this.pos = p;
  }

  str(s: string): void {
    const n = s.length;
    this.need(n * 3 + 10);
    const b = this.buf;
    if (n <= 24) {
      // Short strings: a JS copy beats the native call's fixed cost.
      let p = this.pos + 1;
      for (let i = 0; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) return this.utf8(s);
        b[p++] = c;
      }
      b[this.pos] = n;
      this.pos = p;
      return;
    }
    this.utf8(s);
  }

  /**
   * The UTF-8 bytes behind their varint length. The length's width is guessed from the UTF-16
   * length (a lower bound of the byte length) and the bytes written once; only text whose byte
   * length needs a wider varint is moved (non-ASCII near 128 / 16,384 bytes).
   */
  private utf8(s: string): void {
    const b = this.buf;
    const w = varintWidth(s.length);
    const bytes = (b as Utf8Writable).utf8Write(s, this.pos + w);
    const need = varintWidth(bytes);
    if (need !== w) b.copyWithin(this.pos + need, this.pos + w, this.pos + w + bytes);
    this.varint(bytes);
    this.pos += bytes;
  }

  u8(v: number): void {
    this.need(1);
    this.buf[this.pos++] = v;
  }

  u16(v: number): void {
    this.need(2);
    const b = this.buf;
    b[this.pos] = v & 0xff;
    b[this.pos + 1] = (v >>> 8) & 0xff;
    this.pos += 2;
  }

  u32(v: number): void {
    this.need(4);
    const b = this.buf;
    const p = this.pos;
    b[p] = v & 0xff;
    b[p + 1] = (v >>> 8) & 0xff;
    b[p + 2] = (v >>> 16) & 0xff;
    b[p + 3] = (v >>> 24) & 0xff;
    this.pos = p + 4;
  }

  /** 64-bit two's complement from a safe integer or a bigint. */
  i64(v: number | bigint): void {
    this.need(8);
    if (typeof v === 'bigint') {
      this.buf.writeBigUInt64LE(BigInt.asUintN(64, v), this.pos);
      this.pos += 8;
      return;
    }
    const b = this.buf;
    const p = this.pos;
    if (v >= 0 && v <= 0xffffffff) {
      // Offsets, counts, small numbers: the high word is zero.
      b[p] = v & 0xff;
      b[p + 1] = (v >>> 8) & 0xff;
      b[p + 2] = (v >>> 16) & 0xff;
      b[p + 3] = v >>> 24;
      b[p + 4] = b[p + 5] = b[p + 6] = b[p + 7] = 0;
      this.pos = p + 8;
      return;
    }
    // ToUint32 is v mod 2^32 for any safe integer; the high word floors (two's complement).
    const lo = v >>> 0;
    const hi = Math.floor(v / 0x100000000) | 0;
    b[p] = lo & 0xff;
    b[p + 1] = (lo >>> 8) & 0xff;
    b[p + 2] = (lo >>> 16) & 0xff;
    b[p + 3] = lo >>> 24;
    b[p + 4] = hi & 0xff;
    b[p + 5] = (hi >>> 8) & 0xff;
    b[p + 6] = (hi >>> 16) & 0xff;
    b[p + 7] = (hi >>> 24) & 0xff;
    this.pos = p + 8;
  }

  f32(v: number): void {
    this.need(4);
    this.buf.writeFloatLE(v, this.pos);
    this.pos += 4;
  }

  f64(v: number): void {
    this.need(8);
    this.buf.writeDoubleLE(v, this.pos);
    this.pos += 8;
  }

  /** Start over, keeping the buffer (one encoder reused batch after batch). */
  reset(): void {
    this.pos = 0;
  }

  bytes(): Buffer {
    return this.buf.subarray(0, this.pos);
  }
}
