// Direction-independent flow key: both directions of a connection map to the same string, and
// `forward` says whether the packet goes from the lower endpoint to the higher one.
import type { DecodedPacket } from '../decode/decoded-packet.js';

export interface FlowKeyResult {
  key: string;
  /** True when the packet's source is the canonical "A" endpoint of the key. */
  forward: boolean;
}

function cmpAddr(d: Uint8Array, a: number, b: number, n: number): number {
  for (let i = 0; i < n; i++) {
    const x = d[a + i] as number;
    const y = d[b + i] as number;
    if (x !== y) return x - y;
  }
  return 0;
}

function addrKey(d: Uint8Array, off: number, n: number): string {
  if (n === 4)
    return String(
      (((d[off] as number) << 24) |
        ((d[off + 1] as number) << 16) |
        ((d[off + 2] as number) << 8) |
        (d[off + 3] as number)) >>>
        0,
    );
  let s = '';
  for (let i = 0; i < 16; i += 4) {
    s +=
      (
        (((d[off + i] as number) << 24) |
          ((d[off + i + 1] as number) << 16) |
          ((d[off + i + 2] as number) << 8) |
          (d[off + i + 3] as number)) >>>
        0
      ).toString(36) + '.';
  }
  return s;
}

/** Fills `res` (reused by the caller) for the decoded packet. */
export function flowKey(p: DecodedPacket, res: FlowKeyResult): FlowKeyResult {
  const n = p.ipVersion === 4 ? 4 : 16;
  let c = cmpAddr(p.data, p.srcOff, p.dstOff, n);
  if (c === 0) c = p.srcPort - p.dstPort;
  const fwd = c <= 0;
  const a = addrKey(p.data, fwd ? p.srcOff : p.dstOff, n);
  const b = addrKey(p.data, fwd ? p.dstOff : p.srcOff, n);
  const pa = fwd ? p.srcPort : p.dstPort;
  const pb = fwd ? p.dstPort : p.srcPort;
  res.key = `${p.proto}|${a}|${pa}|${b}|${pb}`;
  res.forward = fwd;
  return res;
}
