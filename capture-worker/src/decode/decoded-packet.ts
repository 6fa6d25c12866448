// The one result object the decoder fills per packet. The engine owns a single instance and
// reuses it, so decoding a packet allocates nothing; offsets point into `data`.

/** Why a packet could not be decoded down to TCP/UDP. Counted by kind in engine stats. */
export type DecodeErrorKind =
  | 'unsupported_link'
  | 'truncated_link'
  | 'not_ip'
  | 'truncated_ip'
  | 'bad_ip_header'
  | 'ip_fragment'
  | 'unsupported_ip_proto'
  | 'truncated_tcp'
  | 'bad_tcp_header'
  | 'truncated_udp'
  | 'bad_tunnel'
  | 'tunnel_too_deep'
  | 'bad_pppoe'
  | 'bad_ppp'
  | 'bad_gtpu'
  | 'bad_l2tp'
  | 'bad_radiotap'
  | 'bad_wlan'
  | 'bad_nflog'
  | 'unsupported_ppp_proto'
  // IP reassembly (engine): a datagram given up on, or a fragment that could not be used.
  | 'frag_timeout'
  | 'frag_evicted'
  | 'frag_overlap'
  | 'frag_too_big'
  | 'frag_bad'
  | 'frag_too_many'
  | 'frag_incomplete';

/**
 * Frames that are understood but carry no IP packet to follow: control and signalling of the
 * layers below IP, and what is recognised but cannot be read (encrypted 802.11, MPPE). The
 * engine counts them in `seen`, not as decode errors.
 */
export type DecodeSkipKind =
  | 'pppoe_discovery'
  | 'ppp_control'
  | 'ppp_encrypted'
  | 'pptp_gre_ack'
  | 'gtp_control'
  | 'l2tp_control'
  | 'wlan_encrypted'
  | 'wlan_management'
  | 'wlan_control'
  | 'wlan_null_data'
  | 'nflog_no_payload'
  | 'mpls_pw_ach';

export const DECODE_SKIP_KINDS: ReadonlySet<string> = new Set<DecodeSkipKind>([
  'pppoe_discovery',
  'ppp_control',
  'ppp_encrypted',
  'pptp_gre_ack',
  'gtp_control',
  'l2tp_control',
  'wlan_encrypted',
  'wlan_management',
  'wlan_control',
  'wlan_null_data',
  'nflog_no_payload',
  'mpls_pw_ach',
]);

export type DecodeResult = DecodeErrorKind | DecodeSkipKind | null;

/** Layers crossed on the way to the innermost packet, one bit each (counted by name in `seen`). */
export const Layer = {
  PPPOE: 1 << 0,
  PPP: 1 << 1,
  PPTP_GRE: 1 << 2,
  GTPU: 1 << 3,
  L2TP: 1 << 4,
  IP_IN_IP: 1 << 5,
  IPV6_IN_IP: 1 << 6,
  GRE: 1 << 7,
  VXLAN: 1 << 8,
  GENEVE: 1 << 9,
  ERSPAN: 1 << 10,
  MPLS: 1 << 11,
  VLAN: 1 << 12,
  WLAN: 1 << 13,
  RADIOTAP: 1 << 14,
  NFLOG: 1 << 15,
  CISCO_HDLC: 1 << 16,
  MPLS_PW: 1 << 17,
  L2TPV3: 1 << 18,
} as const;

export const LAYER_NAMES: readonly string[] = [
  'pppoe',
  'ppp',
  'pptp_gre',
  'gtpu',
  'l2tp',
  'ip_in_ip',
  'ipv6_in_ip',
  'gre',
  'vxlan',
  'geneve',
  'erspan',
  'mpls',
  'vlan',
  'wlan',
  'radiotap',
  'nflog',
  'cisco_hdlc',
  'mpls_pw',
  'l2tpv3',
];

/**
 * The layer a 'not_ip' or 'unsupported_*' result stopped at (DecodedPacket.unsupportedLayer),
 * with the value it did not know in unsupportedValue: counted by name (`unsupportedName`).
 */
export const Unsupported = {
  LINK_TYPE: 1,
  ETHERTYPE: 2,
  IP_PROTO: 3,
  PPP_PROTO: 4,
  IP_VERSION: 5,
  LOOPBACK_FAMILY: 6,
  NFLOG_FAMILY: 7,
  LLC: 8,
  MPLS_PAYLOAD: 9,
  L2TPV3_PAYLOAD: 10,
} as const;

const UNSUPPORTED_NAMES = [
  '',
  'link_type_',
  'ethertype_0x',
  'ip_proto_',
  'ppp_proto_0x',
  'ip_version_',
  'loopback_family_',
  'nflog_family_',
  'llc_0x',
  'mpls_payload_nibble_',
  'l2tpv3_payload',
];

/** "ethertype_0x88cc", "ip_proto_132", "link_type_147" ... (hex where the registry writes hex). */
export function unsupportedName(layer: number, value: number): string {
  const prefix = UNSUPPORTED_NAMES[layer] ?? 'unknown_layer_';
  if (layer === Unsupported.L2TPV3_PAYLOAD) return prefix;
  if (prefix.endsWith('0x')) return prefix + value.toString(16).padStart(4, '0');
  return prefix + String(value);
}

export class DecodedPacket {
  data: Uint8Array = new Uint8Array(0);
  /** 4 or 6, of the innermost IP header. */
  ipVersion: 4 | 6 = 4;
  /** Offsets of the innermost source / destination address in `data` (4 or 16 bytes). */
  srcOff = 0;
  dstOff = 0;
  /** IPv4 TTL or IPv6 hop limit of the innermost IP header. */
  ttl = 0;
  /** TTL / hop limit of the outermost IP header (what the Rust reference reports for tunnelled flows). */
  outerTtl = 0;
  /** 6 TCP or 17 UDP. */
  proto = 0;
  srcPort = 0;
  dstPort = 0;
  /** TCP only. */
  tcpFlags = 0;
  seq = 0;
  ack = 0;
  window = 0;
  optOff = 0;
  optLen = 0;
  /** Transport payload (TCP data or UDP datagram body), trimmed to the IP length. */
  payloadOff = 0;
  payloadLen = 0;
  /** Tunnel layers crossed to reach the innermost IP packet (GRE, ERSPAN, VXLAN, Geneve, IP-in-IP). */
  tunnels = 0;
  /** `Layer` bits of every layer crossed (PPPoE, GTP-U, 802.11 ...). */
  layers = 0;
  /** Set with a 'not_ip' / 'unsupported_*' result only: where decoding stopped (`Unsupported`). */
  unsupportedLayer = 0;
  unsupportedValue = 0;
  /**
   * Set when the result is 'ip_fragment': the fragment's IP header at fragIpOff (version
   * fragVersion), its fragment data [fragDataOff, fragDataEnd), byte offset in the datagram,
   * more-fragments flag, identification, the upper protocol, and for IPv6 where the fragment
   * header sits (the reassembled packet keeps the 40-byte fixed header only).
   */
  fragVersion: 4 | 6 = 4;
  fragIpOff = 0;
  fragDataOff = 0;
  fragDataEnd = 0;
  fragOffset = 0;
  fragMore = false;
  fragId = 0;
  fragProto = 0;

  payload(): Uint8Array {
    return this.data.subarray(this.payloadOff, this.payloadOff + this.payloadLen);
  }
}

export const TcpFlag = {
  FIN: 0x01,
  SYN: 0x02,
  RST: 0x04,
  PSH: 0x08,
  ACK: 0x10,
  URG: 0x20,
  ECE: 0x40,
  CWR: 0x80,
} as const;
