// Loads the known-fingerprint mapping (data/*.csv in FoxIO's ja4plus-mapping.csv format) into the
// known_fingerprints table. Each CSV row may carry several fingerprints (ja4, ja4s, ja4h, ...):
// it becomes one table row per fingerprint. Reloaded by `migrate up` when the files' checksum
// differs from the one recorded in schema_settings.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Store } from '../store.js';
import { StoreError } from '../errors.js';
import { defaultMigrationsDir } from './load.js';
import { readSettings, writeSetting } from './settings-table.js';
import { issuesMessage } from '../../../common/util/zod-issues.js';
import {
  KnownFingerprintEntry,
  ProvenanceFile,
  type KnownFamily,
} from './known-fingerprint-schema.js';

/** One table row: one fingerprint of one mapping entry, with its provenance. */
export type KnownFingerprintRow = KnownFingerprintEntry;

const FINGERPRINT_COLUMNS = [
  'ja4',
  'ja4s',
  'ja4h',
  'ja4x',
  'ja4t',
  'ja4ts',
  'ja4tscan',
  'ja4ssh',
  'ja4l',
  'ja3',
  'ja3s',
];
const SETTING = 'known_fingerprints.checksum';
/** The licence switch the table was last loaded under (config `fingerprints.ja4plus`). */
const JA4PLUS_SETTING = 'fingerprints.ja4plus';
/** The BSD-licensed methods: all the table keeps when JA4+ is switched off. */
const BSD_TYPES = new Set(['ja4', 'ja3', 'ja3s']);

export function defaultDataDir(): string {
  return join(defaultMigrationsDir(), '..', 'data');
}

/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((f) => f.trim() !== ''));
}

/** The provenance file beside the mapping files (data/known-fingerprints.provenance.json). */
export function loadProvenance(dir = defaultDataDir()): ProvenanceFile {
  const file = join(dir, 'known-fingerprints.provenance.json');
  if (!existsSync(file)) return {};
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new StoreError('migrate.invalid', `${file}: not JSON: ${(e as Error).message}`);
  }
  const parsed = ProvenanceFile.safeParse(json);
  if (!parsed.success)
    throw new StoreError('migrate.invalid', `${file}: ${issuesMessage(parsed.error.issues, json)}`);
  return parsed.data;
}

/**
 * The family an entry without a Family column stands for, from its name: FoxIO's mapping names
 * browsers "Chromium Browser", tools and malware by name, servers "... Server".
 */
export function familyOfName(application: string, library: string): KnownFamily {
  const text = `${application} ${library}`.trim();
  if (text === '') return '';
  if (/\bserver\b/i.test(text)) return 'server';
  if (/chrom|\bedge\b|opera|brave|vivaldi/i.test(text)) return 'chrome';
  if (/firefox/i.test(text)) return 'firefox';
  if (/safari/i.test(text)) return 'safari';
  return 'tool';
}

/**
 * The rows of one mapping file (FoxIO's ja4plus-mapping.csv columns, plus the optional Family,
 * Source, Observed, Method and Licence columns). Each row may carry several fingerprints (ja4,
 * ja4s, ja4h, ...): it becomes one entry per fingerprint. Provenance a row does not carry comes
 * from the file's entry in the provenance file. A row that fails validation is refused with its
 * file, row number and what is wrong: a bad entry must not load as a label.
 */
