// Writes data/known-fingerprints-curl-impersonate.csv: one knowledge-base row per distinct JA4 of
// the browser signatures curl-impersonate recorded (MIT; data/sources/curl-impersonate-signatures.json),
// each with its provenance (the YAML file and commit it comes from).
//   npx tsx tools/signatures/build-signature-fingerprints.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvLine } from '../../common/util/csv.js';
import { type Signature, signatureJa4 } from './ja4-from-signature.js';

const DATA = join(import.meta.dirname, '..', '..', 'data');
const doc = JSON.parse(
  readFileSync(join(DATA, 'sources', 'curl-impersonate-signatures.json'), 'utf8'),
) as { source: string; signatures: Signature[] };

const byJa4 = new Map<string, Signature[]>();
for (const s of doc.signatures) {
  const j = signatureJa4(s);
  byJa4.set(j, [...(byJa4.get(j) ?? []), s]);
}
const lines = ['Application,Library,Device,OS,ja4,Notes,Family,Source,Observed,Method,Licence'];
for (const [ja4, sigs] of [...byJa4].sort(([a], [b]) => a.localeCompare(b))) {
  const first = sigs[0]!;
  lines.push(
    csvLine([
      [...new Set(sigs.map((s) => s.browser))]
        .map(
          (b) =>
            `${b} ${sigs
              .filter((s) => s.browser === b)
              .map((s) => s.version)
              .join(', ')}`,
        )
        .join(' / '),
      '',
      '',
      [...new Set(sigs.map((s) => s.os))].join(', '),
      ja4,
      `curl-impersonate signatures ${sigs.map((s) => s.file).join(', ')}`,
      first.family,
      `lwthiker/curl-impersonate tests/signatures/${first.file} (commit ${first.commit.slice(0, 7)})`,
      'recorded by curl-impersonate from the real browser',
      "published ClientHello fields; JA4 computed by this project's engine",
      'MIT (curl-impersonate)',
    ]),
  );
}
writeFileSync(join(DATA, 'known-fingerprints-curl-impersonate.csv'), lines.join('\n') + '\n');
process.stderr.write(`${lines.length - 1} JA4s from ${doc.signatures.length} signatures\n`);
