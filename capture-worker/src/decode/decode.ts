// Link -> IP -> TCP/UDP decoder over a Uint8Array with offsets. Tunnels (GRE incl. PPTP's
// enhanced GRE, ERSPAN II/III, VXLAN, Geneve, GTP-U, L2TPv2, L2TPv3, IP-in-IP, MPLS incl. Ethernet
// pseudowires) and the layers of access networks (PPPoE, PPP, 802.11 + radiotap, NFLOG, Cisco HDLC)
// are followed so the innermost flow is what gets fingerprinted. Where decoding stops at a value
// it does not know, the result says which layer and value (unsupportedLayer / unsupportedValue). An IP fragment is described in the result ('ip_fragment') for
// the engine's reassembler; the decoder itself keeps no state.
import { Layer, Unsupported, type DecodeResult, type DecodedPacket } from './decoded-packet.js';
import { gtpu, PORT_GTPU } from './gtp.js';
import { l2tp, PORT_L2TP } from './l2tp.js';
import { l2tpv3Ip, l2tpv3Udp } from './l2tpv3.js';
import { mplsPayload } from './mpls.js';
import { Inner, type Next } from './next.js';
import { nflog } from './nflog.js';
import { pppoeSession, pppPayload } from './ppp.js';
import { radiotap, wlan } from './wlan.js';

type DecodeErrorKind = DecodeResult;

const MAX_TUNNELS = 4;

const ETH_IPV4 = 0x0800;
const ETH_IPV6 = 0x86dd;
const ETH_VLAN = 0x8100;
const ETH_QINQ = 0x88a8;
const ETH_QINQ_OLD = 0x9100;
const ETH_MPLS = 0x8847;
const ETH_MPLS_MC = 0x8848;
const ETH_TEB = 0x6558;
const ETH_ERSPAN2 = 0x88be;
const ETH_ERSPAN3 = 0x22eb;
const ETH_PPPOE_DISCOVERY = 0x8863;
const ETH_PPPOE_SESSION = 0x8864;
const ETH_PPP = 0x880b;

/** The one Next the layer helpers fill (decoding is synchronous, one packet at a time). */
const nx: Next = { kind: 0, off: 0, end: 0, type: 0 };

const PORT_VXLAN = 4789;
const PORT_VXLAN_LINUX = 8472;
const PORT_VXLAN_GPE = 4790;
const PORT_GENEVE = 6081;

/** Decode `data` captured on `linkType` into `out`. Returns null on success or the error kind. */
export function decodePacket(
  linkType: number,
  data: Uint8Array,
  out: DecodedPacket,
): DecodeErrorKind | null {
  out.data = data;
  out.tunnels = 0;
  out.layers = 0;
  switch (linkType) {
    case 1: // Ethernet
      return ethernet(data, 0, out);
    case 113: {
      // Linux cooked capture v1: 16-byte header, protocol at offset 14.
      if (data.length < 16) return 'truncated_link';
      return ethertype(data, 16, u16(data, 14), out);
    }
    case 276: {
      // Linux cooked capture v2: 20-byte header, protocol at offset 0.
      if (data.length < 20) return 'truncated_link';
      return ethertype(data, 20, u16(data, 0), out);
    }
    case 101: // LINKTYPE_RAW
    case 12: // DLT_RAW on most BSDs
    case 14: // DLT_RAW on OpenBSD
      return rawIp(data, 0, out);
    case 228:
      return ipv4(data, 0, out);
    case 229:
      return ipv6(data, 0, out);
    case 0: // BSD loopback: 4-byte address family in the capturing host's byte order
    case 108: {
      // OpenBSD loopback: the same in network order
      if (data.length < 4) return 'truncated_link';
      const fam = linkType === 108 ? u32(data, 0) : familyAnyOrder(data);
      if (fam === 2) return ipv4(data, 4, out);
      if (fam === 24 || fam === 28 || fam === 30) return ipv6(data, 4, out);
      return unsupported(out, Unsupported.LOOPBACK_FAMILY, fam, 'not_ip');
    }
    case 9: // PPP (protocol field, optional ff 03)
      out.layers |= Layer.PPP;
      return follow(data, pppPayload(data, 0, data.length, nx), out);
    case 204: // PPP with a direction byte
      if (data.length < 1) return 'truncated_link';
      out.layers |= Layer.PPP;
      return follow(data, pppPayload(data, 1, data.length, nx), out);
    case 50: // PPP in HDLC-like framing, or Cisco HDLC on the same link type
      if (data.length < 4) return 'truncated_link';
      if (data[0] === 0x0f || data[0] === 0x8f) return ciscoHdlc(data, out);
      out.layers |= Layer.PPP;
      return follow(data, pppPayload(data, 0, data.length, nx), out);
    case 104: // Cisco HDLC
      return ciscoHdlc(data, out);
    case 51: // PPPoE session frames without the Ethernet header
      out.layers |= Layer.PPPOE | Layer.PPP;
      return follow(data, pppoeSession(data, 0, data.length, nx), out);
    case 105: // 802.11
      out.layers |= Layer.WLAN;
      return follow(data, wlan(data, 0, data.length, nx), out);
    case 127: // 802.11 with radiotap
      out.layers |= Layer.RADIOTAP | Layer.WLAN;
      return follow(data, radiotap(data, nx), out);
    case 239: // Linux NFLOG
      out.layers |= Layer.NFLOG;
      return follow(data, nflog(data, nx), out);
    default:
      return unsupported(out, Unsupported.LINK_TYPE, linkType, 'unsupported_link');
  }
}

