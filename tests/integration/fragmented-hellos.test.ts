// Fragmented QUIC Initials and DTLS/TLS ClientHellos must fingerprint (issue 18): the committed
// real captures (Chromium QUIC, openssl DTLS, curl/openssl TLS) have every IP packet whose
// payload is longer than the piece size (256 bytes; 96 for the small DTLS hellos) cut into IPv4
// fragments of that size, the first one twice, then the rest backwards;
// the records equal the unfragmented capture's and every datagram is reassembled.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodePacket } from '../../capture-worker/src/decode/decode.js';
import { DecodedPacket } from '../../capture-worker/src/decode/decoded-packet.js';
import type { RawPacket } from '../../capture-worker/src/pcap/packet.js';
import { readCaptureFile } from '../../capture-worker/src/pcap/read-file.js';
import { writePcap } from '../../tools/split-hello.js';
import { fingerprintFile } from '../support/fingerprint-file.js';

const CAPS = join(import.meta.dirname, '../../capture-worker/test-fixtures/captures');
const TMP = mkdtempSync(join(tmpdir(), 'ja4-frag-'));

/** The frame's IPv4 packet cut into 256-byte fragments (the first twice, then the rest backwards). */
function fragment(p: RawPacket, d: DecodedPacket, size: number): RawPacket[] {
  const ip = d.srcOff - 12;
  const ihl = ((p.data[ip] as number) & 0x0f) * 4;
  const total = ((p.data[ip + 2] as number) << 8) | (p.data[ip + 3] as number);
  const body = p.data.subarray(ip + ihl, ip + total);
  const pieces: Uint8Array[] = [];
  for (let o = 0; o < body.length; o += size) {
    const part = body.subarray(o, Math.min(body.length, o + size));
    const f = new Uint8Array(ip + ihl + part.length);
    f.set(p.data.subarray(0, ip + ihl));
    f.set(part, ip + ihl);
    const len = ihl + part.length;
    f[ip + 2] = len >> 8;
    f[ip + 3] = len & 0xff;
    const more = o + size < body.length ? 0x2000 : 0;
    f[ip + 6] = (more | (o / 8)) >> 8;
    f[ip + 7] = (more | (o / 8)) & 0xff;
    pieces.push(f);
  }
  // The first fragment twice, then the rest backwards: duplicates and reordering before the end.
  const order = [0, 0, ...[...pieces.keys()].slice(1).reverse()];
  return order.map((i) => ({
    ...p,
    origLen: (pieces[i] as Uint8Array).length,
    data: pieces[i] as Uint8Array,
  }));
}

async function fragmented(file: string, size: number): Promise<{ path: string; cut: number }> {
  const out: RawPacket[] = [];
  const d = new DecodedPacket();
  let cut = 0;
  for await (const p of readCaptureFile(join(CAPS, file))) {
    const copy = { ...p, data: p.data.slice() };
    if (
      decodePacket(copy.linkType, copy.data, d) === null &&
      d.ipVersion === 4 &&
      d.tunnels === 0 &&
      d.payloadLen > size
    ) {
      out.push(...fragment(copy, d, size));
      cut++;
    } else out.push(copy);
  }
  const path = join(TMP, file);
  writePcap(path, out);
  return { path, cut };
}

describe('fragmented hellos (issue 18)', () => {
  for (const [file, size] of [
    ['quic-chromium.pcap', 256],
    ['dtls-openssl.pcap', 96],
    ['tls-clients.pcap', 256],
  ] as const) {
    it(`${file}: same records after IPv4 fragmentation into ${size}-byte pieces`, async () => {
      const { path, cut } = await fragmented(file, size);
      expect(cut).toBeGreaterThan(0);
      const orig = await fingerprintFile(join(CAPS, file));
      const again = await fingerprintFile(path);
      const key = (r: Record<string, unknown>) => [
        r.transport,
        r.src_port,
        r.ja4,
        r.ja4s,
        r.ja3,
        r.ja3s,
      ];
      expect(again.records.map(key)).toEqual(orig.records.map(key));
      expect(again.records.some((r) => r.ja4 !== undefined)).toBe(true);
      expect(again.stats.seen.ipv4_reassembled).toBe(cut);
      expect(again.stats.seen.ip_fragment_duplicate).toBe(cut);
      expect(again.stats.decodeErrors).toEqual(orig.stats.decodeErrors);
    });
  }
});
