// PPP (RFC 1661) as carried by PPPoE sessions (RFC 2516), PPTP's enhanced GRE (RFC 2637), L2TPv2
// and the PPP link types: the protocol field decides whether an IP packet follows. HDLC-like
// address/control bytes (ff 03, RFC 1662) and a compressed 1-byte protocol field (PFC) are
// accepted wherever they appear, as Wireshark does.
import { Unsupported, type DecodeResult } from './decoded-packet.js';
import { Inner, setNext, u16, type Next } from './next.js';

const PPP_IPV4 = 0x0021;
const PPP_IPV6 = 0x0057;
/** Compressed datagram (CCP, RFC 1962): with MPPE the payload is encrypted. */
const PPP_COMP = 0x00fd;
const PPP_COMP_LINK = 0x00fb;

export function pppPayload(d: Uint8Array, off: number, end: number, nx: Next): DecodeResult {
  let p = off;
  if (end - p >= 2 && d[p] === 0xff && d[p + 1] === 0x03) p += 2;
  if (end <= p) return 'bad_ppp';
  let proto: number;
  if (((d[p] as number) & 1) === 1) {
    proto = d[p] as number; // PFC: the high byte (always even) was left out
    p += 1;
  } else {
    if (end - p < 2) return 'bad_ppp';
    proto = u16(d, p);
    p += 2;
  }
  if (proto === PPP_IPV4) return setNext(nx, Inner.IPV4, p, end);
  if (proto === PPP_IPV6) return setNext(nx, Inner.IPV6, p, end);
  if (proto === PPP_COMP || proto === PPP_COMP_LINK) return 'ppp_encrypted';
  // 0x8xxx network control (IPCP, IPV6CP, CCP), 0xcxxx link control (LCP, PAP, CHAP, EAP).
  if (proto >= 0x8000) return 'ppp_control';
  nx.kind = Unsupported.PPP_PROTO;
  nx.type = proto;
  return 'unsupported_ppp_proto';
}

/** A PPPoE session frame (EtherType 0x8864): 6-byte header, then PPP without address/control. */
export function pppoeSession(d: Uint8Array, off: number, end: number, nx: Next): DecodeResult {
  if (end - off < 8) return 'bad_pppoe';
  if (d[off] !== 0x11 || d[off + 1] !== 0x00) return 'bad_pppoe'; // version 1, type 1, code 0
  const len = u16(d, off + 4);
  const e = Math.min(end, off + 6 + len);
  return pppPayload(d, off + 6, e, nx);
}