/** Records where decoding stopped (cold path: only packets that are not followed). */
function unsupported<K extends DecodeErrorKind>(
  out: DecodedPacket,
  layer: number,
  value: number,
  kind: K,
): K {
  out.unsupportedLayer = layer;
  out.unsupportedValue = value;
  return kind;
}

/** Continue into what a layer helper found (`r` null: nx says where), or return its reason. */
function follow(d: Uint8Array, r: DecodeResult, out: DecodedPacket): DecodeErrorKind | null {
  if (r !== null) {
    if (r === 'not_ip' || r === 'unsupported_ppp_proto') unsupported(out, nx.kind, nx.type, r);
    return r;
  }
  const inner = nx.end < d.length ? d.subarray(0, nx.end) : d;
  switch (nx.kind) {
    case Inner.IPV4:
      return ipv4(inner, nx.off, out);
    case Inner.IPV6:
      return ipv6(inner, nx.off, out);
    case Inner.RAW_IP:
      return rawIp(inner, nx.off, out);
    case Inner.ETHERNET:
      return ethernet(inner, nx.off, out);
    default:
      return ethertype(inner, nx.off, nx.type, out);
  }
}

function ciscoHdlc(d: Uint8Array, out: DecodedPacket): DecodeErrorKind | null {
  if (d.length < 4) return 'truncated_link';
  out.layers |= Layer.CISCO_HDLC;
  return ethertype(d, 4, u16(d, 2), out);
}

function u16(d: Uint8Array, o: number): number {
  return ((d[o] as number) << 8) | (d[o + 1] as number);
}

function u32(d: Uint8Array, o: number): number {
  return (
    (((d[o] as number) << 24) |
      ((d[o + 1] as number) << 16) |
      ((d[o + 2] as number) << 8) |
      (d[o + 3] as number)) >>>
    0
  );
}

function familyAnyOrder(d: Uint8Array): number {
  // Family values are < 256, so whichever end holds the non-zero byte tells the order.
  return (d[0] as number) !== 0 ? (d[0] as number) : (d[3] as number);
}

function ethernet(d: Uint8Array, off: number, out: DecodedPacket): DecodeErrorKind | null {
  if (d.length < off + 14) return 'truncated_link';
  return ethertype(d, off + 14, u16(d, off + 12), out);
}

