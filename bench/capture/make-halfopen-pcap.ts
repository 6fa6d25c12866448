// Writes a pcap of N TCP SYNs from N distinct (src ip, src port) to one server: N concurrent
// half-open flows, the flow-table worst case. Generated on demand (tests, benchmarks), never
// committed. Usage: npx tsx bench/capture/make-halfopen-pcap.ts <out.pcap> [flows=1000000]
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

function checksum(buf: Buffer, start: number, end: number, seed = 0): number {
  let sum = seed;
  for (let i = start; i < end - 1; i += 2) sum += buf.readUInt16BE(i);
  if ((end - start) % 2 === 1) sum += buf[end - 1]! << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/** One Ethernet/IPv4/TCP SYN with MSS, SACK-permitted, timestamps, window scale (a Linux client). */
function syn(i: number, out: Buffer): number {
  const tcpOpts = Buffer.from([2, 4, 0x05, 0xb4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7]);
  const ipLen = 20 + 20 + tcpOpts.length;
  const frame = 14 + ipLen;
  out.fill(0, 0, frame);
  out.writeUInt16BE(0x0800, 12);
  const ip = 14;
  out[ip] = 0x45;
  out.writeUInt16BE(ipLen, ip + 2);
  out.writeUInt16BE(i & 0xffff, ip + 4);
  out.writeUInt16BE(0x4000, ip + 6);
  out[ip + 8] = 64;
  out[ip + 9] = 6;
  // src 10.a.b.c varies with i; 16 ports per address.
  const host = Math.floor(i / 16);
  out[ip + 12] = 10;
  out[ip + 13] = (host >>> 16) & 0xff;
  out[ip + 14] = (host >>> 8) & 0xff;
  out[ip + 15] = host & 0xff;
  out.writeUInt32BE(0xc0000201, ip + 16); // 192.0.2.1
  out.writeUInt16BE(checksum(out, ip, ip + 20), ip + 10);
  const tcp = ip + 20;
  out.writeUInt16BE(20000 + (i % 16) * 1000 + 1, tcp);
  out.writeUInt16BE(443, tcp + 2);
  out.writeUInt32BE((i * 2654435761) >>> 0, tcp + 4);
  out[tcp + 12] = ((20 + tcpOpts.length) / 4) << 4;
  out[tcp + 13] = 0x02;
  out.writeUInt16BE(64240, tcp + 14);
  tcpOpts.copy(out, tcp + 20);
  return frame;
}

export async function writeHalfOpenPcap(path: string, flows: number): Promise<void> {
  const ws = createWriteStream(path);
  const hdr = Buffer.alloc(24);
  hdr.writeUInt32LE(0xa1b2c3d4, 0);
  hdr.writeUInt16LE(2, 4);
  hdr.writeUInt16LE(4, 6);
  hdr.writeUInt32LE(65535, 16);
  hdr.writeUInt32LE(1, 20);
  ws.write(hdr);
  const batch = Buffer.alloc(1 << 20);
  let off = 0;
  const t0 = 1_700_000_000;
  const pkt = Buffer.alloc(128);
  for (let i = 0; i < flows; i++) {
    const len = syn(i, pkt);
    if (off + 16 + len > batch.length) {
      if (!ws.write(Buffer.from(batch.subarray(0, off)))) await once(ws, 'drain');
      off = 0;
    }
    // One SYN per 10 µs of capture time: 1M flows span 10 s, far inside any idle timeout.
    const us = i * 10;
    batch.writeUInt32LE(t0 + Math.floor(us / 1e6), off);
    batch.writeUInt32LE(us % 1e6, off + 4);
    batch.writeUInt32LE(len, off + 8);
    batch.writeUInt32LE(len, off + 12);
    pkt.copy(batch, off + 16, 0, len);
    off += 16 + len;
  }
  ws.write(Buffer.from(batch.subarray(0, off)));
  ws.end();
  await once(ws, 'finish');
}

if (process.argv[1]?.endsWith('make-halfopen-pcap.ts')) {
  const out = process.argv[2];
  if (!out) {
    process.stderr.write('usage: make-halfopen-pcap.ts <out.pcap> [flows]\n');
    process.exit(2);
  }
  await writeHalfOpenPcap(out, Number(process.argv[3] ?? 1_000_000));
}
