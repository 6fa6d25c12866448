// The knowledge base against the world: real clients recorded here (tools/record-known-clients.sh),
// their JA4 computed by the engine and checked against tshark's view of the same capture, must map
// to the family of the client that was really run (the manifest says what ran); a client whose
// exact JA4 is held out must still be placed in its family by inference; and the common TLS 1.3
// server answer must not carry one tool's name.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprintFile } from '../../../tests/support/fingerprint-file.js';
import {
  CAPTURES_DIR,
  capturePath,
  tsharkView,
} from '../../../capture-worker/test-fixtures/captures.js';
import {
  loadProvenance,
  mappingFiles,
  mappingRows,
} from '../../storage/migrations/known-fingerprints.js';
import { StoreError } from '../../storage/errors.js';
import { inferJa4, type KnownJa4 } from './infer.js';
import { serverAnswerLabel, type Ja4sEntry } from './server-answers.js';

const CLIENTS = join(CAPTURES_DIR, 'clients');
const manifest = JSON.parse(readFileSync(join(CLIENTS, 'manifest.json'), 'utf8')) as {
  clients: { id: string; family: string; client: string }[];
};
const all = mappingFiles().flatMap((f) => mappingRows(readFileSync(f, 'utf8'), f));
const ja4Entries: KnownJa4[] = all
  .filter((r) => r.fingerprint_type === 'ja4')
  .map((r) => ({ ...r }));
const ja4sEntries: Ja4sEntry[] = all
  .filter((r) => r.fingerprint_type === 'ja4s')
  .map((r) => ({
    fingerprint: r.fingerprint,
    name: r.application || r.library || r.os,
    family: r.family,
    paired_with: r.paired_with,
  }));

/** The family a person would give the client that was run (impersonators are tools that copy). */
const expected = (c: { family: string; client: string }): string =>
  /impersonation/.test(c.client) ? 'impersonator' : c.family;

async function engineJa4s(file: string): Promise<string[]> {
  const { records } = await fingerprintFile(file);
  return [...new Set(records.map((r) => r.ja4).filter((j): j is string => !!j))];
}