function ethertype(
  d: Uint8Array,
  off: number,
  type: number,
  out: DecodedPacket,
): DecodeErrorKind | null {
  let p = off;
  let t = type;
  // 802.1Q / QinQ tags (any depth).
  while (t === ETH_VLAN || t === ETH_QINQ || t === ETH_QINQ_OLD) {
    if (d.length < p + 4) return 'truncated_link';
    out.layers |= Layer.VLAN;
    t = u16(d, p + 2);
    p += 4;
  }
  if (t === ETH_IPV4) return ipv4(d, p, out);
  if (t === ETH_IPV6) return ipv6(d, p, out);
  if (t === ETH_PPPOE_SESSION) {
    out.layers |= Layer.PPPOE | Layer.PPP;
    return follow(d, pppoeSession(d, p, d.length, nx), out);
  }
  if (t === ETH_PPPOE_DISCOVERY) return 'pppoe_discovery';
  if (t === ETH_MPLS || t === ETH_MPLS_MC) {
    out.layers |= Layer.MPLS;
    for (;;) {
      if (d.length < p + 4) return 'truncated_link';
      const bottom = ((d[p + 2] as number) & 1) === 1;
      p += 4;
      if (bottom) break;
    }
    const r = mplsPayload(d, p, d.length, nx);
    if (r === null && nx.kind === Inner.ETHERNET) {
      // One pseudowire level: a customer frame carrying another pseudowire is not followed
      // (bounds the recursion; no outer IP header here, so it is not counted as a tunnel).
      if (out.layers & Layer.MPLS_PW) return 'tunnel_too_deep';
      out.layers |= Layer.MPLS_PW;
    }
    return follow(d, r, out);
  }
  return unsupported(out, Unsupported.ETHERTYPE, t, 'not_ip');
}

function rawIp(d: Uint8Array, off: number, out: DecodedPacket): DecodeErrorKind | null {
  if (d.length <= off) return 'truncated_ip';
  const v = (d[off] as number) >> 4;
  if (v === 4) return ipv4(d, off, out);
  if (v === 6) return ipv6(d, off, out);
  return unsupported(out, Unsupported.IP_VERSION, v, 'not_ip');
}

function ipv4(d: Uint8Array, off: number, out: DecodedPacket): DecodeErrorKind | null {
  if (d.length < off + 20) return 'truncated_ip';
  const vihl = d[off] as number;
  if (vihl >> 4 !== 4) return 'bad_ip_header';
  const ihl = (vihl & 0x0f) * 4;
  if (ihl < 20) return 'bad_ip_header';
  if (d.length < off + ihl) return 'truncated_ip';
  const total = u16(d, off + 2);
  // total == 0 happens with TCP segmentation offload captures: trust the captured length then.
  let end = total === 0 ? d.length : off + total;
  if (total !== 0 && total < ihl) return 'bad_ip_header';
  if (end > d.length) end = d.length; // snaplen cut: keep what we have
  const frag = u16(d, off + 6);
  out.ipVersion = 4;
  out.ttl = d[off + 8] as number;
  if (out.tunnels === 0) out.outerTtl = out.ttl;
  if ((frag & 0x3fff) !== 0) {
    // MF set or non-zero offset: described for the engine's reassembler.
    out.fragVersion = 4;
    out.fragIpOff = off;
    out.fragDataOff = off + ihl;
    out.fragDataEnd = end;
    out.fragOffset = (frag & 0x1fff) * 8;
    out.fragMore = (frag & 0x2000) !== 0;
    out.fragId = u16(d, off + 4);
    out.fragProto = d[off + 9] as number;
    return 'ip_fragment';
  }
  out.srcOff = off + 12;
  out.dstOff = off + 16;
  return transport(d, off + ihl, end, d[off + 9] as number, out);
}

function ipv6(d: Uint8Array, off: number, out: DecodedPacket): DecodeErrorKind | null {
  if (d.length < off + 40) return 'truncated_ip';
  if ((d[off] as number) >> 4 !== 6) return 'bad_ip_header';
  const plen = u16(d, off + 4);
  let end = plen === 0 ? d.length : off + 40 + plen; // 0: jumbogram or TSO
  if (end > d.length) end = d.length;
  out.ipVersion = 6;
  out.ttl = d[off + 7] as number;
  if (out.tunnels === 0) out.outerTtl = out.ttl;
  out.srcOff = off + 8;
  out.dstOff = off + 24;
  let next = d[off + 6] as number;
  let p = off + 40;
  // Extension headers: hop-by-hop, routing, destination options, fragment, AH, mobility.
  for (let i = 0; i < 16; i++) {
    if (next === 0 || next === 43 || next === 60 || next === 135) {
      if (end < p + 8) return 'truncated_ip';
      next = d[p] as number;
      p += ((d[p + 1] as number) + 1) * 8;
    } else if (next === 44) {
      if (end < p + 8) return 'truncated_ip';
      const fo = u16(d, p + 2);
      if ((fo & 0xfff9) !== 0) {
        // offset != 0 or M set (atomic fragments pass): described for the reassembler.
        out.fragVersion = 6;
        out.fragIpOff = off;
        out.fragDataOff = p + 8;
        out.fragDataEnd = end;
        out.fragOffset = fo & 0xfff8;
        out.fragMore = (fo & 1) === 1;
        out.fragId = u32(d, p + 4);
        out.fragProto = d[p] as number;
        return p + 8 > end ? 'truncated_ip' : 'ip_fragment';
      }
      next = d[p] as number;
      p += 8;
    } else if (next === 51) {
      if (end < p + 8) return 'truncated_ip';
      next = d[p] as number;
      p += ((d[p + 1] as number) + 2) * 4;
    } else {
      break;
    }
  }
  if (p > end) return 'truncated_ip';
  return transport(d, p, end, next, out);
}

