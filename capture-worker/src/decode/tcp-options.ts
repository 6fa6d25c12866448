// TCP options of a SYN / SYN-ACK, as JA4T/JA4TS need them: option kinds in wire order (NOP and EOL
// included), MSS and window-scale values. Malformed option lists stop at the bad byte.

export interface TcpSynOptions {
  kinds: number[];
  mss: number | undefined;
  wscale: number | undefined;
}

export function parseTcpOptions(d: Uint8Array, off: number, len: number): TcpSynOptions {
  const kinds: number[] = [];
  let mss: number | undefined;
  let wscale: number | undefined;
  const end = Math.min(off + len, d.length);
  let p = off;
  while (p < end) {
    const kind = d[p] as number;
    kinds.push(kind);
    if (kind === 0 || kind === 1) {
      p++;
      continue;
    }
    if (p + 1 >= end) break;
    const olen = d[p + 1] as number;
    if (olen < 2 || p + olen > end) break;
    if (kind === 2 && olen === 4) mss = ((d[p + 2] as number) << 8) | (d[p + 3] as number);
    else if (kind === 3 && olen === 3) wscale = d[p + 2] as number;
    p += olen;
  }
  return { kinds, mss, wscale };
}
