// A growable little-endian byte sink for the Native encoder. Strings take an ASCII fast path
// (fingerprints, SNI, ALPN are ASCII): one pass copies the chars and proves the byte length;
// anything else is encoded as UTF-8 by Buffer.write.
// Printable ASCII, tab, CR, LF: copied as bytes; anything else goes through the UTF-8 path.
const NON_ASCII = /[^\t\n\r\x20-\x7e]/;

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
    if (n > 32) {
      // Long strings: one native scan and one native copy beat a JS loop.
      if (NON_ASCII.test(s)) return this.utf8(s);
      this.varint(n);
      this.pos += b.write(s, this.pos, n, 'latin1');
      return;
    }
    let p = this.pos + 1;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) return this.utf8(s);
      b[p++] = c;
    }
    b[this.pos] = n;
    this.pos = p;
  }

  private utf8(s: string): void {
    const n = Buffer.byteLength(s, 'utf8');
    this.varint(n);
    this.need(n);
    this.pos += this.buf.write(s, this.pos, 'utf8');
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
    // ToUint32 is v mod 2^32 for any safe integer; the high word floors (two's complement).
    const lo = v >>> 0;
    const hi = Math.floor(v / 0x100000000) | 0;
    const b = this.buf;
    const p = this.pos;
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
