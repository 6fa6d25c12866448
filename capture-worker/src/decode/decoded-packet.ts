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
  | 'tunnel_too_deep';

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
