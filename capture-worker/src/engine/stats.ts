// Engine counters: what came in, what could not be decoded or parsed (by kind), flow table use.
import type { DecodeErrorKind } from '../decode/decoded-packet.js';

export interface EngineStats {
  packets: number;
  bytes: number;
  /** Packets that were not decoded to TCP/UDP, by reason. */
  decodeErrors: Partial<Record<DecodeErrorKind, number>>;
  /** Messages the protocol parsers rejected, by ParseError code (tls_parse, http1_parse, ...). */
  parseErrors: Record<string, number>;
  flowsOpen: number;
  flowsTotal: number;
  /** Flows closed because the table was full. */
  flowsEvicted: number;
  /** Flows closed because they were idle. */
  flowsIdle: number;
  records: number;
  /** TCP payload bytes not kept because of buffer caps. */
  bytesDropped: number;
  quicDecryptFailures: number;
  /**
   * Layers and oddities decoded or recognised, by name (pppoe, gtpu, ipv4_reassembled,
   * tls_sh_draft_tls13, wlan_encrypted, ...): what the capture contained beyond plain
   * Ethernet/IP, including what is recognised but cannot be read (encrypted 802.11, tls-crypt).
   */
  seen: Record<string, number>;
  /**
   * Packets whose decoding stopped at a layer the engine does not follow, by that layer's name
   * and value (ethertype_0x88cc, ip_proto_132, link_type_147, ppp_proto_0x003d, ...): the
   * 'not_ip' / 'unsupported_*' entries of decodeErrors, broken down.
   */
  unsupported: Record<string, number>;
}

export function emptyStats(): EngineStats {
  return {
    packets: 0,
    bytes: 0,
    decodeErrors: {},
    parseErrors: {},
    flowsOpen: 0,
    flowsTotal: 0,
    flowsEvicted: 0,
    flowsIdle: 0,
    records: 0,
    bytesDropped: 0,
    quicDecryptFailures: 0,
    seen: {},
    unsupported: {},
  };
}
