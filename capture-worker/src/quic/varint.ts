// QUIC variable-length integers (RFC 9000 §16). Values above 2^53 cannot be offsets we keep, so
// they are returned as Infinity and rejected by the callers' bounds checks.
import { QuicError } from './errors.js';

export interface Cursor {
  pos: number;
}

export function readVarint(b: Uint8Array, c: Cursor, end: number, field: string): number {
  if (c.pos >= end) throw new QuicError('quic_frame', `truncated varint (${field})`, c.pos);
  const first = b[c.pos] as number;
  const len = 1 << (first >> 6);
  if (c.pos + len > end) throw new QuicError('quic_frame', `truncated varint (${field})`, c.pos);
  let v = first & 0x3f;
  for (let i = 1; i < len; i++) v = v * 256 + (b[c.pos + i] as number);
  c.pos += len;
  return v > Number.MAX_SAFE_INTEGER ? Infinity : v;
}
