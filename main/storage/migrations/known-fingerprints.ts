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

export interface KnownFingerprintRow {
  fingerprint_type: string;
  fingerprint: string;
  application: string;
  library: string;
  device: string;
  os: string;
  notes: string;
  source: string;
}

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

export function mappingRows(csv: string, source: string): KnownFingerprintRow[] {
  const [header, ...body] = parseCsv(csv);
  if (!header) return [];
  const cols = header.map((h) => h.trim().toLowerCase());
  const at = (name: string): number => cols.indexOf(name);
  for (const need of ['application', 'library', 'device', 'os', 'notes']) {
    if (at(need) < 0)
      throw new StoreError('migrate.invalid', `${source}: missing column '${need}' in the header`);
  }
  const fpCols = cols.filter((c) => FINGERPRINT_COLUMNS.includes(c));
  const out: KnownFingerprintRow[] = [];
  for (const r of body) {
    const get = (name: string): string => (r[at(name)] ?? '').trim();
    for (const type of fpCols) {
      const fingerprint = get(type);
      if (!fingerprint) continue;
      out.push({
        fingerprint_type: type,
        fingerprint,
        application: get('application'),
        library: get('library'),
        device: get('device'),
        os: get('os'),
        notes: get('notes'),
        source,
      });
    }
  }
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
  hash.update(`ja4plus=${plus}\0`);
  const texts = files.map((f) => {
    const t = readFileSync(f, 'utf8');
    hash.update(basename(f)).update('\0').update(t).update('\0');
    return { file: f, text: t };
  });
  const checksum = hash.digest('hex');
  // Also reload an empty table: `migrate down` + `up` of 0007 recreates it empty.
  if (settings.get(SETTING) === checksum && (await rowCount(store)) > 0) return undefined;
  const rows = texts
    .flatMap(({ file, text }) => mappingRows(text, basename(file)))
    .filter((r) => plus || BSD_TYPES.has(r.fingerprint_type));
  const onCluster = store.cluster ? ` ON CLUSTER '${store.cluster}'` : '';
  await store.client.command({
    query: `TRUNCATE TABLE IF EXISTS ${store.database}.known_fingerprints${onCluster}`,
  });
  await store.insert(`${store.database}.known_fingerprints`, rows);
  await writeSetting(store, JA4PLUS_SETTING, String(plus));
  await writeSetting(store, SETTING, checksum);
  return rows.length;
}

async function rowCount(store: Store): Promise<number> {
  const rs = await store.client.query({
    query: `SELECT count() AS n FROM ${store.database}.known_fingerprints`,
    format: 'JSONEachRow',
  });
  return Number((await rs.json<{ n: string }>())[0]?.n ?? 0);
}
