// Streams a correlated-events JSONL file (common/events/correlated.ts, what the correlator's
// JSONL sink writes) into http_logs through the storage layer's own row mapping. A bad line (not
// JSON, not a correlated event, too long) is counted by kind with the first few kept for the
// report; it never stops the load or loses the good lines around it.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { CorrelatedEvent } from '../../../common/events/correlated.js';
import { describeIssues } from '../../../common/util/zod-issues.js';
import type { Store } from '../../storage/index.js';
import { HTTP_LOGS, correlatedToRow, type HttpLogRow } from '../../storage/rows/http.js';
import { flatToCorrelated, isFlatEvent } from './flat-event.js';

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
  /** Earliest event time (ms): with maxTime, the span a window must cover to see every event. */
  minTime: number;
  /**
   * Good lines by the format recognised: correlated events (what the correlator writes) or flat
   * request events carrying fingerprints as fields (CDN/WAF logs, JA4-enabled servers).
   */
  formats: { correlated: number; flat: number };
}

export interface LoadProgress {
  /** File offset read so far. */
  bytesRead: number;
  lines: number;
  loaded: number;
}

export async function loadEventsJsonl(
  store: Store,
  path: string,
  onProgress?: (p: LoadProgress) => void,
): Promise<LoadReport> {
  const report: LoadReport = {
    lines: 0,
    loaded: 0,
    bad: { json: 0, schema: 0, too_long: 0 },
    examples: [],
    maxTime: 0,
    minTime: Number.POSITIVE_INFINITY,
    formats: { correlated: 0, flat: 0 },
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
  const input = createReadStream(path, { encoding: 'utf8' });
  const rl = createInterface({ input, crlfDelay: Infinity });
  for await (const line of rl) {
    report.lines++;
    if (onProgress && (report.lines & 0x3ff) === 0)
      onProgress({
        bytesRead: input.bytesRead,
        lines: report.lines,
        loaded: report.loaded + batch.length,
      });
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
    let event;
    if (
      typeof json === 'object' &&
      json !== null &&
      !Array.isArray(json) &&
      !('correlation' in json) &&
      isFlatEvent(json as Record<string, unknown>)
    ) {
      const flat = flatToCorrelated(json as Record<string, unknown>);
      if (!flat.ok) {
        bad('schema', flat.error);
        continue;
      }
      event = flat.event;
      report.formats.flat++;
    } else {
      const parsed = CorrelatedEvent.safeParse(json);
      if (!parsed.success) {
        bad(
          'schema',
          `neither a correlated event nor a flat event with a ja4 field: ${describeIssues(parsed.error.issues, json)[0]?.message ?? 'invalid event'}`,
        );
        continue;
      }
      event = parsed.data;
      report.formats.correlated++;
    }
    const ms = event.ts_us / 1000;
    if (ms > report.maxTime) report.maxTime = ms;
    if (ms < report.minTime) report.minTime = ms;
    batch.push(correlatedToRow(event));
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  onProgress?.({ bytesRead: input.bytesRead, lines: report.lines, loaded: report.loaded });
  if (report.loaded === 0) report.minTime = 0;
  return report;
}
