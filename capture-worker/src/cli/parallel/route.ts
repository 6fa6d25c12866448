// Which worker thread a packet goes to: by its innermost IP address pair, the same either way, so
// both directions of a flow, every reuse of its ports and every fragment of its datagrams (which
// carry no ports) reach the same engine. Packets without an address (ARP, undecodable frames) only
// count in the stats and go to worker 0.
import { decodePacket } from '../../decode/decode.js';
import { DecodedPacket } from '../../decode/decoded-packet.js';

const d = new DecodedPacket();

function addrHash(b: Uint8Array, off: number, len: number): number {
  let h = 0x811c9dc5;
  for (let i = off; i < off + len; i++) h = Math.imul(h ^ (b[i] as number), 0x01000193);
  return h >>> 0;
}

export function workerOf(linkType: number, data: Uint8Array, workers: number): number {
  const err = decodePacket(linkType, data, d);
  if (err !== null && err !== 'ip_fragment') return 0;
  const len = d.ipVersion === 4 ? 4 : 16;
  // A sum is symmetric in the two addresses; the final mix spreads it over the workers.
  const h = (addrHash(d.data, d.srcOff, len) + addrHash(d.data, d.dstOff, len)) >>> 0;
  return (Math.imul(h ^ (h >>> 16), 0x45d9f3b) >>> 0) % workers;
}
