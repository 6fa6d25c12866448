// Streams a correlated-events JSONL file into the detector input table. A bad line (not JSON,
// wrong fields, too long) is counted by kind with its line number kept for the first few; it
// never stops the load or loses the good lines around it.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { ClickHouseClient } from '@clickhouse/client';
import { DetectorEvent } from '../events/correlated-event.js';
import { INPUT_TABLE, type InputRow } from '../features/input-table.js';
import { toInputRow } from '../features/to-input-row.js';

export const MAX_LINE_BYTES = 64 * 1024;
const BATCH = 20_000;
const EXAMPLES = 10;

export type BadLineKind = 'json' | 'schema' | 'too_long';

export interface LoadReport {
  lines: number;
  loaded: number;
  bad: Record<BadLineKind, number>;
  /** First few bad lines: line number, kind and what was wrong. */
  examples: { line: number; kind: BadLineKind; error: string }[];
  /** Latest event time (ms): the end of the default window. */
  maxTime: number;
}

export async function loadEventsJsonl(
  client: ClickHouseClient,
  path: string,
  table = INPUT_TABLE,
): Promise<LoadReport> {
  const report: LoadReport = {
    lines: 0,
    loaded: 0,
    bad: { json: 0, schema: 0, too_long: 0 },
    examples: [],
    maxTime: 0,
  };
  const bad = (kind: BadLineKind, error: string) => {
    report.bad[kind]++;
    if (report.examples.length < EXAMPLES)
      report.examples.push({ line: report.lines, kind, error });
  };
  let batch: InputRow[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await client.insert({ table, values: batch, format: 'JSONEachRow' });
    report.loaded += batch.length;
    batch = [];
  };
  const rl = createInterface({
    input: createReadStream(path, { encoding: 'utf8' }),
    crlfDelay: Infinity,
  });
  for await (const line of rl) {
    report.lines++;
    if (line.trim() === '') continue;
    if (Buffer.byteLength(line) > MAX_LINE_BYTES) {
      bad('too_long', `line is over ${MAX_LINE_BYTES} bytes`);
      continue;
    }
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (err) {
      bad('json', err instanceof Error ? err.message : String(err));
      continue;
    }
    const parsed = DetectorEvent.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      bad(
        'schema',
        issue ? `${issue.path.join('.') || '(line)'}: ${issue.message}` : 'invalid event',
      );
      continue;
    }
    if (parsed.data.time > report.maxTime) report.maxTime = parsed.data.time;
    batch.push(toInputRow(parsed.data));
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  return report;
}
