// L2TPv2 (RFC 2661 §3.1) data messages on UDP 1701: a variable header (length, Ns/Nr, offset
// present per flag), then a PPP frame. Control messages (T bit) are counted and skipped;
// anything that is not version 2 with zero reserved bits is left as plain UDP (undefined).
import type { DecodeResult } from './decoded-packet.js';
import { u16, type Next } from './next.js';
import { pppPayload } from './ppp.js';

export const PORT_L2TP = 1701;
const T = 0x8000;
const L = 0x4000;
const S = 0x0800;
const O = 0x0200;
const RESERVED = 0x34f0;

export function l2tp(d: Uint8Array, off: number, end: number, nx: Next): DecodeResult | undefined {
  if (end - off < 6) return undefined;
  const flags = u16(d, off);
  if ((flags & 0x0f) !== 2 || (flags & RESERVED) !== 0) return undefined;
  if (flags & T) return 'l2tp_control';
  let p = off + 2;
  let e = end;
  if (flags & L) {
    e = Math.min(end, off + u16(d, p));
    p += 2;
  }
  p += 4; // tunnel id, session id
  if (flags & S) p += 4;
  if (flags & O) {
    if (e - p < 2) return 'bad_l2tp';
    p += 2 + u16(d, p);
  }
  if (p >= e) return 'bad_l2tp';
  return pppPayload(d, p, e, nx);
}
