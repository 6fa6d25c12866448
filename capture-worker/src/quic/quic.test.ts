import fc from 'fast-check';
import { createCipheriv, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodePacket } from '../decode/decode.js';
import { DecodedPacket } from '../decode/decoded-packet.js';
import { readCaptureFile } from '../pcap/read-file.js';
import { capturePath } from '../../test-fixtures/captures.js';
import { aes128EncryptBlock, aes128Key } from './aes-block.js';
import { CryptoStream } from './crypto-stream.js';
import { QuicError } from './errors.js';
import { cryptoFrames } from './frames.js';
import { deriveInitialKeys, hmacSha256, QUIC_V1, QUIC_V2 } from './initial-keys.js';
import { decryptInitial, splitLongPackets } from './long-header.js';

// Chromium's HTTP/3 connection to caddy (tools/capture-test-traffic.sh), and tshark's list of the
// CRYPTO frames in each of its QUIC packets: frame number, offsets, lengths, DCID.
const CAPTURE = 'quic-chromium.pcap';
const tsharkCrypto = readFileSync(capturePath('quic-chromium.crypto.tsv'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => {
    const [frame, offsets, lengths, dcid] = l.split('\t');
    return {
      frame: Number(frame),
      offsets: offsets!.split(',').map(Number),
      lengths: lengths!.split(',').map(Number),
      dcid: dcid ?? '',
    };
  });
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('QUIC Initial keys', () => {
  const dcid = Buffer.from('8394c8f03e515708', 'hex');

  it('match RFC 9001 Appendix A.1 (v1)', () => {
    const k = deriveInitialKeys(dcid, QUIC_V1);
    expect([hex(k.client.key), hex(k.client.iv), hex(k.client.hp)]).toEqual([
      '1f369613dd76d5467730efcbe3b1a22d',
      'fa044b2f42a3fd3b46fb255c',
      '9f50449e04a0e810283a1e9933adedd2',
    ]);
    expect([hex(k.server.key), hex(k.server.iv), hex(k.server.hp)]).toEqual([
      'cf3a5331653c364c88f0f379b6067e37',
      '0ac1493ca1905853b0bba03e',
      'c206b8d9b9f0f37644430b490eeaa314',
    ]);
  });

  it('match RFC 9369 Appendix A.1 (v2)', () => {
    const k = deriveInitialKeys(dcid, QUIC_V2);
    expect([hex(k.client.key), hex(k.client.iv), hex(k.client.hp)]).toEqual([
      '8b1a0bc121284290a29e0971b5cd045d',
      '91f73e2351d8fa91660e909f',
      '45b95e15235d6f45a6b19cbcb0294ba9',
    ]);
  });
});

async function udpPayloads(file: string, count: number): Promise<Uint8Array[]> {
  const d = new DecodedPacket();
  const out: Uint8Array[] = [];
  for await (const p of readCaptureFile(capturePath(file))) {
    if (decodePacket(p.linkType, p.data, d) === null && d.proto === 17)
      out.push(d.payload().slice());
    if (out.length === count) return out;
  }
  throw new Error(`fewer than ${count} UDP packets in ${file}`);
}

describe('QUIC Initial decryption on a Chromium capture', () => {
  it("Chromium's ClientHello: CRYPTO frames out of order over two Initials, as tshark lists them, reassemble into one ClientHello", async () => {
    const dgrams = await udpPayloads(CAPTURE, 2);
    const cs = new CryptoStream();
    for (const [i, dgram] of dgrams.entries()) {
      const [pkt] = splitLongPackets(dgram);
      expect(pkt?.type).toBe('initial');
      expect(hex(pkt!.dcid)).toBe(tsharkCrypto[i]!.dcid);
      const keys = deriveInitialKeys(pkt!.dcid, pkt!.version);
      const frames = cryptoFrames(decryptInitial(dgram, pkt!, keys.client));
      expect(frames.map((f) => f.offset)).toEqual(tsharkCrypto[i]!.offsets);
      expect(frames.map((f) => f.data.length)).toEqual(tsharkCrypto[i]!.lengths);
      for (const f of frames.reverse()) cs.add(f);
    }
    expect(tsharkCrypto[0]!.offsets).not.toEqual(
      [...tsharkCrypto[0]!.offsets].sort((a, b) => a - b),
    );
    const hello = cs.bytes();
    expect(hello[0]).toBe(1); // ClientHello
    expect(4 + ((hello[1]! << 16) | (hello[2]! << 8) | hello[3]!)).toBe(hello.length);
    const total = tsharkCrypto
      .slice(0, 2)
      .flatMap((r) => r.lengths)
      .reduce((a, b) => a + b, 0);
    expect(hello.length).toBe(total);
  });

  it('a wrong key or a flipped byte is a typed decrypt error', async () => {
    const [dgram] = await udpPayloads(CAPTURE, 1);
    const [pkt] = splitLongPackets(dgram!);
    const keys = deriveInitialKeys(Buffer.from('0001020304050607', 'hex'), QUIC_V1);
    expect(() => decryptInitial(dgram!, pkt!, keys.client)).toThrow(QuicError);
    const bad = Uint8Array.from(dgram!);
    bad[bad.length - 20]! ^= 1;
    const good = deriveInitialKeys(pkt!.dcid, pkt!.version);
    expect(() => decryptInitial(bad, pkt!, good.client)).toThrow(/authentication failed/);
  });
});

describe('QUIC parsers (properties)', () => {
  it('random or mutated datagrams give packets/frames or QuicError only', async () => {
    const dgram = (await udpPayloads(CAPTURE, 1))[0]!;
    const [pkt] = splitLongPackets(dgram);
    const plain = decryptInitial(dgram, pkt!, deriveInitialKeys(pkt!.dcid, pkt!.version).client);
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.integer({ min: 0, max: dgram.length - 1 }),
        fc.integer({ min: 0, max: 255 }),
        (rand, i, v) => {
          const m = Uint8Array.from(dgram);
          m[i] = v;
          for (const input of [rand, m, m.subarray(0, i)]) {
            try {
              for (const p of splitLongPackets(input))
                expect(p.end).toBeLessThanOrEqual(input.length);
            } catch (e) {
              expect(e).toBeInstanceOf(QuicError);
            }
          }
          const pm = Uint8Array.from(plain.subarray(0, Math.min(plain.length, 400)));
          pm[i % pm.length] = v;
          for (const input of [rand, pm]) {
            try {
              for (const f of cryptoFrames(input))
                expect(f.data.length).toBeLessThanOrEqual(input.length);
            } catch (e) {
              expect(e).toBeInstanceOf(QuicError);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('hmacSha256 (the HKDF of the Initial keys)', () => {
  it('equals createHmac for keys up to one block and any message', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 64 }),
        fc.uint8Array({ maxLength: 300 }),
        (key, data) => {
          expect(hex(hmacSha256(key, data))).toBe(
            createHmac('sha256', key).update(data).digest('hex'),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('AES-128 block encryption (header protection)', () => {
  const enc = (key: Uint8Array, block: Uint8Array): string => {
    const out = new Uint8Array(16);
    aes128EncryptBlock(aes128Key(key), block, 0, out);
    return hex(out);
  };

  it('matches the FIPS 197 Appendix C.1 vector', () => {
    expect(
      enc(
        Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex'),
        Buffer.from('00112233445566778899aabbccddeeff', 'hex'),
      ),
    ).toBe('69c4e0d86a7b0430d8cdb78070b4c55a');
  });

  it("equals OpenSSL's aes-128-ecb for any key and block", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        (key, block) => {
          const c = createCipheriv('aes-128-ecb', key, null);
          c.setAutoPadding(false);
          expect(enc(key, block)).toBe(hex(c.update(block)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the RFC 9001 Appendix A.2 header-protection sample gives its mask', () => {
    const k = deriveInitialKeys(Buffer.from('8394c8f03e515708', 'hex'), QUIC_V1);
    const out = new Uint8Array(16);
    aes128EncryptBlock(
      k.client.hpSchedule,
      Buffer.from('d1b1c98dd7689fb8ec11d242b123dc9b', 'hex'),
      0,
      out,
    );
    expect(hex(out.subarray(0, 5))).toBe('437b9aec36');
  });
});

describe('the JS SHA-256 and AES behind the Initial keys, against node:crypto', () => {
  // Lengths where SHA-256's padding changes shape: the 0x80 byte and the 8-byte length fit in the
  // last block up to 55 bytes of it, need a second block from 56, and a message can end exactly on a
  // block boundary (64, 128). The HMAC's inner hash starts after the 64-byte pad block.
  const edges = [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 191, 192];

  it('HMAC-SHA256 equals createHmac at every padding edge, for keys of 0 to 64 bytes', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 64 }),
        fc.constantFrom(...edges).chain((n) => fc.uint8Array({ minLength: n, maxLength: n })),
        (key, data) => {
          expect(hex(hmacSha256(key, data))).toBe(
            createHmac('sha256', key).update(data).digest('hex'),
          );
        },
      ),
      { numRuns: 400 },
    );
  });

  it('refuses a key longer than one block with a RangeError (never a wrong digest)', () => {
    expect(() => hmacSha256(new Uint8Array(65), new Uint8Array(1))).toThrow(RangeError);
  });

  // The whole derivation rebuilt from node:crypto alone (HKDF-Extract and one-block
  // HKDF-Expand-Label as RFC 8446 §7.1 writes them, the mask by OpenSSL's aes-128-ecb), for any
  // DCID of 0-20 bytes, both versions: the JS path must give the same key, iv, hp and mask.
  it('deriveInitialKeys and the header-protection mask equal a node:crypto rebuild', () => {
    const hmac = (k: Uint8Array, d: Uint8Array): Buffer =>
      createHmac('sha256', k).update(d).digest();
    const expand = (secret: Buffer, label: string, len: number): Buffer => {
      const l = Buffer.from(`tls13 ${label}`, 'latin1');
      const info = Buffer.concat([Buffer.of(0, len, l.length), l, Buffer.of(0, 1)]);
      return hmac(secret, info).subarray(0, len);
    };
    const salts = {
      [QUIC_V1]: Buffer.from('38762cf7f55934b34d179ae6a4c80cadccbb7f0a', 'hex'),
      [QUIC_V2]: Buffer.from('0dede3def700a6db819381be6e269dcbf9bd2ed9', 'hex'),
    };
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 20 }),
        fc.constantFrom(QUIC_V1, QUIC_V2),
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        (dcid, version, sample) => {
          const pre = version === QUIC_V2 ? 'quicv2 ' : 'quic ';
          const initial = hmac(salts[version], dcid);
          const got = deriveInitialKeys(dcid, version);
          for (const [side, keys] of [
            ['client in', got.client],
            ['server in', got.server],
          ] as const) {
            const secret = expand(initial, side, 32);
            const hp = expand(secret, `${pre}hp`, 16);
            expect([hex(keys.key), hex(keys.iv), hex(keys.hp)]).toEqual([
              hex(expand(secret, `${pre}key`, 16)),
              hex(expand(secret, `${pre}iv`, 12)),
              hex(hp),
            ]);
            const c = createCipheriv('aes-128-ecb', hp, null);
            c.setAutoPadding(false);
            const mask = new Uint8Array(16);
            aes128EncryptBlock(keys.hpSchedule, sample, 0, mask);
            expect(hex(mask)).toBe(hex(c.update(sample)));
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
