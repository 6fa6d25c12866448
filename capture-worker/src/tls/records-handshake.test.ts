import { describe, expect, it } from 'vitest';
import { ParseError } from '../util/parse-error.js';
import { parseClientHello } from './client-hello.js';
import { ascii, clientHelloBody, ext, record } from './fixtures/build.js';
import { splitHandshake } from './handshake.js';
import { isSslv2ClientHello, parseRecordHeader, splitRecords } from './records.js';

const body = clientHelloBody({
  ciphers: [0x1301, 0x1302],
  extensions: [ext.sni('example.org'), ext.alpn(ascii('h2'))],
});

describe('TLS records', () => {
  it('splits complete records and says how many bytes the next one needs', () => {
    const rec = record(1, body);
    const two = Uint8Array.from([...rec, ...rec]);
    expect(splitRecords(two).records).toHaveLength(2);
    const partial = splitRecords(two.subarray(0, rec.length + 10));
    expect(partial).toMatchObject({ consumed: rec.length, needed: rec.length - 10 });
    expect(splitRecords(two.subarray(0, 3))).toMatchObject({ consumed: 0, needed: 2 });
    expect(parseRecordHeader(rec)).toEqual({
      contentType: 22,
      version: 0x0301,
      length: rec.length - 5,
      headerLength: 5,
    });
  });

  it('rejects an SSLv2-compatible ClientHello with its own code', () => {
    // 2-byte header, msg CLIENT-HELLO, version 3.1, then cipher-spec / session-id / challenge lengths.
    const v2 = Uint8Array.from([
      0x80,
      0x2e,
      0x01,
      0x03,
      0x01,
      0x00,
      0x15,
      0x00,
      0x00,
      0x00,
      0x10,
      ...new Array<number>(37).fill(1),
    ]);
    expect(isSslv2ClientHello(v2)).toBe(true);
    try {
      splitRecords(v2);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ParseError);
      expect((err as ParseError).code).toBe('tls_sslv2_hello');
    }
  });

  it('rejects non-TLS bytes and oversize records', () => {
    expect(() => splitRecords(new TextEncoder().encode('GET / HTTP/1.1\r\n'))).toThrow(
      /content type 71/,
    );
    expect(() => parseRecordHeader(Uint8Array.from([22, 3, 3, 0x50, 0]))).toThrow(
      /over the TLS limit/,
    );
    expect(
      parseRecordHeader(Uint8Array.from([22, 0xfe, 0xfd, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]), 0, {
        dtls: true,
      }),
    ).toMatchObject({ epoch: 1, headerLength: 13 });
    expect(() => parseRecordHeader(Uint8Array.from([22, 0xfe, 0xfd, 0, 5]))).toThrow(/version/);
  });
});

describe('handshake splitter', () => {
  it('reassembles a ClientHello delivered in pieces (record or segment boundaries anywhere)', () => {
    const rec = record(1, body);
    const hs = rec.subarray(5);
    for (const cut of [1, 3, 4, 5, 40, hs.length - 1]) {
      const first = splitHandshake(hs.subarray(0, cut));
      expect(first.messages).toHaveLength(0);
      expect(first.needed).toBe(cut < 4 ? 4 - cut : hs.length - cut);
      const whole = splitHandshake(hs);
      expect(whole).toMatchObject({ consumed: hs.length, needed: 0 });
      expect(parseClientHello(whole.messages[0]!.body).serverName).toBe('example.org');
    }
  });

  it('yields several messages in order and caps the announced length', () => {
    const hs = Uint8Array.from([2, 0, 0, 1, 7, 11, 0, 0, 0, 14, 0, 0, 0]);
    expect(splitHandshake(hs).messages.map((m) => [m.type, m.body.length])).toEqual([
      [2, 1],
      [11, 0],
      [14, 0],
    ]);
    expect(() => splitHandshake(Uint8Array.from([1, 0xff, 0xff, 0xff]))).toThrow(ParseError);
  });

  it('DTLS: 12-byte header with fragment fields', () => {
    const hs = Uint8Array.from([1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 2, 0xaa, 0xbb]);
    expect(splitHandshake(hs, { dtls: true }).messages[0]).toMatchObject({
      type: 1,
      dtls: { messageSeq: 0, fragmentOffset: 0, fragmentLength: 2, length: 2 },
    });
    expect(() =>
      splitHandshake(Uint8Array.from([1, 0, 0, 2, 0, 0, 0, 0, 1, 0, 0, 2]), { dtls: true }),
    ).toThrow(/exceeds/);
  });
});
