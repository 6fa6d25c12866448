// What follows the bottom of an MPLS label stack (RFC 3032). MPLS does not say: like Wireshark
// (packet-mpls.c, "first nibble" logic of RFC 4385 / RFC 4928) an IPv4 or IPv6 version nibble is
// an IP packet, nibble 1 a pseudowire Associated Channel (OAM, no user traffic), and otherwise an
// Ethernet pseudowire (RFC 4448) is tried: without a control word when the frame's EtherType is
// one we follow, else after a 4-byte control word (first nibble 0).
import { Unsupported, type DecodeResult } from './decoded-packet.js';
import { Inner, setNext, u16, type Next } from './next.js';

/** An EtherType worth following inside a pseudowire: IPv4, IPv6, 802.1Q/ad tags, MPLS, PPPoE. */
export function plausibleEthernet(d: Uint8Array, off: number, end: number): boolean {
  if (end - off < 14 + 20) return false;
  const t = u16(d, off + 12);
  const v = (d[off + 14] as number) >> 4;
  if (t === 0x0800) return v === 4;
  if (t === 0x86dd) return v === 6;
  return t === 0x8100 || t === 0x88a8 || t === 0x8847 || t === 0x8864;
}

export function mplsPayload(d: Uint8Array, off: number, end: number, nx: Next): DecodeResult {
  if (end <= off) return 'truncated_link';
  const nibble = (d[off] as number) >> 4;
  if (nibble === 4) return setNext(nx, Inner.IPV4, off, end);
  if (nibble === 6) return setNext(nx, Inner.IPV6, off, end);
  if (nibble === 1) return 'mpls_pw_ach';
  if (plausibleEthernet(d, off, end)) return setNext(nx, Inner.ETHERNET, off, end);
  if (nibble === 0 && plausibleEthernet(d, off + 4, end))
    return setNext(nx, Inner.ETHERNET, off + 4, end);
  nx.kind = Unsupported.MPLS_PAYLOAD;
  nx.type = nibble;
  return 'not_ip';
}
