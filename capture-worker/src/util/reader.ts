// Bounds-checked big-endian cursor over a byte view. Every read checks the remaining length
// first and throws the caller's typed ParseError naming the field, so parsers built on it can
// never read past their input or loop without consuming bytes.
import { ParseError, type ParseErrorCode } from './parse-error.js';

export class ByteReader {
  pos: number;

  constructor(
    readonly buf: Uint8Array,
    readonly code: ParseErrorCode,
    start = 0,
    /** Exclusive end; reads never go past it. */
    public end = buf.length,
  ) {
    this.pos = start;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  fail(field: string, message: string, extra: Record<string, unknown> = {}): never {
    throw new ParseError(this.code, message, { offset: this.pos, field, ...extra });
  }

  need(n: number, field: string): void {
    if (this.end - this.pos < n)
      this.fail(field, `truncated: need ${n} bytes, have ${this.end - this.pos}`);
  }

  u8(field: string): number {
    this.need(1, field);
    return this.buf[this.pos++] as number;
  }

  u16(field: string): number {
    this.need(2, field);
    const b = this.buf;
    const p = this.pos;
    this.pos = p + 2;
    return ((b[p] as number) << 8) | (b[p + 1] as number);
  }

  u24(field: string): number {
    this.need(3, field);
    const b = this.buf;
    const p = this.pos;
    this.pos = p + 3;
    return ((b[p] as number) << 16) | ((b[p + 1] as number) << 8) | (b[p + 2] as number);
  }

  u32(field: string): number {
    this.need(4, field);
    const b = this.buf;
    const p = this.pos;
    this.pos = p + 4;
    return (
      (((b[p] as number) << 24) >>> 0) +
      (((b[p + 1] as number) << 16) | ((b[p + 2] as number) << 8) | (b[p + 3] as number))
    );
  }

  /** A view (no copy) of the next n bytes. */
  bytes(n: number, field: string): Uint8Array {
    this.need(n, field);
    const v = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }

  skip(n: number, field: string): void {
    this.need(n, field);
    this.pos += n;
  }

  /** Reads an n-byte length prefix and returns the [start, end) of the vector it announces. */
  vector(lenBytes: 1 | 2 | 3, field: string): [number, number] {
    const len =
      lenBytes === 1 ? this.u8(field) : lenBytes === 2 ? this.u16(field) : this.u24(field);
    this.need(len, field);
    const start = this.pos;
    this.pos += len;
    return [start, start + len];
  }
}
