// One captured frame as every packet source (pcap/pcapng file reader, tcpdump pipe, libpcap via
// `cap`) hands it to the decoder. Sources may reuse the memory behind `data` for the next packet,
// so a consumer that keeps bytes past the callback must copy them.
export interface RawPacket {
  /** Capture time: whole seconds since the Unix epoch. */
  tsSec: number;
  /** Capture time: nanoseconds within the second (0..999_999_999); microsecond sources multiply by 1000. */
  tsNsec: number;
  /** DLT/LINKTYPE value of the interface that captured the frame (1 Ethernet, 113 SLL, 276 SLL2, 101 raw IP, 0 BSD loopback...). */
  linkType: number;
  /** Length of the frame on the wire; may exceed data.length when the snaplen cut it. */
  origLen: number;
  /** The captured bytes. */
  data: Uint8Array;
}

/** Microseconds since the epoch; exact while below 2^53 µs (year 2255). */
export function packetTimeUs(p: Pick<RawPacket, 'tsSec' | 'tsNsec'>): number {
  return p.tsSec * 1_000_000 + Math.floor(p.tsNsec / 1000);
}
