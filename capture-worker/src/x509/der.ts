// Minimal bounds-checked DER walker: just enough ASN.1 to reach the parts of an X.509
// certificate JA4X reads. Definite lengths only (DER forbids indefinite), single-byte tags only
// (X.509 uses none above 30). Throws ParseError('x509_parse') with {offset, field} and nothing else.
import { ParseError } from '../util/parse-error.js';

export interface Tlv {
  /** Identifier octet (class, constructed bit and tag number together). */
  readonly tag: number;
  /** Offset of the identifier octet. */
  readonly offset: number;
  /** [start, end) of the content octets. */
  readonly start: number;
  readonly end: number;
}

export const Tag = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  oid: 0x06,
  sequence: 0x30,
  set: 0x31,
  context0: 0xa0,
  context3: 0xa3,
} as const;

function fail(offset: number, field: string, message: string): never {
  throw new ParseError('x509_parse', message, { offset, field });
}

/** Reads the TLV at `pos`, which must end at or before `limit`. */
export function readTlv(buf: Uint8Array, pos: number, limit: number, field: string): Tlv {
  if (limit > buf.length) limit = buf.length;
  if (limit - pos < 2) fail(pos, field, 'truncated DER header');
  const tag = buf[pos] as number;
  if ((tag & 0x1f) === 0x1f) fail(pos, field, 'multi-byte DER tags are not supported');
  let p = pos + 1;
  let len = buf[p++] as number;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0) fail(pos + 1, field, 'indefinite length is not DER');
    if (n > 4) fail(pos + 1, field, `length of ${n} bytes is too large`);
    if (limit - p < n) fail(p, field, 'truncated DER length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (buf[p++] as number);
  }
  if (limit - p < len) fail(pos, field, `DER length ${len} runs past its container`);
  return { tag, offset: pos, start: p, end: p + len };
}

/** Like readTlv, and checks the tag. */
export function expectTlv(
  buf: Uint8Array,
  pos: number,
  limit: number,
  tag: number,
  field: string,
): Tlv {
  const t = readTlv(buf, pos, limit, field);
  if (t.tag !== tag)
    fail(pos, field, `expected tag 0x${tag.toString(16)}, found 0x${t.tag.toString(16)}`);
  return t;
}
