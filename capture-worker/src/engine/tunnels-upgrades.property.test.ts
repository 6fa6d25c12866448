// The engine paths added for issue 18 (OpenVPN control channel over UDP and TCP, TLS after
// STARTTLS / SOCKS / CONNECT incl. TLS starting mid-segment, IP reassembly, ServerHello leniency,
// MPLS pseudowires and L2TPv3) on mutated real captures:
// random byte changes and cuts never make push() throw, and every counter stays a number.
import fc from 'fast-check';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RawPacket } from '../pcap/packet.js';
import { readCaptureFile } from '../pcap/read-file.js';
import { createEngine } from './engine.js';

const FIX = join(import.meta.dirname, '../../test-fixtures');
const FILES = [
  'openvpn/udp-tls-auth.pcap',
  'openvpn/tcp.pcap',
  'tls-upgrade/postgres.pcap',
  'tls-upgrade/socks5.pcap',
  'tls-upgrade/http-connect.pcap',
  'encapsulation/frag-v4-client-side.pcap',
  'odd-handshakes/draft-sh.pcap',
  'odd-handshakes/dtls-badver.pcap',
  'tls-upgrade/smtp.pcap',
  'tls-upgrade/socks4.pcap',
  'openvpn/tcp-tls-crypt.pcap',
  'encapsulation/frag-v6.pcap',
  'encapsulation/mpls-pw-cw.pcap',
  'encapsulation/l2tpv3-ip.pcap',
];

async function load(file: string): Promise<RawPacket[]> {
  const out: RawPacket[] = [];
  for await (const p of readCaptureFile(join(FIX, file))) out.push({ ...p, data: p.data.slice() });
  return out;
}

describe('issue-18 engine paths on mutated real captures (property)', () => {
  it('never throw out of push()', async () => {
    const caps = await Promise.all(FILES.map(load));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: caps.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 0, max: 255 }), fc.nat()), {
          maxLength: 20,
        }),
        (c, muts) => {
          const base = caps[c] as RawPacket[];
          const pkts = base.map((p) => ({ ...p, data: p.data.slice() }));
          for (const [i, at, v, cut] of muts) {
            const p = pkts[i % pkts.length] as RawPacket;
            if (p.data.length > 0) p.data[at % p.data.length] = v;
            if (v % 4 === 0 && p.data.length > 1)
              p.data = p.data.subarray(0, 1 + (cut % p.data.length));
          }
          const e = createEngine({ onRecord: () => {} });
          for (const p of pkts) e.push(p);
          e.finish();
          for (const v of Object.values(e.stats().seen)) expect(Number.isFinite(v)).toBe(true);
        },
      ),
      { numRuns: 400 },
    );
  });
});