function transport(
  d: Uint8Array,
  off: number,
  end: number,
  proto: number,
  out: DecodedPacket,
): DecodeErrorKind | null {
  switch (proto) {
    case 6:
      return tcp(d, off, end, out);
    case 17:
      return udp(d, off, end, out);
    case 47:
      return gre(d, off, end, out);
    case 4:
      if (++out.tunnels > MAX_TUNNELS) return 'tunnel_too_deep';
      out.layers |= Layer.IP_IN_IP;
      return ipv4(d.subarray(0, end), off, out);
    case 41: // 6in4 / 6to4 / IPv6-in-IPv6
      if (++out.tunnels > MAX_TUNNELS) return 'tunnel_too_deep';
      out.layers |= Layer.IPV6_IN_IP;
      return ipv6(d.subarray(0, end), off, out);
    case 115: // L2TPv3 over IP
      if (++out.tunnels > MAX_TUNNELS) return 'tunnel_too_deep';
      out.layers |= Layer.L2TPV3;
      return follow(d, l2tpv3Ip(d, off, end, nx), out);
    default:
      return unsupported(out, Unsupported.IP_PROTO, proto, 'unsupported_ip_proto');
  }
}

function tcp(d: Uint8Array, off: number, end: number, out: DecodedPacket): DecodeErrorKind | null {
  if (end < off + 20) return 'truncated_tcp';
  const hlen = ((d[off + 12] as number) >> 4) * 4;
  if (hlen < 20) return 'bad_tcp_header';
  if (end < off + hlen) return 'truncated_tcp';
  out.proto = 6;
  out.srcPort = u16(d, off);
  out.dstPort = u16(d, off + 2);
  out.seq = u32(d, off + 4);
  out.ack = u32(d, off + 8);
  out.tcpFlags = d[off + 13] as number;
  out.window = u16(d, off + 14);
  out.optOff = off + 20;
  out.optLen = hlen - 20;
  out.payloadOff = off + hlen;
  out.payloadLen = end - off - hlen;
  return null;
}

function udp(d: Uint8Array, off: number, end: number, out: DecodedPacket): DecodeErrorKind | null {
  if (end < off + 8) return 'truncated_udp';
  const sport = u16(d, off);
  const dport = u16(d, off + 2);
  const ulen = u16(d, off + 4);
  let pend = ulen >= 8 && off + ulen <= end ? off + ulen : end;
  if (pend < off + 8) pend = off + 8;
  const body = off + 8;
  if (isVxlanPort(sport) || isVxlanPort(dport)) {
    // VXLAN (I flag) or VXLAN-GPE (I + P flags, next protocol in byte 3); either port may be the
    // well-known one (Wireshark decodes by both). Anything else falls through as plain UDP.
    const flags = d[body] as number;
    if (pend - body >= 8 + 14 && (flags & 0x08) !== 0 && (flags & 0xf3) === 0) {
      const next = flags & 0x04 ? (d[body + 3] as number) : 3;
      if (++out.tunnels > MAX_TUNNELS) return 'tunnel_too_deep';
      out.layers |= Layer.VXLAN;
      const inner = d.subarray(0, pend);
      if (next === 1) return ipv4(inner, body + 8, out);
      if (next === 2) return ipv6(inner, body + 8, out);
      return ethernet(inner, body + 8, out);
    }
  }
  if (dport === PORT_GENEVE && pend - body >= 8 && (d[body] as number) >> 6 === 0) {
    const optLen = ((d[body] as number) & 0x3f) * 4;
    const inner = body + 8 + optLen;
    if (inner > pend) return 'bad_tunnel';
    if (++out.tunnels > MAX_TUNNELS) return 'tunnel_too_deep';
    out.layers |= Layer.GENEVE;
    const ptype = u16(d, body + 2);
    return ptype === ETH_TEB
      ? ethernet(d.subarray(0, pend), inner, out)
      : ethertype(d.subarray(0, pend), inner, ptype, out);
  }
  if (sport === PORT_GTPU || dport === PORT_GTPU) {
    if (++out.tunnels > MAX_TUNNELS) return 'tunnel_too_deep';
    out.layers |= Layer.GTPU;
    return follow(d, gtpu(d, body, pend, nx), out);
  }
  if (sport === PORT_L2TP || dport === PORT_L2TP) {
    const r = l2tp(d, body, pend, nx);
    if (r !== undefined) {
      if (++out.tunnels > MAX_TUNNELS) return 'tunnel_too_deep';
      out.layers |= Layer.L2TP | Layer.PPP;
      return follow(d, r, out);
    }
    const r3 = l2tpv3Udp(d, body, pend, nx);
    if (r3 !== undefined) {
      if (++out.tunnels > MAX_TUNNELS) return 'tunnel_too_deep';
      out.layers |= Layer.L2TPV3;
      return follow(d, r3, out);
    }
  }
  out.proto = 17;
  out.srcPort = sport;
  out.dstPort = dport;
  out.tcpFlags = 0;
  out.optLen = 0;
  out.payloadOff = body;
  out.payloadLen = pend - body;
  return null;
}

