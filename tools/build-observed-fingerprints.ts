// Turns the per-client captures of tools/record-known-clients.sh into the observed half of the
// fingerprint knowledge base, data/known-fingerprints-observed.csv: one row per distinct client
// JA4 each client sent, with where and how it was seen. A JA4 goes in only when the engine's value
// equals tshark's (the .tshark.json beside the capture), so a parser bug cannot write a wrong
// entry. Server answers (JA4S) are left out: they name nginx's reply, not the client.
//   npx tsx tools/build-observed-fingerprints.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fingerprintFile } from '../tests/support/fingerprint-file.js';
import { CAPTURES_DIR, type TsharkView } from '../capture-worker/test-fixtures/captures.js';
import { csvLine } from '../common/util/csv.js';

const DIR = join(CAPTURES_DIR, 'clients');
const OUT = join(import.meta.dirname, '..', 'data', 'known-fingerprints-observed.csv');

interface Client {
  id: string;
  family: string;
  client: string;
  command: string;
}

const manifest = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')) as {
  recorded: string;
  host: string;
  server: string;
  clients: Client[];
};

const header = [
  'Application',
  'Library',
  'Device',
  'OS',
  'ja4',
  'Notes',
  'Family',
  'Source',
  'Observed',
  'Method',
  'Licence',
];
const lines = [header.join(',')];
for (const c of manifest.clients) {
  const { records } = await fingerprintFile(join(DIR, `${c.id}.pcap`));
  const view = JSON.parse(readFileSync(join(DIR, `${c.id}.tshark.json`), 'utf8')) as TsharkView;
  const tshark = new Set(view.hellos.filter((h) => h.type === 'client').map((h) => h.ja4));
  const mine = new Set(records.map((r) => r.ja4).filter((j): j is string => !!j));
  for (const ja4 of [...mine].sort()) {
    if (!tshark.has(ja4)) throw new Error(`${c.id}: engine JA4 ${ja4} is not in tshark's view`);
    // A browser is an application; a tool's name is its library (what sent the hello).
    const browser = c.family === 'chrome' || c.family === 'firefox';
    const row = [
      browser ? c.client : '',
      browser ? '' : c.client,
      '',
      manifest.host,
      ja4,
      /impersonation/.test(c.client) ? `impersonates a browser's TLS; ${c.command}` : c.command,
      /impersonation/.test(c.client) ? 'impersonator' : c.family,
      `ja4-workstation capture clients/${c.id}.pcap`,
      manifest.recorded,
      `ClientHello to ${manifest.server}, JA4 by the engine, equal to tshark's`,
      'project data (BSD-3-Clause, like the project)',
    ];
    lines.push(csvLine(row));
  }
}
writeFileSync(OUT, lines.join('\n') + '\n');
process.stderr.write(`${lines.length - 1} observed JA4s -> ${OUT}\n`);
