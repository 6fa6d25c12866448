// The issue-18 layer decoders (PPPoE, PPP, PPTP GRE, GTP-U, L2TPv2, L2TPv3, MPLS and its Ethernet
// pseudowires, 802.11/radiotap, NFLOG, Cisco HDLC, 6in4/4in6, IPv6 fragments) on real fixture
// frames mutated at random, and on random bytes: every result is null or a named kind, never a
// throw, and a decoded payload stays inside the frame.
import fc from 'fast-check';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCaptureFile } from '../pcap/read-file.js';
import { decodePacket } from './decode.js';
import { DecodedPacket } from './decoded-packet.js';

const FIX = join(import.meta.dirname, '../../test-fixtures/encapsulation');
const FILES = [
  'pppoe',
  'pptp-gre',
  'gtpu',
  'l2tp',
  'radiotap',
  'nflog',
  '6in4',
  '4in6',
  'frag-v6',
  'frag-v4-client-side',
  'mpls-ip',
  'mpls-pw-cw',
  'mpls-pw-nocw',
  'l2tpv3-ip',
  'l2tpv3-udp',
];
const LINKS = [1, 9, 12, 50, 51, 101, 104, 105, 113, 127, 204, 228, 229, 239, 276];

async function frames(): Promise<{ link: number; data: Uint8Array }[]> {
  const out: { link: number; data: Uint8Array }[] = [];
  for (const f of FILES) {
    let n = 0;
    for await (const p of readCaptureFile(join(FIX, `${f}.pcap`))) {
      if (n++ % 3 === 0) out.push({ link: p.linkType, data: p.data.slice() });
    }
  }
  return out;
}

describe('layer decoders on mutated real frames (property)', () => {
  it('give a packet inside the frame or a named reason, never a throw', async () => {
    const real = await frames();
    expect(real.length).toBeGreaterThan(50);
    const d = new DecodedPacket();
    const kind = /^[a-z0-9_]+$/;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: real.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
        fc.nat(),
        fc.boolean(),
        fc.constantFrom(...LINKS),
        (i, flips, cut, otherLink, link) => {
          const f = real[i] as { link: number; data: Uint8Array };
          const b = f.data.slice(0, f.data.length - (cut % Math.max(1, f.data.length >> 2)));
          for (const [pos, v] of flips) if (b.length > 0) b[pos % b.length] = v;
          const err = decodePacket(otherLink ? link : f.link, b, d);
          if (err === null) expect(d.payloadOff + d.payloadLen).toBeLessThanOrEqual(b.length);
          else expect(err).toMatch(kind);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('random bytes on every link type: a packet inside the frame or a named reason', () => {
    const d = new DecodedPacket();
    fc.assert(
      fc.property(fc.constantFrom(...LINKS), fc.uint8Array({ maxLength: 200 }), (link, b) => {
        const err = decodePacket(link, b, d);
        if (err === null) expect(d.payloadOff + d.payloadLen).toBeLessThanOrEqual(b.length);
        else expect(err).toMatch(/^[a-z0-9_]+$/);
      }),
      { numRuns: 3000 },
    );
  });

  it('an MPLS or L2TPv3 header in front of random bytes: never a throw, a frame-bounded payload', () => {
    const d = new DecodedPacket();
    const mplsHead = [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 2, 0x88, 0x47, 0x03, 0xe8, 0x11, 0x40];
    const l2tpv3Ip = [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 2, 0x08, 0x00];
    fc.assert(
      fc.property(fc.boolean(), fc.uint8Array({ minLength: 0, maxLength: 120 }), (mpls, tail) => {
        let b: Uint8Array;
        if (mpls) b = Uint8Array.from([...mplsHead, ...tail]);
        else {
          // IPv4 header, protocol 115, total length covering the tail.
          const ip = [
            0x45,
            0,
            0,
            20 + tail.length,
            0,
            0,
            0,
            0,
            64,
            115,
            0,
            0,
            10,
            0,
            0,
            1,
            10,
            0,
            0,
            2,
          ];
          b = Uint8Array.from([...l2tpv3Ip, ...ip, ...tail]);
        }
        const err = decodePacket(1, b, d);
        if (err === null) expect(d.payloadOff + d.payloadLen).toBeLessThanOrEqual(b.length);
        else expect(err).toMatch(/^[a-z0-9_]+$/);
      }),
      { numRuns: 3000 },
    );
  });
});
