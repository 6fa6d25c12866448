// The input of the engine benchmarks on handshake-heavy traffic: the reference
// tls-handshake.pcapng (64 TCP and 20 QUIC ClientHellos in 193 packets) held in memory as 64
// copies, each with every IP address and client port moved (as make-bench-pcap.py does), so a
// round over one copy opens only new flows. Shared by handshake-engine.bench.ts and
// engine-ab.bench.ts.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RawPacket } from '../../capture-worker/src/pcap/packet.js';
import { forEachPacket } from '../../capture-worker/src/pcap/read-file.js';

const ROOT = join(import.meta.dirname, '../..');

/** The capture converted to pcap once (bench/out/engine), or exit 2 naming what is missing. */
export function referenceCapture(bench: string): string {
  const ref = join(
    process.env.JA4WS_REFERENCE_DIR ?? join(ROOT, '../shared/testdata/ja4-reference'),
    'pcap',
  );
  const src = join(ref, 'tls-handshake.pcapng');
  if (!existsSync(src)) {
    console.error(`${bench}: no ${src}: set JA4WS_REFERENCE_DIR`);
    process.exit(2);
  }
  const out = join(ROOT, 'bench/out/engine');
  mkdirSync(out, { recursive: true });
  const one = join(out, 'tls-handshake.pcap');
  if (!existsSync(one)) execFileSync('editcap', ['-F', 'pcap', src, one], { stdio: 'ignore' });
  return one;
}

/** Ethernet + IPv4 only (this capture): XOR two address bytes with `i`, move the client port. */
function copyShifted(base: readonly RawPacket[], i: number): RawPacket[] {
  return base.map((p) => {
    const b = Uint8Array.from(p.data);
    const off = 14;
    if (((b[12] as number) << 8) + (b[13] as number) === 0x0800) {
      for (const a of [off + 12, off + 16]) {
        b[a + 1] = (b[a + 1] as number) ^ ((i >> 8) & 0xff);
        b[a + 2] = (b[a + 2] as number) ^ (i & 0xff);
      }
      const l4 = off + ((b[off] as number) & 15) * 4;
      const sp = ((b[l4] as number) << 8) | (b[l4 + 1] as number);
      const dp = ((b[l4 + 2] as number) << 8) | (b[l4 + 3] as number);
      const at = sp > dp ? l4 : l4 + 2;
      const port = Math.max(sp, dp);
      if (port >= 1024 && port !== 443) {
        const np = 1024 + ((port - 1024 + i) % 64512);
        b[at] = np >> 8;
        b[at + 1] = np & 0xff;
      }
    }
    return { ...p, data: b };
  });
}

export type Transport = 'all' | 'tcp' | 'quic';

/** The packets of the capture, and 64 moved copies of them (used in turn), of one transport. */
export async function handshakeRounds(
  file: string,
  only: Transport = 'all',
): Promise<{ base: RawPacket[]; copies: RawPacket[][] }> {
  const all: RawPacket[] = [];
  await forEachPacket(file, (p) => all.push({ ...p, data: Uint8Array.from(p.data) }));
  // IPv4 protocol byte (this capture: Ethernet + IPv4 without options): 6 TCP, 17 UDP (QUIC).
  const keep = (p: RawPacket): boolean =>
    only === 'all' || p.data[23] === (only === 'tcp' ? 6 : 17);
  const base = all.filter(keep);
  return { base, copies: Array.from({ length: 64 }, (_, i) => copyShifted(base, i + 1)) };
}
