// Rewrites a capture so that every TCP segment that starts a TLS ClientHello is cut into N
// segments sent out of order, with one of them duplicated: the reassembly test vector the
// reference captures lack. IP lengths and TCP sequence numbers are fixed up (checksums are not:
// neither tshark by default nor our engine checks them). Writes a classic little-endian pcap.
//   npx tsx tools/split-hello.ts <in.pcap|pcapng> <out.pcap> [parts=4]
import { writeFileSync } from 'node:fs';
import { decodePacket } from '../capture-worker/src/decode/decode.js';
import { DecodedPacket } from '../capture-worker/src/decode/decoded-packet.js';
import type { RawPacket } from '../capture-worker/src/pcap/packet.js';
import { readCaptureFile } from '../capture-worker/src/pcap/read-file.js';

export interface SplitResult {
  packets: RawPacket[];
  /** How many ClientHello segments were split. */
  split: number;
}

function isHelloStart(d: DecodedPacket): boolean {
  const b = d.data;
  const o = d.payloadOff;
  return (
    d.proto === 6 &&
    d.tunnels === 0 &&
    d.payloadLen > 9 &&
    b[o] === 0x16 &&
    b[o + 1] === 3 &&
    b[o + 5] === 1
  );
}

/** The frames of one segment cut at `cuts`, in the order [last, first, middle..., duplicate of first]. */
function cutSegment(p: RawPacket, d: DecodedPacket, parts: number): RawPacket[] {
  const ipStart = d.ipVersion === 4 ? d.srcOff - 12 : d.srcOff - 8;
  const tcpStart = d.optOff - 20;
  const head = p.data.subarray(0, d.payloadOff);
  const payload = p.data.subarray(d.payloadOff, d.payloadOff + d.payloadLen);
  const size = Math.ceil(payload.length / parts);
  const frames: RawPacket[] = [];
  for (let off = 0; off < payload.length; off += size) {
    const chunk = payload.subarray(off, Math.min(off + size, payload.length));
    const f = new Uint8Array(head.length + chunk.length);
    f.set(head);
    f.set(chunk, head.length);
    const v = new DataView(f.buffer);
    if (d.ipVersion === 4) v.setUint16(ipStart + 2, d.payloadOff - ipStart + chunk.length);
    else v.setUint16(ipStart + 4, d.payloadOff - ipStart - 40 + chunk.length);
    v.setUint32(tcpStart + 4, (d.seq + off) >>> 0);
    frames.push({ ...p, origLen: f.length, data: f });
  }
  // Out of order: the last piece first, then the rest in order, then a duplicate of the first.
  const order = [
    frames[frames.length - 1] as RawPacket,
    ...frames.slice(0, -1),
    frames[0] as RawPacket,
  ];
  return order.map((f, i) => ({ ...f, tsNsec: Math.min(f.tsNsec + i * 1000, 999_999_999) }));
}

export async function splitHellos(file: string, parts: number): Promise<SplitResult> {
  const d = new DecodedPacket();
  const out: RawPacket[] = [];
  let split = 0;
  for await (const p of readCaptureFile(file)) {
    const pkt = { ...p, data: p.data.slice() };
    if (
      decodePacket(pkt.linkType, pkt.data, d) === null &&
      isHelloStart(d) &&
      d.payloadLen >= parts
    ) {
      out.push(...cutSegment(pkt, d, parts));
      split++;
    } else {
      out.push(pkt);
    }
  }
  return { packets: out, split };
}

export function writePcap(path: string, packets: RawPacket[]): void {
  const linkType = packets[0]?.linkType ?? 1;
  const chunks: Buffer[] = [];
  const h = Buffer.alloc(24);
  h.writeUInt32LE(0xa1b23c4d, 0); // nanosecond pcap
  h.writeUInt16LE(2, 4);
  h.writeUInt16LE(4, 6);
  h.writeUInt32LE(262144, 16);
  h.writeUInt32LE(linkType, 20);
  chunks.push(h);
  for (const p of packets) {
    if (p.linkType !== linkType) continue; // classic pcap has one link type
    const r = Buffer.alloc(16);
    r.writeUInt32LE(p.tsSec, 0);
    r.writeUInt32LE(p.tsNsec, 4);
    r.writeUInt32LE(p.data.length, 8);
    r.writeUInt32LE(Math.max(p.origLen, p.data.length), 12);
    chunks.push(r, Buffer.from(p.data));
  }
  writeFileSync(path, Buffer.concat(chunks));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [inFile, outFile, n] = process.argv.slice(2);
  if (!inFile || !outFile) {
    process.stderr.write('usage: tsx tools/split-hello.ts <in> <out.pcap> [parts 3-5]\n');
    process.exit(2);
  }
  const r = await splitHellos(inFile, Number(n ?? 4));
  writePcap(outFile, r.packets);
  process.stdout.write(
    `${outFile}: ${r.split} ClientHello segment(s) split, ${r.packets.length} packets\n`,
  );
}
