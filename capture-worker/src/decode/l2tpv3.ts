// L2TPv3 (RFC 3931) data messages, directly over IP (protocol 115) or over UDP (the L2TPv2 port,
// version 3 in the header). The session header's cookie (0, 4 or 8 bytes) and L2-specific
// sublayer (none or 4 bytes) are agreed in control messages, not written in the data packet, so
// the decoder, which keeps no state, tries the layouts in order and takes the first whose
// payload is an Ethernet frame carrying IP (Ethernet pseudowires are what L2TPv3 carries in
// practice; `ip l2tp` on Linux makes only those). Session id 0 over IP is a control message.
import { Unsupported, type DecodeResult } from './decoded-packet.js';
import { plausibleEthernet } from './mpls.js';
import { Inner, setNext, u16, type Next } from './next.js';

/** Cookie (0, 4, 8) plus sublayer (0, 4): the distinct offsets of the payload. */
const LAYOUTS = [0, 4, 8, 12];

function session(d: Uint8Array, off: number, end: number, nx: Next): DecodeResult {
  for (const extra of LAYOUTS) {
    const p = off + extra;
    if (plausibleEthernet(d, p, end)) return setNext(nx, Inner.ETHERNET, p, end);
  }
  nx.kind = Unsupported.L2TPV3_PAYLOAD;
  nx.type = 0;
  return 'not_ip';
}

/** IP protocol 115: 4-byte session id (0: control message) then the session header. */
export function l2tpv3Ip(d: Uint8Array, off: number, end: number, nx: Next): DecodeResult {
  if (end - off < 4) return 'bad_l2tp';
  if (d[off] === 0 && d[off + 1] === 0 && d[off + 2] === 0 && d[off + 3] === 0)
    return 'l2tp_control';
  return session(d, off + 4, end, nx);
}

/**
 * UDP: flags/version word (T bit, version 3), 2 reserved bytes, then the session id. undefined
 * when the header is not version 3 (left to L2TPv2 or plain UDP).
 */
export function l2tpv3Udp(
  d: Uint8Array,
  off: number,
  end: number,
  nx: Next,
): DecodeResult | undefined {
  if (end - off < 8) return undefined;
  const flags = u16(d, off);
  if ((flags & 0x0f) !== 3) return undefined;
  if (flags & 0x8000) return 'l2tp_control';
  return session(d, off + 8, end, nx);
}
