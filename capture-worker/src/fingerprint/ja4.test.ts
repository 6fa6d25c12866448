import { describe, expect, it } from 'vitest';
import { parseClientHello } from '../tls/client-hello.js';
import { ascii, clientHelloBody, ext, type Ext } from '../tls/fixtures/build.js';
import { hash12 } from '../util/hash.js';
import { alpnChars } from './alpn.js';
import { ja4, ja4All } from './ja4.js';

// The worked example of spec §2.1 / §2.3 (ciphers and extensions in wire order).
const CIPHERS = [
  0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc013, 0xc014, 0x009c,
  0x009d, 0x002f, 0x0035,
];
const SIGS = [0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601];
const EXT_ORDER = [
  0x001b, 0x0000, 0x0033, 0x0010, 0x4469, 0x0017, 0x002d, 0x000d, 0x0005, 0x0023, 0x0012, 0x002b,
  0xff01, 0x000b, 0x000a, 0x0015,
];

function exampleExts(grease = false): Ext[] {
  const out: Ext[] = [];
  if (grease) out.push(ext.empty(0x0a0a));
  for (const t of EXT_ORDER) {
    if (t === 0x0000) out.push(ext.sni('example.com'));
    else if (t === 0x0010) out.push(ext.alpn(ascii('h2'), ascii('http/1.1')));
    else if (t === 0x002b)
      out.push(
        grease
          ? ext.supportedVersions(0x7a7a, 0x0304, 0x0303)
          : ext.supportedVersions(0x0304, 0x0303),
      );
    else if (t === 0x000d) out.push(ext.sigAlgs(...SIGS));
    else if (t === 0x000a) out.push(ext.groups(...(grease ? [0x2a2a, 0x001d] : [0x001d])));
    else out.push(ext.empty(t));
  }
  if (grease) out.push(ext.empty(0xfafa));
  return out;
}

const hello = (o: Parameters<typeof clientHelloBody>[0]) =>
  parseClientHello(clientHelloBody(o), { dtls: o.dtls });

describe('JA4 (spec §2 worked example)', () => {
  const ch = hello({ ciphers: CIPHERS, extensions: exampleExts() });

  it('gives the hashes of the worked example, sorted and original order', () => {
    expect(ja4All(ch, { protocol: 't' })).toEqual({
      ja4: 't13d1516h2_8daaf6152771_e5627efa2ab1',
      ja4_r:
        't13d1516h2_002f,0035,009c,009d,1301,1302,1303,c013,c014,c02b,c02c,c02f,c030,cca8,cca9_0005,000a,000b,000d,0012,0015,0017,001b,0023,002b,002d,0033,4469,ff01_0403,0804,0401,0503,0805,0501,0806,0601',
      ja4_o: 't13d1516h2_acb858a92679_18f69afefd3d',
      ja4_ro:
        't13d1516h2_1301,1302,1303,c02b,c02f,c02c,c030,cca9,cca8,c013,c014,009c,009d,002f,0035_001b,0000,0033,0010,4469,0017,002d,000d,0005,0023,0012,002b,ff01,000b,000a,0015_0403,0804,0401,0503,0805,0501,0806,0601',
    });
    expect(ja4(ch, { protocol: 't' })).toBe('t13d1516h2_8daaf6152771_e5627efa2ab1');
  });

  it('hashes the extension list alone as the spec shows', () => {
    expect(hash12('0005,000a,000b,000d,0012,0015,0017,001b,0023,002b,002d,0033,4469,ff01')).toBe(
      '6d807ffa2a79',
    );
  });

  it('ignores GREASE in ciphers, extensions, supported_versions and groups', () => {
    const g = hello({ ciphers: [0x0a0a, ...CIPHERS, 0xdada], extensions: exampleExts(true) });
    expect(ja4(g, { protocol: 't' })).toBe('t13d1516h2_8daaf6152771_e5627efa2ab1');
  });

  it('drops GREASE signature algorithms by default (spec §12.6) and keeps them on request (Rust)', () => {
    const exts = exampleExts().map((e): Ext =>
      e[0] === 0x000d ? ext.sigAlgs(0x1a1a, ...SIGS) : e,
    );
    const g = hello({ ciphers: CIPHERS, extensions: exts });
    const all = ja4All(g, { protocol: 't' });
    expect(all.ja4).toBe('t13d1516h2_8daaf6152771_e5627efa2ab1');
    expect(all.ja4_r.endsWith('_0403,0804,0401,0503,0805,0501,0806,0601')).toBe(true);
    expect(all.ja4_ro.endsWith('_0403,0804,0401,0503,0805,0501,0806,0601')).toBe(true);
    const kept = ja4All(g, { protocol: 't', sigAlgGrease: 'keep' });
    expect(kept.ja4).not.toBe('t13d1516h2_8daaf6152771_e5627efa2ab1');
    expect(kept.ja4_r.endsWith('_1a1a,0403,0804,0401,0503,0805,0501,0806,0601')).toBe(true);
  });

  it('gives one JA4 whichever GREASE value a browser puts into signature_algorithms', () => {
    // Chromium draws the GREASE value per connection and may put it anywhere in the list.
    const seen = new Set<string>();
    for (let g = 0x0a0a; g <= 0xfafa; g += 0x1010)
      for (const at of [0, 3, SIGS.length]) {
        const sigs = [...SIGS.slice(0, at), g, ...SIGS.slice(at)];
        const exts = exampleExts(true).map((e): Ext =>
          e[0] === 0x000d ? ext.sigAlgs(...sigs) : e,
        );
        const all = ja4All(hello({ ciphers: [g, ...CIPHERS], extensions: exts }), {
          protocol: 't',
        });
        seen.add(`${all.ja4} ${all.ja4_r} ${all.ja4_o} ${all.ja4_ro}`);
      }
    expect(seen.size).toBe(1);
  });

  it('uses the protocol letter given by the caller', () => {
    expect(ja4(ch, { protocol: 'q' }).slice(0, 4)).toBe('q13d');
  });
});

