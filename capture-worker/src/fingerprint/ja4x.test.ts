import { describe, expect, it } from 'vitest';
import { splitCertificateMessage } from '../tls/certificate.js';
import { hash12 } from '../util/hash.js';
import { ParseError } from '../util/parse-error.js';
import { buildCertificate } from '../x509/fixtures.js';
import { ja4x } from './ja4x.js';

// OID encodings from spec §5: 2.5.4.6 -> 550406, 2.5.4.10 -> 55040a, 2.5.4.3 -> 550403,
// 2.5.29.15 -> 551d0f, 1.3.6.1.5.5.7.1.1 -> 2b06010505070101.
describe('JA4X (spec §5)', () => {
  it("hash12('551d0f,551d25,551d11') is aae71e8db6d7", () => {
    expect(hash12('551d0f,551d25,551d11')).toBe('aae71e8db6d7');
  });

  it('lists attribute-type OIDs of every RDN in order and extension OIDs in order', () => {
    const der = buildCertificate({
      issuer: [['550406'], ['55040a'], ['550403']],
      subject: [['550403', '55040a']], // multi-valued RDN: both attributes, in order
      extensions: ['551d0f', '551d25', '551d11'],
    });
    expect(ja4x(der)).toEqual({
      ja4x: `${hash12('550406,55040a,550403')}_${hash12('550403,55040a')}_aae71e8db6d7`,
      ja4x_r: '550406,55040a,550403_550403,55040a_551d0f,551d25,551d11',
    });
  });

  it('v1 certificates (no version, no extensions) and empty names give twelve zeros', () => {
    const der = buildCertificate({ issuer: [], subject: [['2b06010505070101']], version: false });
    expect(ja4x(der)).toEqual({
      ja4x: `000000000000_${hash12('2b06010505070101')}_000000000000`,
      ja4x_r: '_2b06010505070101_',
    });
  });

  it('rejects malformed DER with a typed error', () => {
    const der = buildCertificate({ issuer: [['550406']], subject: [], extensions: ['551d0f'] });
    expect(() => ja4x(der.subarray(0, der.length - 5))).toThrow(ParseError);
    const bad = der.slice();
    bad[0] = 0x31;
    expect(() => ja4x(bad)).toThrow(/expected tag 0x30/);
  });

  it('splits a TLS 1.2 Certificate message and the TLS 1.3 layout', () => {
    const a = buildCertificate({ issuer: [['550406']], subject: [['550403']] });
    const b = buildCertificate({
      issuer: [['550403']],
      subject: [['550403']],
      extensions: ['551d11'],
    });
    const u24 = (n: number) => [n >> 16, (n >> 8) & 0xff, n & 0xff];
    const list = [...u24(a.length), ...a, ...u24(b.length), ...b];
    expect(splitCertificateMessage(Uint8Array.from([...u24(list.length), ...list]))).toEqual([
      a,
      b,
    ]);
    const list13 = [...u24(a.length), ...a, 0, 0, ...u24(b.length), ...b, 0, 2, 0xaa, 0xbb];
    expect(
      splitCertificateMessage(Uint8Array.from([0, ...u24(list13.length), ...list13]), {
        tls13: true,
      }),
    ).toEqual([a, b]);
    expect(() => splitCertificateMessage(Uint8Array.from([0, 0, 9, 0, 0, 5, 1]))).toThrow(
      ParseError,
    );
  });
});
