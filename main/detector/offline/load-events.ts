// Streams a correlated-events JSONL file (common/events/correlated.ts, what the correlator's
// JSONL sink writes) into http_logs through the storage layer's own row mapping. A bad line (not
// JSON, not a correlated event, too long) is counted by kind with the first few kept for the
// report; it never stops the load or loses the good lines around it.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { CorrelatedEvent } from '../../../common/events/correlated.js';
import type { Store } from '../../storage/index.js';
import { HTTP_LOGS, correlatedToRow, type HttpLogRow } from '../../storage/rows/http.js';

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

export async function loadEventsJsonl(store: Store, path: string): Promise<LoadReport> {
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
  let batch: HttpLogRow[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await store.insert(HTTP_LOGS, batch);
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
    const parsed = CorrelatedEvent.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      bad(
        'schema',
        issue ? `${issue.path.join('.') || '(line)'}: ${issue.message}` : 'invalid event',
      );
      continue;
    }
    const ms = parsed.data.ts_us / 1000;
    if (ms > report.maxTime) report.maxTime = ms;
    batch.push(correlatedToRow(parsed.data));
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  return report;
}
