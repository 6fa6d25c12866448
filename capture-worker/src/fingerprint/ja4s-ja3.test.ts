import { describe, expect, it } from 'vitest';
import { parseClientHello } from '../tls/client-hello.js';
import { HELLO_RETRY_REQUEST_RANDOM } from '../tls/constants.js';
import { ascii, clientHelloBody, ext, serverHelloBody } from '../tls/fixtures/build.js';
import { parseServerHello } from '../tls/server-hello.js';
import { md5Hex } from '../util/hash.js';
import { ja3, ja3s } from './ja3.js';
import { ja4s } from './ja4s.js';

describe('JA4S (spec §3)', () => {
  it('gives the spec example with its raw form', () => {
    const sh = parseServerHello(
      serverHelloBody({
        cipher: 0xc030,
        extensions: [ext.empty(0x0005), ext.empty(0x0017), ext.empty(0xff01), ext.empty(0x0000)],
      }),
    );
    expect(ja4s(sh, { protocol: 't' })).toEqual({
      ja4s: 't120400_c030_4e8089b08790',
      ja4s_r: 't120400_c030_0005,0017,ff01,0000',
    });
  });

  it('takes the version from supported_versions and the ALPN the server chose; no extensions hash to zeros', () => {
    const sh = parseServerHello(
      serverHelloBody({
        cipher: 0x1301,
        extensions: [ext.serverVersion(0x0304), ext.alpn(ascii('h2'))],
      }),
    );
    expect(ja4s(sh, { protocol: 'q' }).ja4s_r).toBe('q1302h2_1301_002b,0010');
    expect(
      ja4s(parseServerHello(serverHelloBody({ cipher: 0x002f })), { protocol: 't' }).ja4s,
    ).toBe('t120000_002f_000000000000');
  });

  it('detects a HelloRetryRequest by its random', () => {
    expect(
      parseServerHello(
        serverHelloBody({ cipher: 0x1301, random: Array.from(HELLO_RETRY_REQUEST_RANDOM) }),
      ).isHelloRetryRequest,
    ).toBe(true);
    expect(parseServerHello(serverHelloBody({ cipher: 0x1301 })).isHelloRetryRequest).toBe(false);
  });
});

describe('JA3 / JA3S (spec §9)', () => {
  it('empty lists leave empty fields (769,47-53,0,,)', () => {
    const ch = parseClientHello(
      clientHelloBody({ version: 0x0301, ciphers: [47, 53], extensions: [ext.sni('x.y')] }),
    );
    expect(ja3(ch)).toEqual({ ja3_full: '769,47-53,0,,', ja3: md5Hex('769,47-53,0,,') });
  });

  it('drops GREASE from ciphers, extensions and groups, not from point formats', () => {
    const ch = parseClientHello(
      clientHelloBody({
        ciphers: [0x0a0a, 4865],
        extensions: [ext.empty(0x1a1a), ext.groups(0x2a2a, 29, 23), ext.pointFormats(0)],
      }),
    );
    expect(ja3(ch).ja3_full).toBe('771,4865,10-11,29-23,0');
  });

  it('JA3S is version,cipher,extensions', () => {
    const sh = parseServerHello(
      serverHelloBody({
        cipher: 49195,
        extensions: [
          ext.empty(0),
          ext.empty(65281),
          ext.pointFormats(0),
          ext.empty(35),
          ext.alpn(ascii('h2')),
        ],
      }),
    );
    expect(ja3s(sh)).toEqual({
      ja3s_full: '771,49195,0-65281-11-35-16',
      ja3s: '2d1eb5817ece335c24904f516ad5da12',
    });
  });
});
