// The knowledge base's rows from curl-impersonate's browser signatures (MIT) against the world:
// the CSV is what the transcribed signatures give through the engine's own parser and JA4;
// Chrome 120's and Edge 120's JA4s are ones FoxIO publishes for Chromium; Chrome 116's (b, c)
// equals what tshark reads in this project's capture of curl-impersonate's chrome-116 profile,
// and Firefox 117's cipher hash what it reads in the firefox-117 capture; the loaded rows name
// Safari and place it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CAPTURES_DIR } from '../../capture-worker/test-fixtures/captures.js';
import { inferJa4, type KnownJa4 } from '../../main/domain/fingerprint-knowledge/infer.js';
import {
  defaultDataDir,
  mappingFiles,
  mappingRows,
  parseCsv,
} from '../../main/storage/migrations/known-fingerprints.js';
import { type Signature, signatureJa4 } from '../../tools/signatures/ja4-from-signature.js';

const DATA = defaultDataDir();
const signatures = (
  JSON.parse(readFileSync(join(DATA, 'sources', 'curl-impersonate-signatures.json'), 'utf8')) as {
    signatures: Signature[];
  }
).signatures;
const sig = (file: string) => signatures.find((s) => s.file.startsWith(file))!;
/** tshark's client JA4s in one of the project's client captures. */
const tsharkJa4s = (id: string): string[] =>
  (
    JSON.parse(readFileSync(join(CAPTURES_DIR, 'clients', `${id}.tshark.json`), 'utf8')) as {
      hellos: { type: string; ja4?: string }[];
    }
  ).hellos
    .filter((h) => h.type === 'client' && h.ja4)
    .map((h) => h.ja4!);
const bc = (ja4: string) => ja4.split('_').slice(1).join('_');
const all = mappingFiles().flatMap((f) => mappingRows(readFileSync(f, 'utf8'), f));
const ja4Entries: KnownJa4[] = all
  .filter((r) => r.fingerprint_type === 'ja4')
  .map((r) => ({ ...r }));

describe('knowledge base rows from curl-impersonate signatures', () => {
  it('the CSV holds exactly the JA4s the signatures give, each with its provenance', () => {
    const csv = parseCsv(
      readFileSync(join(DATA, 'known-fingerprints-curl-impersonate.csv'), 'utf8'),
    );
    const [header, ...rows] = csv;
    const col = (name: string) => header!.indexOf(name);
    expect(rows.map((r) => r[col('ja4')]).sort()).toEqual(
      [...new Set(signatures.map(signatureJa4))].sort(),
    );
    for (const r of rows) {
      expect(r[col('Source')]).toMatch(/^lwthiker\/curl-impersonate tests\/signatures\/\S+\.yaml/);
      expect(r[col('Licence')]).toMatch(/MIT/);
    }
  });

  it("Chrome 120's and Edge 120's JA4s are ones FoxIO publishes for Chromium", () => {
    for (const [file, want] of [
      ['chrome_120', 't13d1516h2_8daaf6152771_02713d6af862'],
      ['edge_120', 't13d1517h2_8daaf6152771_b1ff8ab2d16f'],
    ] as const) {
      const j = signatureJa4(sig(file));
      expect(j, file).toBe(want);
      const foxio = all.find((r) => r.fingerprint === j && r.source.startsWith('FoxIO-LLC/ja4'));
      expect(foxio?.application, file).toMatch(/Chromium/);
    }
  });

  it("Chrome 116 and Firefox 117 agree with tshark on this project's captures of curl-impersonate", () => {
    const [chrome] = tsharkJa4s('curl-impersonate-chrome116');
    expect(bc(signatureJa4(sig('chrome_116')))).toBe(bc(chrome!));
    const [firefox] = tsharkJa4s('curl-impersonate-ff117');
    expect(signatureJa4(sig('firefox_117')).split('_')[1]).toBe(firefox!.split('_')[1]);
  });

  it('names Safari exactly, and places an unlisted Safari extension set in its family', () => {
    const safari = signatureJa4(sig('safari_17.0'));
    const exact = inferJa4(safari, ja4Entries);
    expect(exact.confidence).toBe('exact');
    expect(exact.family).toBe('safari');
    expect(exact.label).toMatch(/Safari 15\.5, 17\.0, 17\.2/);
    // Same cipher list with one extension fewer (no compress_certificate): Safari, inferred.
    const other = signatureJa4({
      ...sig('safari_17.0'),
      extensions: sig('safari_17.0').extensions.filter((e) => e !== 'compress_certificate'),
    });
    expect(other).not.toBe(safari);
    const inferred = inferJa4(other, ja4Entries);
    expect(inferred.confidence).toBe('family');
    expect(inferred.family).toBe('safari');
  });
});
