// The hot-path builders (ja4(), ja3()) write into reused byte buffers with a hand-written sort;
// here they are held to the plain string implementations on random hellos (GREASE, duplicates,
// 0x0000 and 0xffff, empty lists, long lists that make the buffers grow).
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseClientHello } from '../tls/client-hello.js';
import { clientHelloBody, ext, type Ext } from '../tls/fixtures/build.js';
import { isGrease } from '../util/grease.js';
import { ja3 } from './ja3.js';
import { ja4, ja4All, type Ja4Options } from './ja4.js';

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
  it('ja4() === ja4All().ja4 and ja3() === the joined lists, on random hellos', () => {
    const variants: Ja4Options[] = [
      { protocol: 't' },
      { protocol: 'q', sigAlgGrease: 'keep', alpn: 'spec' },
    ];
    fc.assert(
      fc.property(hello, ({ o, body }) => {
        const ch = parseClientHello(body);
        expect(ch.cipherSuites).toEqual(o.ciphers);
        for (const opts of variants) expect(ja4(ch, opts)).toBe(ja4All(ch, opts).ja4);
        const full = plainJa3(ch);
        expect(ja3(ch)).toEqual({
          ja3: createHash('md5').update(full).digest('hex'),
          ja3_full: full,
        });
      }),
      { numRuns: 300 },
    );
  });
});
