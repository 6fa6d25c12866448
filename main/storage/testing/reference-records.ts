// Real ConnectionRecords for storage tests: the records of the project's own test captures
// (capture-worker/test-fixtures/captures/records.jsonl, written by tools/capture-test-traffic.sh
// from real curl, openssl, gnutls, wget, Node, Chromium, nginx, caddy and OpenSSH traffic), parsed
// with the shared schema, each given a capture time. They are input data: the tests check that
// what goes in comes back out, not the fingerprints themselves.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConnectionRecord } from '../../../common/events/connection.js';
import { defaultMigrationsDir } from '../migrations/load.js';

/** Found from the project root, so that it also resolves when this module runs from dist/. */
export const FIXTURE_RECORDS_JSONL = join(
  dirname(defaultMigrationsDir()),
  'capture-worker',
  'test-fixtures',
  'captures',
  'records.jsonl',
);

export function realRecords(baseUs = Date.UTC(2026, 10, 24, 12) * 1000): ConnectionRecord[] {
  const lines = readFileSync(FIXTURE_RECORDS_JSONL, 'utf8').split('\n').filter(Boolean);
  const out: ConnectionRecord[] = [];
  for (const line of lines) {
    const raw = JSON.parse(line) as Record<string, unknown>;
    const picked = Object.fromEntries(
      Object.keys(ConnectionRecord.shape).flatMap((k) => (k in raw ? [[k, raw[k]]] : [])),
    );
    const r = ConnectionRecord.safeParse({ ...picked, ts_us: baseUs + out.length * 1_001 });
    if (!r.success) throw new Error(`${FIXTURE_RECORDS_JSONL}: ${r.error.message}\n${line}`);
    out.push(r.data);
  }
  return out;
}

/** The former name (the records came from the reference corpus then); other branches may call it. */
export const referenceRecords = realRecords;
