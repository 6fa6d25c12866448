// GTP-U v1 (3GPP TS 29.281 §5): the user plane of mobile networks, UDP port 2152. A G-PDU
// (message type 255) carries one IPv4 or IPv6 packet after the 8-byte header, the optional
// sequence/N-PDU/next-extension word and any chain of extension headers (each 4*n bytes, its
// last byte naming the next). Echo, error indication and end marker carry no user packet.
import type { DecodeResult } from './decoded-packet.js';
import { Inner, setNext, u16, type Next } from './next.js';

export const PORT_GTPU = 2152;
const G_PDU = 0xff;
const MAX_EXTENSIONS = 16;

export function gtpu(d: Uint8Array, off: number, end: number, nx: Next): DecodeResult {
  if (end - off < 8) return 'bad_gtpu';
  const flags = d[off] as number;
  if (flags >> 5 !== 1 || (flags & 0x10) === 0) return 'bad_gtpu'; // version 1, PT=1 (not GTP')
  const type = d[off + 1] as number;
  const msgEnd = Math.min(end, off + 8 + u16(d, off + 2));
  let p = off + 8;
  if (flags & 0x07) {
    if (msgEnd - p < 4) return 'bad_gtpu';
    let next = d[p + 3] as number;
    p += 4;
    for (let i = 0; next !== 0; i++) {
      if (i >= MAX_EXTENSIONS || msgEnd - p < 4) return 'bad_gtpu';
      const len = (d[p] as number) * 4;
      if (len === 0 || msgEnd - p < len) return 'bad_gtpu';
      next = d[p + len - 1] as number;
      p += len;
    }
  }
  if (type !== G_PDU) return 'gtp_control';
  if (p >= msgEnd) return 'bad_gtpu';
  return setNext(nx, Inner.RAW_IP, p, msgEnd);
}
