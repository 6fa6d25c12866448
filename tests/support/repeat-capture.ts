// A big capture made of a small real one: the packets of a little-endian classic Ethernet pcap
// repeated `copies` (<= 256) times, each copy an hour later and with every IP address's second
// byte XORed with the copy number, so each copy's connections are new ones with the same bytes
// above IP. Connections come out as copies x the original's, which the tests check against.
import { readFileSync, writeFileSync } from 'node:fs';

function remapAddresses(frame: Buffer, c: number): void {
  const type = frame.length >= 14 ? frame.readUInt16BE(12) : 0;
  if (type === 0x0800 && frame.length >= 34) {
    frame[14 + 12 + 1]! ^= c; // source address, second byte
    frame[14 + 16 + 1]! ^= c; // destination address, second byte
  } else if (type === 0x86dd && frame.length >= 54) {
    frame[14 + 8 + 1]! ^= c;
    frame[14 + 24 + 1]! ^= c;
  }
}

export function repeatCapture(src: string, dst: string, copies: number): number {
  const buf = readFileSync(src);
  if (buf.readUInt32LE(0) !== 0xa1b2c3d4 || buf.readUInt32LE(20) !== 1)
    throw new Error(`${src}: not a little-endian Ethernet pcap`);
  if (copies < 1 || copies > 256) throw new Error('copies: 1..256');
  const parts: Buffer[] = [buf.subarray(0, 24)];
  for (let c = 0; c < copies; c++) {
    const copy = Buffer.from(buf.subarray(24));
    for (let off = 0; off + 16 <= copy.length;) {
      const len = copy.readUInt32LE(off + 8);
      copy.writeUInt32LE(copy.readUInt32LE(off) + c * 3600, off);
      remapAddresses(copy.subarray(off + 16, off + 16 + len), c);
      off += 16 + len;
    }
    parts.push(copy);
  }
  const out = Buffer.concat(parts);
  writeFileSync(dst, out);
  return out.length;
}