function isVxlanPort(p: number): boolean {
  return p === PORT_VXLAN || p === PORT_VXLAN_LINUX || p === PORT_VXLAN_GPE;
}

function gre(d: Uint8Array, off: number, end: number, out: DecodedPacket): DecodeErrorKind | null {
  if (end < off + 4) return 'bad_tunnel';
  const flags = u16(d, off);
  const ptype = u16(d, off + 2);
  if ((flags & 0x0007) === 1) return pptpGre(d, off, end, flags, ptype, out);
  if ((flags & 0x0007) !== 0) return 'bad_tunnel';
  if (flags & 0x4000) return 'bad_tunnel'; // source routing: obsolete, not supported
  let p = off + 4;
  if (flags & 0x8000) p += 4; // checksum + reserved
  if (flags & 0x2000) p += 4; // key
  const hasSeq = (flags & 0x1000) !== 0;
  if (hasSeq) p += 4;
  if (p > end) return 'bad_tunnel';
  if (++out.tunnels > MAX_TUNNELS) return 'tunnel_too_deep';
  out.layers |= Layer.GRE;
  const inner = d.subarray(0, end);
  switch (ptype) {
    case ETH_TEB:
      return ethernet(inner, p, out);
    case ETH_ERSPAN2:
      out.layers |= Layer.ERSPAN;
      // ERSPAN type I has no header and no sequence number; type II has an 8-byte header.
      return ethernet(inner, hasSeq ? p + 8 : p, out);
    case ETH_ERSPAN3: {
      out.layers |= Layer.ERSPAN;
      if (end < p + 12) return 'bad_tunnel';
      const hasSubheader = ((d[p + 11] as number) & 0x01) !== 0;
      return ethernet(inner, p + 12 + (hasSubheader ? 8 : 0), out);
    }
    default:
      return ethertype(inner, p, ptype, out);
  }
}

/**
 * PPTP's enhanced GRE (RFC 2637 §4.1): version 1, protocol 0x880b, key bit set (payload length +
 * call id), optional sequence and acknowledgment numbers; the payload is a PPP frame, usually
 * MPPE-encrypted (counted as ppp_encrypted). A packet with no payload only acknowledges.
 */
function pptpGre(
  d: Uint8Array,
  off: number,
  end: number,
  flags: number,
  ptype: number,
  out: DecodedPacket,
): DecodeErrorKind | null {
  if (ptype !== ETH_PPP || (flags & 0x2000) === 0 || end < off + 8) return 'bad_tunnel';
  const payloadLen = u16(d, off + 4);
  let p = off + 8;
  if (flags & 0x1000) p += 4; // sequence number
  if (flags & 0x0080) p += 4; // acknowledgment number
  if (p > end) return 'bad_tunnel';
  if (payloadLen === 0) return 'pptp_gre_ack';
  if (++out.tunnels > MAX_TUNNELS) return 'tunnel_too_deep';
  out.layers |= Layer.PPTP_GRE | Layer.PPP;
  return follow(d, pppPayload(d, p, Math.min(end, p + payloadLen), nx), out);
}
