// What a link or tunnel layer found inside itself: where the inner packet starts and ends and what
// it is. The layer helpers fill one reused instance (no allocation per packet) and return null,
// or return why there is nothing to follow (a decode error or a recognised non-IP frame).

export const Inner = {
  IPV4: 1,
  IPV6: 2,
  /** IPv4 or IPv6, by the version nibble. */
  RAW_IP: 3,
  ETHERNET: 4,
  /** A frame whose EtherType is in `type` (LLC/SNAP, Cisco HDLC). */
  ETHERTYPE: 5,
} as const;

export interface Next {
  kind: number;
  off: number;
  /** Exclusive end of the inner packet. */
  end: number;
  /** EtherType, for Inner.ETHERTYPE. */
  type: number;
}

export function setNext(nx: Next, kind: number, off: number, end: number, type = 0): null {
  nx.kind = kind;
  nx.off = off;
  nx.end = end;
  nx.type = type;
  return null;
}

export function u16(d: Uint8Array, o: number): number {
  return ((d[o] as number) << 8) | (d[o + 1] as number);
}

export function u16le(d: Uint8Array, o: number): number {
  return (d[o] as number) | ((d[o + 1] as number) << 8);
}
