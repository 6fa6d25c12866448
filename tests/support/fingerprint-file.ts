// Runs the engine over one capture file: its records (those with any fingerprint) and its stats.
// Used by the tests on the committed captures under capture-worker/test-fixtures/.
import { readFileSync } from 'node:fs';
import type { ConnectionRecord } from '../../common/events/connection.js';
import { createEngine, type EngineOptions } from '../../capture-worker/src/engine/index.js';
import type { EngineStats } from '../../capture-worker/src/engine/index.js';
import { readCaptureFile } from '../../capture-worker/src/pcap/read-file.js';

export async function fingerprintFile(
  file: string,
  opts: Partial<EngineOptions> = {},
): Promise<{ records: ConnectionRecord[]; stats: EngineStats }> {
  const records: ConnectionRecord[] = [];
  const e = createEngine({ ...opts, onRecord: (r) => records.push(r) });
  for await (const p of readCaptureFile(file)) e.push(p);
  e.finish();
  records.sort((a, b) => a.ts_us - b.ts_us);
  return { records, stats: e.stats() };
}

/** tshark's fields for each hello, as the fixture scripts saved them (`<name>.tshark.json`). */
export interface TsharkHelloRow {
  [field: string]: string;
}

export function tsharkRows(jsonFile: string): TsharkHelloRow[] {
  return (JSON.parse(readFileSync(jsonFile, 'utf8')) as { rows: TsharkHelloRow[] }).rows;
}
