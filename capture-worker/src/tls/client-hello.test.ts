import { describe, expect, it } from 'vitest';
import { ParseError } from '../util/parse-error.js';
import { ByteReader } from '../util/reader.js';
import { parseClientHello } from './client-hello.js';
import { ascii, clientHelloBody, ext, type Ext } from './fixtures/build.js';
import { fixture, handshakeMessages } from './fixtures/load.js';

const bytes = (b: Uint8Array | undefined) => (b === undefined ? undefined : Array.from(b));
const utf8Sni = (name: string): Ext => {
  const n = Array.from(new TextEncoder().encode(name));
  const entry = [0, n.length >> 8, n.length & 0xff, ...n];
  return [0x0000, Uint8Array.from([entry.length >> 8, entry.length & 0xff, ...entry])];
};

describe('parseClientHello fields', () => {
  const exts: Ext[] = [
    ext.empty(0x0a0a),
    ext.sni('example.org'),
    ext.alpn(ascii('h2'), ascii('http/1.1')),
    ext.supportedVersions(0x7a7a, 0x0304, 0x0303),
    ext.sigAlgs(0x0403, 0x0804),
    ext.groups(0x2a2a, 29, 23),
    ext.pointFormats(0, 1),
    ext.empty(0xff01),
  ];
  const body = clientHelloBody({ ciphers: [0x0a0a, 0x1301, 0xc02b], extensions: exts });

  it('decodes every field of a TLS hello (views and offsets into the body)', () => {
    const ch = parseClientHello(body);
    expect(ch.legacyVersion).toBe(0x0303);
    expect(bytes(ch.random)).toEqual(new Array(32).fill(7));
    expect(bytes(ch.sessionId)).toEqual([1, 2, 3]);
    expect(ch.cookie).toBeUndefined();
    expect(ch.cipherSuites).toEqual([0x0a0a, 0x1301, 0xc02b]);
    expect(bytes(ch.compressionMethods)).toEqual([0]);
    expect(ch.extensionTypes).toEqual(exts.map(([t]) => t));
    expect(ch.extensions.map((e) => [e.type, Array.from(e.data)])).toEqual(
      exts.map(([t, d]) => [t, Array.from(d)]),
    );
    expect(ch.serverName).toBe('example.org');
    expect(ch.alpn.map((a) => Buffer.from(a).toString('latin1'))).toEqual(['h2', 'http/1.1']);
    expect(bytes(ch.body.subarray(ch.alpnFirstStart, ch.alpnFirstEnd))).toEqual(ascii('h2'));
    expect(ch.supportedVersions).toEqual([0x7a7a, 0x0304, 0x0303]);
    expect(ch.signatureAlgorithms).toEqual([0x0403, 0x0804]);
    expect(ch.supportedGroups).toEqual([0x2a2a, 29, 23]);
    expect(ch.ecPointFormats).toEqual([0, 1]);
    expect(ch.malformedExtensions).toEqual([]);
  });

  it('reads the DTLS cookie and a hello without an extension block', () => {
    const d = parseClientHello(
      clientHelloBody({ ciphers: [0xc02b], dtls: true, extensions: exts }),
      {
        dtls: true,
      },
    );
    expect(bytes(d.cookie)).toEqual([9, 9]);
    expect(d.cipherSuites).toEqual([0xc02b]);
    expect(d.serverName).toBe('example.org');
    const bare = parseClientHello(clientHelloBody({ ciphers: [47], noExtensionBlock: true }));
    expect(bare.extensions).toEqual([]);
    expect(bare.extensionTypes).toEqual([]);
    expect(bare.alpn).toEqual([]);
    expect([bare.alpnFirstStart, bare.alpnFirstEnd]).toEqual([-1, -1]);
    expect(bare.serverName).toBeUndefined();
    expect(bare.supportedGroups).toEqual([]);
  });

  it('decodes a non-ASCII host name as UTF-8 (invalid bytes as U+FFFD)', () => {
    expect(
      parseClientHello(clientHelloBody({ ciphers: [47], extensions: [utf8Sni('bücher.example')] }))
        .serverName,
    ).toBe('bücher.example');
    const bad: Ext = [0x0000, Uint8Array.from([0, 5, 0, 0, 2, 0x61, 0xff])];
    expect(parseClientHello(clientHelloBody({ ciphers: [47], extensions: [bad] })).serverName).toBe(
      'a\ufffd',
    );
  });

  it('keeps the first good SNI and the last good ALPN; broken ones are listed, not fatal', () => {
    const brokenSni: Ext = [0x0000, Uint8Array.from([0, 9, 0, 0])];
    const brokenAlpn: Ext = [0x0010, Uint8Array.from([0, 4, 5, 0x68])];
    const ch = parseClientHello(
      clientHelloBody({
        ciphers: [47],
        extensions: [
          brokenSni,
          ext.sni('second.example'),
          ext.sni('third.example'),
          ext.alpn(ascii('h3')),
          brokenAlpn,
          [0x000a, Uint8Array.from([0, 3, 0, 29])],
        ],
      }),
    );
    expect(ch.serverName).toBe('second.example');
    expect(ch.alpn.map((a) => Buffer.from(a).toString('latin1'))).toEqual(['h3']);
    expect(bytes(ch.body.subarray(ch.alpnFirstStart, ch.alpnFirstEnd))).toEqual(ascii('h3'));
    expect(ch.supportedGroups).toEqual([]);
    expect(ch.malformedExtensions).toEqual([0x0000, 0x0010, 0x000a]);
  });

  it('an empty first ALPN name gives an empty range', () => {
    const ch = parseClientHello(
      clientHelloBody({ ciphers: [47], extensions: [ext.alpn([], ascii('h2'))] }),
    );
    expect(ch.alpn.map((a) => a.length)).toEqual([0, 2]);
    expect(ch.alpnFirstEnd - ch.alpnFirstStart).toBe(0);
  });

  it('rejects truncations with a ParseError naming the field', () => {
    const cases: [number, string][] = [
      [1, 'client_hello.legacy_version'],
      [20, 'client_hello.random'],
      [34, 'client_hello.session_id'],
      [40, 'client_hello.cipher_suites'],
      [body.length - 1, 'extensions'],
    ];
    for (const [n, field] of cases) {
      let err: unknown;
      try {
        parseClientHello(body.subarray(0, n));
      } catch (e) {
        err = e;
      }
      expect(err, field).toBeInstanceOf(ParseError);
      expect((err as ParseError).context.field).toBe(field);
    }
  });
});

