// The hot-path builders (ja4(), ja4All(), ja3()) write into reused byte buffers and sort in typed
// arrays; here they are held to plain string implementations written from the spec (§2: Array
// join, Array sort, createHash) on random hellos (GREASE, duplicates, 0x0000 and 0xffff, empty
// lists, long lists that make the buffers grow).
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseClientHello } from '../tls/client-hello.js';
import { ascii, clientHelloBody, ext, serverHelloBody, type Ext } from '../tls/fixtures/build.js';
import { parseServerHello } from '../tls/server-hello.js';
import { isGrease } from '../util/grease.js';
import { ja3 } from './ja3.js';
import { alpnChars } from './alpn.js';
import { ja4, ja4All, ja4ListMemo, ja4Version, type Ja4Options, type Ja4Result } from './ja4.js';
import { ja4s, ja4sMemo } from './ja4s.js';
import { versionCode } from './tls-version.js';

const u16 = fc.oneof(
  fc.integer({ min: 0, max: 0xffff }),
  fc.constantFrom(0x0000, 0xffff, 0x0a0a, 0x1a1a, 0xfafa, 0x1301, 0xc02b, 0x0010, 0x002b),
);
const list = (max: number) => fc.array(u16, { maxLength: max });

const hello = fc
  .record({
    version: u16,
    // Some lists longer than the builders' initial buffers (512 entries), so they grow mid-run.
    ciphers: fc.oneof(
      { weight: 4, arbitrary: list(40) },
      { weight: 1, arbitrary: fc.array(u16, { minLength: 500, maxLength: 900 }) },
    ),
    types: list(40),
    sigs: list(40),
    groups: list(20),
    formats: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 4 }),
    alpn: fc.array(fc.uint8Array({ maxLength: 6 }), { maxLength: 3 }),
    versions: list(6),
  })
  .map((o) => {
    const exts: Ext[] = o.types
      .filter((t) => ![0x0000, 0x0010, 0x000a, 0x000b, 0x000d, 0x002b].includes(t))
      .map((t) => ext.empty(t));
    exts.splice(exts.length >> 1, 0, ext.sni('example.org'));
    if (o.alpn.length > 0) exts.push(ext.alpn(...o.alpn));
    if (o.sigs.length > 0) exts.push(ext.sigAlgs(...o.sigs));
    if (o.groups.length > 0) exts.unshift(ext.groups(...o.groups));
    if (o.formats.length > 0) exts.push(ext.pointFormats(...o.formats));
    if (o.versions.length > 0) exts.push(ext.supportedVersions(...o.versions));
    return {
      o,
      body: clientHelloBody({ version: o.version, ciphers: o.ciphers, extensions: exts }),
    };
  });

const hex4 = (v: number) => v.toString(16).padStart(4, '0');
const h12 = (s: string) =>
  s.length === 0 ? '000000000000' : createHash('sha256').update(s).digest('hex').slice(0, 12);

/** JA4 and its three variants the plain way (the oracle; ALPN and version from their own modules). */
function plainJa4All(ch: ReturnType<typeof parseClientHello>, opts: Ja4Options): Ja4Result {
  const ciphers = ch.cipherSuites.filter((c) => !isGrease(c));
  const exts = ch.extensionTypes.filter((t) => !isGrease(t));
  const a =
    opts.protocol +
    versionCode(ja4Version(ch)) +
    (exts.includes(0x0000) ? 'd' : 'i') +
    String(Math.min(ciphers.length, 99)).padStart(2, '0') +
    String(Math.min(exts.length, 99)).padStart(2, '0') +
    alpnChars(ch.alpn[0], opts.alpn ?? 'rust');
  const sigs = ch.signatureAlgorithms
    .filter((s) => opts.sigAlgGrease === 'keep' || !isGrease(s))
    .map(hex4)
    .join(',');
  const withSigs = (e: string) => (sigs.length > 0 ? `${e}_${sigs}` : e);
  const b = [...ciphers]
    .sort((x, y) => x - y)
    .map(hex4)
    .join(',');
  const c = withSigs(
    exts
      .filter((t) => t !== 0x0000 && t !== 0x0010)
      .sort((x, y) => x - y)
      .map(hex4)
      .join(','),
  );
  const bo = ciphers.map(hex4).join(',');
  const co = withSigs(exts.map(hex4).join(','));
  const pythonEmpty = opts.originalEmptyExtensions !== 'hash' && c.length === 0;
  return {
    ja4: `${a}_${h12(b)}_${h12(c)}`,
    ja4_r: `${a}_${b}_${c}`,
    ja4_o: `${a}_${h12(bo)}_${pythonEmpty ? '000000000000' : h12(co)}`,
    ja4_ro: `${a}_${bo}_${co}`,
  };
}

