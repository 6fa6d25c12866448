// Real ConnectionRecords: the JA4+ reference vectors (../shared/testdata/ja4-reference/expected.jsonl)
// parsed with the shared schema, each given a capture time (the reference has none).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConnectionRecord } from '../../../common/events/connection.js';
import { defaultMigrationsDir } from '../migrations/load.js';

export const REFERENCE_JSONL = join(
  defaultMigrationsDir(),
  '..',
  '..',
  'shared',
  'testdata',
  'ja4-reference',
  'expected.jsonl',
);

export function referenceRecords(baseUs = Date.UTC(2026, 10, 24, 12) * 1000): ConnectionRecord[] {
  const lines = readFileSync(REFERENCE_JSONL, 'utf8').split('\n').filter(Boolean);
  // Only per-connection records parse (the file also holds per-frame and per-certificate ones).
  const out: ConnectionRecord[] = [];
  for (const line of lines) {
    const raw = JSON.parse(line) as Record<string, unknown>;
    const picked = Object.fromEntries(
      Object.keys(ConnectionRecord.shape).flatMap((k) => (k in raw ? [[k, raw[k]]] : [])),
    );
    const r = ConnectionRecord.safeParse({ ...picked, ts_us: baseUs + out.length * 1_001 });
    if (r.success) out.push(r.data);
  }
  return out;
}
