// Wraps every frame of a real Ethernet capture in tunnel and VLAN encapsulations, one output file
// per kind, for decode tests: no GRE/VXLAN/Geneve endpoint runs on the machine that records the
// fixtures, so the inner traffic is real and only the outer layers are built here (documented in
// capture-worker/test-fixtures/captures/README.md). Outer IPv4 headers carry correct checksums;
// outer UDP checksums are zero (allowed for IPv4). Classic little-endian pcap in and out.
//   node --import tsx tools/wrap-capture.ts <in.pcap> <out-dir>
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [input, outDir] = process.argv.slice(2);
if (!input || !outDir) {
  console.error('usage: wrap-capture.ts <in.pcap> <out-dir>');
  process.exit(2);
}

const buf = readFileSync(input);
if (buf.readUInt32LE(0) !== 0xa1b2c3d4 || buf.readUInt32LE(20) !== 1) {
  console.error(`${input}: expected a little-endian microsecond pcap of Ethernet frames`);
  process.exit(1);
}
interface Frame {
  header: Buffer; // 16-byte record header (lengths rewritten on output)
  eth: Buffer;
}
const frames: Frame[] = [];
for (let o = 24; o + 16 <= buf.length;) {
  const incl = buf.readUInt32LE(o + 8);
  frames.push({ header: buf.subarray(o, o + 16), eth: buf.subarray(o + 16, o + 16 + incl) });
  o += 16 + incl;
}

const OUTER_MAC = Buffer.from('02000000000a02000000000b', 'hex');
const u16 = (n: number): Buffer => Buffer.from([n >> 8, n & 255]);

function ipv4(proto: number, payload: Buffer, src = [192, 0, 2, 1], dst = [192, 0, 2, 2]): Buffer {
  const h = Buffer.alloc(20);
  h[0] = 0x45;
  h.writeUInt16BE(20 + payload.length, 2);
  h.writeUInt16BE(0x4000, 6);
  h[8] = 63;
  h[9] = proto;
  Buffer.from(src).copy(h, 12);
  Buffer.from(dst).copy(h, 16);
  let sum = 0;
  for (let i = 0; i < 20; i += 2) sum += h.readUInt16BE(i);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >> 16);
  h.writeUInt16BE(~sum & 0xffff, 10);
  return Buffer.concat([h, payload]);
}
const udp = (dport: number, payload: Buffer): Buffer =>
  Buffer.concat([u16(49152), u16(dport), u16(8 + payload.length), u16(0), payload]);
const ethIp = (ip: Buffer): Buffer => Buffer.concat([OUTER_MAC, u16(0x0800), ip]);
const innerIp = (eth: Buffer): Buffer => eth.subarray(14); // lo frames carry IPv4 directly
const gre = (proto: number, payload: Buffer): Buffer =>
  ipv4(47, Buffer.concat([u16(0), u16(proto), payload]));
const vxlan = (eth: Buffer): Buffer =>
  ipv4(17, udp(4789, Buffer.concat([Buffer.from([8, 0, 0, 0, 0, 0x10, 0x01, 0]), eth])));

let seq = 0;
const kinds: Record<string, (eth: Buffer) => Buffer> = {
  // 802.1Q VLAN 100
  'tunnel-vlan': (eth) =>
    Buffer.concat([eth.subarray(0, 12), u16(0x8100), u16(100), eth.subarray(12)]),
  // 802.1ad outer tag 200, 802.1Q inner tag 100
  'tunnel-qinq': (eth) =>
    Buffer.concat([
      eth.subarray(0, 12),
      u16(0x88a8),
      u16(200),
      u16(0x8100),
      u16(100),
      eth.subarray(12),
    ]),
  // plain GRE carrying IPv4
  'tunnel-gre': (eth) => ethIp(gre(0x0800, innerIp(eth))),
  // GRE with a sequence number carrying ERSPAN type II (version 1, VLAN 0, session 7) + Ethernet
  'tunnel-erspan': (eth) => {
    const greHdr = Buffer.concat([u16(0x1000), u16(0x88be), Buffer.alloc(4)]);
    greHdr.writeUInt32BE(seq++, 4);
    const erspan = Buffer.from([0x10, 0x00, 0x00, 0x07, 0, 0, 0, 0]);
    return ethIp(ipv4(47, Buffer.concat([greHdr, erspan, eth])));
  },
  // VXLAN VNI 4097 carrying Ethernet
  'tunnel-vxlan': (eth) => ethIp(vxlan(eth)),
  // Geneve VNI 4097, protocol Transparent Ethernet Bridging
  'tunnel-geneve': (eth) =>
    ethIp(
      ipv4(17, udp(6081, Buffer.concat([Buffer.from([0, 0, 0x65, 0x58, 0, 0x10, 0x01, 0]), eth]))),
    ),
  // two layers: GRE carrying IPv4/UDP/VXLAN carrying the original Ethernet frame
  'tunnel-gre-vxlan': (eth) => ethIp(gre(0x0800, vxlan(eth))),
};

for (const [name, wrap] of Object.entries(kinds)) {
  const parts: Buffer[] = [buf.subarray(0, 24)];
  for (const f of frames) {
    const data = wrap(f.eth);
    const h = Buffer.from(f.header);
    h.writeUInt32LE(data.length, 8);
    h.writeUInt32LE(data.length, 12);
    parts.push(h, data);
  }
  const file = join(outDir, `${name}.pcap`);
  writeFileSync(file, Buffer.concat(parts));
  console.log(`${file}: ${frames.length} frames`);
}