describe('fingerprint knowledge base', () => {
  it('loads every shipped entry with its provenance and licence', () => {
    expect(all.length).toBeGreaterThan(55);
    for (const r of all) {
      expect(r.source, r.fingerprint).not.toBe('');
      expect(r.licence, r.fingerprint).not.toBe('');
    }
    const foxio = all.filter((r) => r.source.startsWith('FoxIO-LLC/ja4'));
    expect(foxio.find((r) => r.fingerprint_type === 'ja4')!.licence).toMatch(/BSD-3-Clause/);
    expect(foxio.find((r) => r.fingerprint_type === 'ja4s')!.licence).toMatch(/FoxIO License/);
    const observed = all.filter((r) => r.source.startsWith('ja4-workstation capture'));
    expect(observed.length).toBe(manifest.clients.length);
    for (const r of observed) expect(r.observed).toMatch(/^\d{4}-\d\d-\d\d$/);
  });

  it('refuses a malformed entry with its file, row and what is wrong', () => {
    const csv = 'Application,Library,Device,OS,ja4,Notes\nx,,,,t13d1516h2_nothex,\n';
    let err: unknown;
    try {
      mappingRows(csv, 'known-fingerprints-bad.csv', loadProvenance());
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).message).toMatch(/known-fingerprints-bad\.csv: row 1 \(ja4\)/);
    expect((err as StoreError).message).toMatch(/not a JA4: t13d1516h2_nothex/);
    expect((err as StoreError).message).toMatch(/licence/);
  });

  for (const c of manifest.clients) {
    it(`${c.id}: the engine's JA4 equals tshark's and names ${expected(c)}`, async () => {
      const file = join(CLIENTS, `${c.id}.pcap`);
      const mine = await engineJa4s(file);
      const view = JSON.parse(readFileSync(file.replace(/\.pcap$/, '.tshark.json'), 'utf8')) as {
        hellos: { type: string; ja4?: string }[];
      };
      const tshark = [...new Set(view.hellos.filter((h) => h.type === 'client').map((h) => h.ja4))];
      expect(mine.sort()).toEqual(tshark.sort());
      for (const ja4 of mine) {
        const k = inferJa4(ja4, ja4Entries);
        expect(k.confidence).toBe('exact');
        expect(k.family).toBe(expected(c));
      }
    });
  }

  it('infers the family of a browser whose exact JA4 is held out', async () => {
    for (const id of ['chromium-h2', 'chromium-h1']) {
      const [ja4] = await engineJa4s(join(CLIENTS, `${id}.pcap`));
      const without = ja4Entries.filter((e) => e.fingerprint !== ja4);
      const k = inferJa4(ja4!, without);
      expect(k.confidence, id).toBe('family');
      expect(k.family, id).toBe('chrome');
      // Impersonation libraries send Chromium's cipher list too; the basis says so.
      expect(k.basis, id).toMatch(/impersonation libraries .*wreq-js/);
    }
  });

  it('places the QUIC Chromium capture (another recording) in the Chromium family', async () => {
    const mine = await engineJa4s(capturePath('quic-chromium.pcap'));
    const tshark = tsharkView('quic-chromium.pcap')
      .hellos.filter((h) => h.type === 'client')
      .map((h) => h.ja4);
    const quic = mine.filter((j) => j.startsWith('q'));
    expect(quic.length).toBe(1);
    expect(tshark).toContain(quic[0]);
    const k = inferJa4(quic[0]!, ja4Entries);
    expect(k.confidence).not.toBe('none');
    expect(k.family).toBe('chrome');
  });

  it("knows Chrome's most common JA4 exactly, and places a newer Chrome in its family", () => {
    // The JA4 Chrome 120+ sends with h2 (FoxIO's mapping lists it under Chromium Browser).
    const common = inferJa4('t13d1516h2_8daaf6152771_02713d6af862', ja4Entries);
    expect(common.confidence).toBe('exact');
    expect(common.family).toBe('chrome');
    expect(common.entries.some((e) => e.source.startsWith('FoxIO-LLC/ja4'))).toBe(true);
    // FoxIO's README example (same cipher list, other extensions): not exact, but Chromium's family.
    const other = inferJa4('t13d1516h2_8daaf6152771_b186095e22b6', ja4Entries);
    expect(other.confidence).toBe('family');
    expect(other.family).toBe('chrome');
  });

  it('says nothing of a JA4 whose cipher list no entry sends', () => {
    expect(inferJa4('t13d1516h2_0123456789ab_0123456789ab', ja4Entries).confidence).toBe('none');
    expect(inferJa4('not a ja4', ja4Entries).confidence).toBe('none');
  });

  it('never labels the common TLS 1.3 answer t130200_1301_a56c5b993250 with a tool name on its own', () => {
    const common = 't130200_1301_a56c5b993250';
    // The world: nginx gave that answer to Chromium, Firefox and wreq-js alike.
    const answered = new Set<string>();
    for (const c of manifest.clients) {
      const v = JSON.parse(readFileSync(join(CLIENTS, `${c.id}.tshark.json`), 'utf8')) as {
        hellos: { ja4s?: string }[];
      };
      if (v.hellos.some((h) => h.ja4s === common)) answered.add(expected(c));
    }
    expect([...answered].sort()).toEqual(expect.arrayContaining(['chrome', 'firefox']));
    // FoxIO's mapping lists it on its Sliver Agent row...
    expect(ja4sEntries.some((e) => e.fingerprint === common && /Sliver/.test(e.name))).toBe(true);
    // ...so beside Chromium's JA4 (or no client JA4) it names nothing,
    const chromium = ja4Entries.find((e) => e.family === 'chrome')!.fingerprint;
    expect(serverAnswerLabel(common, chromium, ja4sEntries)).toBe('');
    expect(serverAnswerLabel(common, '', ja4sEntries)).toBe('');
    // and only beside Sliver's own client JA4 does the pair name Sliver.
    expect(serverAnswerLabel(common, 't13d190900_9dc949149365_97f8aa674fd9', ja4sEntries)).toBe(
      'Sliver Agent',
    );
  });
});