export function mappingRows(
  csv: string,
  file: string,
  provenance: ProvenanceFile = loadProvenance(),
): KnownFingerprintRow[] {
  const name = basename(file);
  const [header, ...body] = parseCsv(csv);
  if (!header) return [];
  const cols = header.map((h) => h.trim().toLowerCase());
  const at = (col: string): number => cols.indexOf(col);
  for (const need of ['application', 'library', 'device', 'os', 'notes']) {
    if (at(need) < 0)
      throw new StoreError('migrate.invalid', `${name}: missing column '${need}' in the header`);
  }
  const defaults = provenance[name];
  const fpCols = cols.filter((c) => FINGERPRINT_COLUMNS.includes(c));
  const out: KnownFingerprintRow[] = [];
  body.forEach((r, i) => {
    const get = (col: string): string => (at(col) < 0 ? '' : (r[at(col)] ?? '').trim());
    for (const type of fpCols) {
      const fingerprint = get(type);
      if (!fingerprint) continue;
      const entry = {
        fingerprint_type: type,
        fingerprint,
        application: get('application'),
        library: get('library'),
        device: get('device'),
        os: get('os'),
        notes: get('notes'),
        family: get('family') || familyOfName(get('application'), get('library')),
        source: get('source') || defaults?.source || name,
        observed: get('observed') || defaults?.observed || '',
        method: get('method') || defaults?.method || '',
        licence: get('licence') || defaults?.licence[type] || defaults?.licence['*'] || '',
        paired_with: type === 'ja4s' ? get('ja4') : type === 'ja4' ? get('ja4s') : '',
      };
      const parsed = KnownFingerprintEntry.safeParse(entry);
      if (!parsed.success)
        throw new StoreError(
          'migrate.invalid',
          `${name}: row ${i + 1} (${type}): ${issuesMessage(parsed.error.issues, entry)}`,
          { file: name, row: i + 1 },
        );
      out.push(parsed.data);
    }
  });
  return out;
}

export function mappingFiles(dir = defaultDataDir()): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^known-fingerprints.*\.csv$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

/**
 * Reload known_fingerprints when the CSV files or the licence switch changed. With `ja4plus`
 * false only JA4 and JA3/JA3S rows are loaded (the FoxIO-licensed JA4S, JA4H, JA4X, JA4T... stay
 * out of the store); undefined keeps the switch the table was last loaded under (`ja4ws migrate
 * up` does not read the daemon's configuration). Returns the rows loaded, or undefined.
 */
export async function syncKnownFingerprints(
  store: Store,
  files = mappingFiles(),
  ja4plus?: boolean,
): Promise<number | undefined> {
  const settings = await readSettings(store);
  const plus = ja4plus ?? settings.get(JA4PLUS_SETTING) !== 'false';
  const hash = createHash('sha256');
  // v2: the provenance columns (0022) and the provenance file count too.
  const provenance = loadProvenance(dirOf(files));
  hash.update(`v2\0ja4plus=${plus}\0${JSON.stringify(provenance)}\0`);
  const texts = files.map((f) => {
    const t = readFileSync(f, 'utf8');
    hash.update(basename(f)).update('\0').update(t).update('\0');
    return { file: f, text: t };
  });
  const checksum = hash.digest('hex');
  // Also reload an empty table: `migrate down` + `up` of 0007 recreates it empty.
  if (settings.get(SETTING) === checksum && (await rowCount(store)) > 0) return undefined;
  const rows = texts
    .flatMap(({ file, text }) => mappingRows(text, file, provenance))
    .filter((r) => plus || BSD_TYPES.has(r.fingerprint_type))
    // A JA4 row's pairing is a JA4S value: with JA4+ off it goes too (no JA4+ value in any table).
    .map((r) => (plus || r.paired_with === '' ? r : { ...r, paired_with: '' }));
  const onCluster = store.cluster ? ` ON CLUSTER '${store.cluster}'` : '';
  await store.client.command({
    query: `TRUNCATE TABLE IF EXISTS ${store.database}.known_fingerprints${onCluster}`,
  });
  await store.insert(`${store.database}.known_fingerprints`, rows);
  await writeSetting(store, JA4PLUS_SETTING, String(plus));
  await writeSetting(store, SETTING, checksum);
  return rows.length;
}

function dirOf(files: readonly string[]): string {
  return files[0] ? join(files[0], '..') : defaultDataDir();
}

async function rowCount(store: Store): Promise<number> {
  const rs = await store.client.query({
    query: `SELECT count() AS n FROM ${store.database}.known_fingerprints`,
    format: 'JSONEachRow',
  });
  return Number((await rs.json<{ n: string }>())[0]?.n ?? 0);
}