function plainJa3(ch: ReturnType<typeof parseClientHello>): string {
  const keep = (l: readonly number[]) => l.filter((v) => !isGrease(v)).join('-');
  return [
    ch.legacyVersion,
    keep(ch.cipherSuites),
    keep(ch.extensionTypes),
    keep(ch.supportedGroups),
    ch.ecPointFormats.join('-'),
  ].join(',');
}

describe('hot-path fingerprints equal the plain implementations', () => {
  it('ja4(), ja4All() and ja3() equal the joined lists, on random hellos', () => {
    const variants: Ja4Options[] = [
      { protocol: 't' },
      { protocol: 'q', sigAlgGrease: 'keep', alpn: 'spec', originalEmptyExtensions: 'hash' },
    ];
    fc.assert(
      fc.property(hello, ({ o, body }) => {
        const ch = parseClientHello(body);
        expect(ch.cipherSuites).toEqual(o.ciphers);
        for (const opts of variants) {
          const want = plainJa4All(ch, opts);
          expect(ja4All(ch, opts)).toEqual(want);
          // Again: now through the digest memo's hits.
          expect(ja4All(ch, opts)).toEqual(want);
          expect(ja4(ch, opts)).toBe(want.ja4);
        }
        const full = plainJa3(ch);
        const want3 = { ja3: createHash('md5').update(full).digest('hex'), ja3_full: full };
        expect(ja3(ch)).toEqual(want3);
        expect(ja3(ch)).toEqual(want3);
      }),
      { numRuns: 300 },
    );
  });

  // ja4All keeps the last hello's four strings by its original-order c entry; these hellos share
  // that list (the same extensions, in order, and signature algorithms) and differ in everything
  // else the strings are made of: cipher suites (set and order), the version in
  // supported_versions, the ALPN value, the protocol letter and the options.
  it('ja4All() never gives a hello the strings of another with the same extension list', () => {
    const opts = fc.constantFrom<Ja4Options>(
      { protocol: 't' },
      { protocol: 'q' },
      { protocol: 't', alpn: 'spec' },
      { protocol: 't', originalEmptyExtensions: 'hash' },
      { protocol: 'd', sigAlgGrease: 'keep' },
    );
    const member = fc.record({
      ciphers: fc.array(fc.constantFrom(0x1301, 0x1302, 0xc02b, 0x0a0a, 0x002f), { maxLength: 4 }),
      // undefined: no supported_versions, so that with no other extension c is empty (the
      // twelve zeros of ja4_o depend on the options then).
      version: fc.constantFrom(0x0303, 0x0304, 0x7f17, undefined),
      alpn: fc.constantFrom('h2', 'h3', 'http/1.1', 'x'),
      opts,
    });
    const family = fc.record({
      types: fc.array(fc.constantFrom(0x0017, 0x0023, 0xff01, 0x4469, 0x1a1a), { maxLength: 4 }),
      sigs: fc.array(fc.constantFrom(0x0403, 0x0804, 0xfafa), { maxLength: 3 }),
      members: fc.array(member, { minLength: 2, maxLength: 10 }),
    });
    fc.assert(
      fc.property(family, ({ types, sigs, members }) => {
        ja4ListMemo.clear();
        for (const m of members) {
          const exts: Ext[] = [
            ext.sni('example.org'),
            ...types.map((t) => ext.empty(t)),
            ext.alpn(ascii(m.alpn)),
          ];
          if (m.version !== undefined) exts.push(ext.supportedVersions(m.version));
          if (sigs.length > 0) exts.push(ext.sigAlgs(...sigs));
          const ch = parseClientHello(clientHelloBody({ ciphers: m.ciphers, extensions: exts }));
          expect(ja4All(ch, m.opts)).toEqual(plainJa4All(ch, m.opts));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('ja4All() gives one hello with no c part the ja4_o each option asks for, in turn', () => {
    // Every extension SNI or ALPN, no signature algorithms: c is empty, and ja4_o is twelve zeros
    // (Python) or the hash of the wire list ('hash'), for the same lists and the same a part.
    const ch = parseClientHello(
      clientHelloBody({
        ciphers: [0x1301],
        extensions: [ext.sni('a.example'), ext.alpn(ascii('h2'))],
      }),
    );
    ja4ListMemo.clear();
    const seen = new Set<string>();
    for (const opts of [
      { protocol: 't' },
      { protocol: 't', originalEmptyExtensions: 'hash' },
      { protocol: 't' },
    ] as const) {
      const got = ja4All(ch, opts);
      expect(got).toEqual(plainJa4All(ch, opts));
      seen.add(got.ja4_o);
    }
    // The two options' strings differ (zeros, then a hash), so a mix-up would show.
    expect(seen.size).toBe(2);
  });

  // ja4s() is looked up by the values it is made of (ja4sMemo); random server hellos from a small
  // pool, so that most lookups hit, each held to JA4S written from the spec (§3).
  it('ja4s() equals the joined lists, through its memo, on random server hellos', () => {
    const hello = fc.record({
      cipher: fc.constantFrom(0x1301, 0x1302, 0xc030, 0x002f),
      legacy: fc.constantFrom(0x0303, 0x0301),
      selected: fc.option(fc.constantFrom(0x0304, 0x0303), { nil: undefined }),
      types: fc.array(fc.constantFrom(0x0017, 0xff01, 0x0000, 0x0033, 0x0a0a), { maxLength: 4 }),
      alpn: fc.option(fc.constantFrom('h2', 'http/1.1', 'x'), { nil: undefined }),
      protocol: fc.constantFrom<'t' | 'q'>('t', 'q'),
      rule: fc.constantFrom<'rust' | 'spec' | undefined>('rust', 'spec', undefined),
    });
    fc.assert(
      fc.property(fc.array(hello, { minLength: 1, maxLength: 12 }), (hellos) => {
        ja4sMemo.clear();
        for (const h of hellos) {
          const exts: Ext[] = h.types.map((t) => ext.empty(t));
          if (h.alpn !== undefined) exts.push(ext.alpn(ascii(h.alpn)));
          if (h.selected !== undefined) exts.unshift(ext.serverVersion(h.selected));
          const sh = parseServerHello(
            serverHelloBody({ version: h.legacy, cipher: h.cipher, extensions: exts }),
          );
          const version = h.selected ?? h.legacy;
          const n = String(Math.min(exts.length, 99)).padStart(2, '0');
          const alpn = alpnChars(
            h.alpn === undefined ? undefined : Uint8Array.from(ascii(h.alpn)),
            h.rule ?? 'rust',
          );
          const ab = `${h.protocol}${versionCode(version)}${n}${alpn}_${hex4(h.cipher)}`;
          const list = exts.map((e) => hex4(e[0])).join(',');
          expect(ja4s(sh, { protocol: h.protocol, alpn: h.rule })).toEqual({
            ja4s: `${ab}_${h12(list)}`,
            ja4s_r: `${ab}_${list}`,
          });
        }
      }),
      { numRuns: 300 },
    );
  });
});