describe('parseClientHello on the reference captures', () => {
  const hellos = fixture('hellos')
    .filter((r) => r.transport === 'tcp')
    .flatMap((r) => handshakeMessages(r))
    .filter((m) => m.type === 1)
    .map((m) => m.body);

  it('lists the same extensions as a plain reader walk, with views at the same offsets', () => {
    expect(hellos.length).toBeGreaterThan(150);
    for (const body of hellos) {
      const ch = parseClientHello(body);
      const r = new ByteReader(body, 'tls_parse', 34);
      const sid = r.vector(1, 'sid');
      const cs = r.vector(2, 'cs');
      const cm = r.vector(1, 'cm');
      const [s, e] = r.vector(2, 'exts');
      const walked: [number, number[]][] = [];
      for (let p = s; p < e;) {
        const len = ((body[p + 2] as number) << 8) | (body[p + 3] as number);
        walked.push([
          ((body[p] as number) << 8) | (body[p + 1] as number),
          Array.from(body.subarray(p + 4, p + 4 + len)),
        ]);
        p += 4 + len;
      }
      expect(bytes(ch.sessionId)).toEqual(Array.from(body.subarray(...sid)));
      expect(ch.cipherSuites.length * 2).toBe(cs[1] - cs[0]);
      expect(bytes(ch.compressionMethods)).toEqual(Array.from(body.subarray(...cm)));
      expect(ch.extensions.map((x) => [x.type, Array.from(x.data)])).toEqual(walked);
      expect(ch.extensionTypes).toEqual(walked.map(([t]) => t));
      expect(ch.alpn[0] === undefined ? -1 : ch.alpn[0].byteOffset - body.byteOffset).toBe(
        ch.alpnFirstStart,
      );
    }
  });
});
