// Bounded reads over one byte window, with Wireshark's tvbuff rules where the SSH dissector model
// depends on them: a read past the end throws and aborts the rest of that dissector call. Lengths
// arrive as C `guint` values that the C code hands to `gint` parameters, so 0xffffffff becomes -1
// ("to the end") for tree items and copies, and anything above 2^31 is negative and throws.
// One instance is reused for every call (no allocation per read); the thrown value is a constant.

/** Thrown by every out-of-bounds read; the model catches it where Wireshark's TRY would. */
export const TVB_BOUNDS: Error = Object.freeze(new Error('read beyond the end of the SSH bytes'));

/** For plain 7-bit text only (where every single-byte decoder agrees). */
const ASCII = new TextDecoder('latin1');

export class Tvb {
  buf: Uint8Array = new Uint8Array(0);
  base = 0;
  len = 0;

  set(buf: Uint8Array, base: number, len: number): void {
    this.buf = buf;
    this.base = base;
    this.len = len;
  }

  /** tvb_reported_length_remaining: bytes from `off` to the end (<= 0 when none). */
  remaining(off: number): number {
    return this.len - off;
  }

  private check(off: number, n: number): void {
    if (off < 0 || n < 0 || off > this.len || n > this.len - off) throw TVB_BOUNDS;
  }

  u8(off: number): number {
    this.check(off, 1);
    return this.buf[this.base + off] as number;
  }

  /** tvb_get_ntohl: big-endian uint32. */
  u32(off: number): number {
    this.check(off, 4);
    const b = this.buf;
    const p = this.base + off;
    return (
      ((((b[p] as number) << 24) | ((b[p + 1] as number) << 16) | ((b[p + 2] as number) << 8)) +
        (b[p + 3] as number)) >>>
      0
    );
  }

  /** proto_tree_add_item of a bytes/string field: -1 means "the rest" (at least one byte). */
  item(off: number, length: number): void {
    const n = length | 0;
    if (n === -1) {
      if (off < 0 || off >= this.len) throw TVB_BOUNDS;
      return;
    }
    this.check(off, n);
  }

  /** tvb_memdup / tvb_memcpy: -1 means "the rest" (may be empty). */
  copy(off: number, length: number): void {
    const n = length | 0;
    if (n === -1) {
      if (off < 0 || off > this.len) throw TVB_BOUNDS;
      return;
    }
    this.check(off, n);
  }

  /** A strict copy (tvb_memcpy with a size_t length): any negative length throws. */
  bytes(off: number, length: number): void {
    this.check(off, length);
  }

  /** tvb_get_string_enc(ENC_ASCII) as C sees it: stops at NUL, non-ASCII bytes become U+FFFD. */
  asciiString(off: number, length: number): string {
    const n = length | 0;
    this.check(off, n);
    const b = this.buf;
    const start = this.base + off;
    let end = start + n;
    let plain = true;
    for (let i = start; i < end; i++) {
      const c = b[i] as number;
      if (c === 0) {
        end = i;
        break;
      }
      if (c >= 0x80) plain = false;
    }
    if (plain) return ASCII.decode(b.subarray(start, end));
    let s = '';
    for (let i = start; i < end; i++) {
      const c = b[i] as number;
      s += c < 0x80 ? String.fromCharCode(c) : '\ufffd';
    }
    return s;
  }

  /** tvb_strncaseeql(off, text) == 0; false when fewer bytes remain. `text` is upper-case ASCII. */
  startsWithNoCase(off: number, text: string): boolean {
    if (off < 0 || this.len - off < text.length) return false;
    const b = this.buf;
    const p = this.base + off;
    for (let i = 0; i < text.length; i++) {
      let c = b[p + i] as number;
      if (c >= 0x61 && c <= 0x7a) c -= 0x20;
      if (c !== text.charCodeAt(i)) return false;
    }
    return true;
  }

  /** tvb_find_guint8(off, -1, byte): absolute offset or -1. */
  find(off: number, byte: number): number {
    const b = this.buf;
    for (let i = Math.max(0, off); i < this.len; i++) if (b[this.base + i] === byte) return i;
    return -1;
  }
}