describe('JA4 a-part edge cases', () => {
  it('no SNI gives i, no ALPN gives 00, no signature algorithms hashes the extensions alone', () => {
    const ch = hello({ ciphers: [0x002f], extensions: [ext.empty(0x0017)] });
    expect(ja4All(ch, { protocol: 't' })).toMatchObject({
      ja4: `t12i010100_${hash12('002f')}_${hash12('0017')}`,
      ja4_r: 't12i010100_002f_0017',
    });
  });

  it('empty cipher list: count 00 and twelve zeros', () => {
    expect(ja4(hello({ ciphers: [], extensions: [ext.sni('a.b')] }), { protocol: 't' })).toBe(
      't12d000100_000000000000_000000000000',
    );
  });

  it('no extension block at all (SSL 3 / TLS 1.0 style)', () => {
    expect(
      ja4(hello({ version: 0x0300, ciphers: [0x0004], noExtensionBlock: true }), { protocol: 't' }),
    ).toBe(`ts3i010000_${hash12('0004')}_000000000000`);
  });

  it('version: supported_versions wins over legacy_version; legacy used otherwise; unknown is 00', () => {
    expect(
      ja4(hello({ version: 0x0303, ciphers: [1], extensions: [ext.supportedVersions(0x0304)] }), {
        protocol: 't',
      }).slice(1, 3),
    ).toBe('13');
    expect(ja4(hello({ version: 0x0301, ciphers: [1] }), { protocol: 't' }).slice(1, 3)).toBe('10');
    expect(ja4(hello({ version: 0x0302, ciphers: [1] }), { protocol: 't' }).slice(1, 3)).toBe('11');
    expect(ja4(hello({ version: 0x0305, ciphers: [1] }), { protocol: 't' }).slice(1, 3)).toBe('00');
  });

  it('DTLS: d1 / d2 / d3 and the newest (numerically lowest) supported version', () => {
    expect(
      ja4(hello({ version: 0xfeff, ciphers: [1], dtls: true }), { protocol: 'd' }).slice(0, 3),
    ).toBe('dd1');
    expect(
      ja4(hello({ version: 0xfefd, ciphers: [1], dtls: true }), { protocol: 'd' }).slice(0, 3),
    ).toBe('dd2');
    const d13 = hello({
      version: 0xfefd,
      ciphers: [1],
      dtls: true,
      extensions: [ext.supportedVersions(0x3a3a, 0xfefd, 0xfefc)],
    });
    expect(ja4(d13, { protocol: 'd' }).slice(0, 3)).toBe('dd3');
  });

  it('caps cipher and extension counts at 99', () => {
    const ciphers = Array.from({ length: 150 }, (_, i) => 0x0100 + i);
    const exts = Array.from({ length: 120 }, (_, i) => ext.empty(0x1000 + i));
    expect(ja4(hello({ ciphers, extensions: exts }), { protocol: 't' }).slice(0, 10)).toBe(
      't12i999900',
    );
  });
});

describe('ALPN characters (spec §2.2)', () => {
  const b = (...v: number[]) => Uint8Array.from(v);
  it('alphanumeric values: first and last character', () => {
    expect(alpnChars(Uint8Array.from(ascii('h2')))).toBe('h2');
    expect(alpnChars(Uint8Array.from(ascii('http/1.1')))).toBe('h1');
    expect(alpnChars(Uint8Array.from(ascii('h3')))).toBe('h3');
    expect(alpnChars(undefined)).toBe('00');
    expect(alpnChars(b())).toBe('00');
  });

  it('default (Rust): non-ASCII gives 9s, the BA AD vector gives 99, a 1-char value gives a0', () => {
    expect(alpnChars(b(0xba, 0xad))).toBe('99');
    expect(alpnChars(Uint8Array.from(ascii('a')))).toBe('a0');
    expect(alpnChars(b(0x78, 0xba))).toBe('x9');
  });

  it('spec rule: the JA4.md vectors', () => {
    const spec = (...v: number[]) => alpnChars(b(...v), 'spec');
    expect(spec(0xab)).toBe('ab');
    expect(spec(0x20)).toBe('20');
    expect(spec(0xab, 0xcd)).toBe('ad');
    expect(spec(0x20, 0x61)).toBe('21');
    expect(spec(0x30, 0xab)).toBe('3b');
    expect(spec(0x61, 0x20)).toBe('60');
    expect(spec(0x30, 0x31, 0xab, 0xcd)).toBe('3d');
    expect(spec(0x30, 0xab, 0xcd, 0x31)).toBe('01');
    expect(spec(0xba, 0xad)).toBe('bd');
    expect(spec(0x61)).toBe('aa');
  });

  it('the BA AD hello of tls-non-ascii-alpn gives t13d151699 by default and t13d1516bd by the spec rule', () => {
    const exts = exampleExts().map((e): Ext => (e[0] === 0x0010 ? ext.alpn([0xba, 0xad]) : e));
    const ch = hello({ ciphers: CIPHERS, extensions: exts });
    expect(ja4(ch, { protocol: 't' })).toBe('t13d151699_8daaf6152771_e5627efa2ab1');
    expect(ja4(ch, { protocol: 't', alpn: 'spec' })).toBe('t13d1516bd_8daaf6152771_e5627efa2ab1');
  });
});
