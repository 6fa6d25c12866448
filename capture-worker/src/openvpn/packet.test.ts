// OpenVPN packet layout: the HMAC size is found from a real client hard reset, and random or cut
// bytes give undefined, never a throw.
import fc from 'fast-check';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DecodedPacket } from '../decode/decoded-packet.js';
import { decodePacket } from '../decode/decode.js';
import { readCaptureFile } from '../pcap/read-file.js';
import { detectHmac, parseControl } from './packet.js';

const FIX = join(import.meta.dirname, '../../test-fixtures/openvpn');

async function firstPayload(file: string): Promise<Uint8Array> {
  const d = new DecodedPacket();
  for await (const p of readCaptureFile(join(FIX, file)))
    if (decodePacket(p.linkType, p.data, d) === null && d.payloadLen > 0)
      return d.payload().slice();
  throw new Error('no payload');
}

describe('OpenVPN control packets', () => {
  it('tls-auth HMAC size from the client hard reset: none, SHA1, SHA256; tls-crypt: none found', async () => {
    expect(detectHmac(await firstPayload('udp.pcap'))).toBe(0);
    expect(detectHmac(await firstPayload('udp-tls-auth.pcap'))).toBe(20);
    expect(detectHmac(await firstPayload('udp-tls-auth-sha256.pcap'))).toBe(32);
    expect(detectHmac(await firstPayload('udp-tls-crypt.pcap'))).toBeUndefined();
  });

  it('random and cut packets: a packet or undefined, never a throw', async () => {
    const real = await firstPayload('udp-tls-auth.pcap');
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 120 }),
          fc.integer({ min: 0, max: real.length }).map((n) => real.subarray(0, n)),
        ),
        fc.constantFrom(0, 16, 20, 32, 64),
        (b, h) => {
          const c = parseControl(b, h);
          if (c !== undefined)
            expect(c.payload.byteOffset + c.payload.length).toBeLessThanOrEqual(
              b.byteOffset + b.length,
            );
          detectHmac(b);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
