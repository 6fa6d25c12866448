// `ja4ws detect` offline evaluation: correlated events JSONL -> an embedded store in a temporary
// directory (openStore + the project's migrations, so http_logs is the real table) -> the same
// feature SQL as live runs -> fit, score -> one JSON line per entity.
import { mkdtemp, rm } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateUp, openStore } from '../../storage/index.js';
import { computeFeatures, minuteWindow, type FeatureTable } from '../features/compute.js';
import { loadJa4Families } from '../features/families.js';
import { detect, type DetectParams, type Detection } from '../run/detect.js';
import { detectWithCohorts } from '../cohort/detect-cohort.js';
import { loadCohortRows } from '../cohort/rows.js';
import { loadEventsJsonl, type LoadProgress, type LoadReport } from './load-events.js';

export type OfflineProgress =
  ({ phase: 'load' } & LoadProgress) | { phase: 'features' } | { phase: 'score'; entities: number };

/** Why nothing was scored, in numbers the command turns into advice. */
export interface EmptyResult {
  /** Requests per entity in the window, whatever --min-requests, largest first. */
  windowCounts: number[];
  /** Requests per entity over every loaded event, largest first. */
  spanCounts: number[];
  /** From the earliest to the latest event, ms. */
  spanMs: number;
}

export interface OfflineOptions {
  eventsPath: string;
  outPath?: string | undefined;
  params: DetectParams;
  /** The window ending at `end`; 'all': from the earliest event to the latest. */
  windowMs: number | 'all';
  minRequests: number;
  /** Score whole IPs (ja4 '') instead of (IP, JA4) pairs. */
  perIp?: boolean;
  /**
   * Per IP only: the behaviour forest with cohorts and NAT awareness (cohort/), IPs under the
   * minimum scored through their cohort. Off: the aggregate features' IP forest.
   */
  cohorts?: { enabled: boolean; minIps: number };
  /** Window end (ms); default: just after the latest event. Rounded up to a whole minute. */
  end?: number | undefined;
  onProgress?: (p: OfflineProgress) => void;
}

export interface OfflineResult {
  load: LoadReport;
  detection: Detection | undefined;
  table: FeatureTable;
  windowStart: number;
  windowEnd: number;
  /** Set when fewer than 2 entities qualified. */
  empty?: EmptyResult;
}

export async function detectOffline(o: OfflineOptions): Promise<OfflineResult> {
  const dir = await mkdtemp(join(tmpdir(), 'ja4ws-detect-'));
  const store = await openStore({ kind: 'embedded', dataDir: dir });
  try {
    await migrateUp(store);
    const load = await loadEventsJsonl(store, o.eventsPath, (p) =>
      o.onProgress?.({ phase: 'load', ...p }),
    );
    o.onProgress?.({ phase: 'features' });
    // Whole minutes (the features come from per-minute aggregates), the latest event included.
    const last = o.end ?? load.maxTime + 1;
    const { start: windowStart, end: windowEnd } = minuteWindow(
      last,
      o.windowMs === 'all' ? Math.max(60_000, last - load.minTime) : o.windowMs,
    );
    const families = await loadJa4Families(store.client);
    const features = (start: number, end: number, minRequests: number) =>
      computeFeatures(store.client, {
        families,
        perIp: o.perIp ?? false,
        start,
        end,
        minRequests,
      });
    const table = await features(windowStart, windowEnd, o.minRequests);
    if (table.entities.length >= 2)
      o.onProgress?.({ phase: 'score', entities: table.entities.length });
    const cohortMode = (o.perIp ?? false) && o.cohorts !== undefined;
    let detection: Detection | undefined;
    if (cohortMode) {
      const rows = await loadCohortRows(store.client, {
        start: windowStart,
        end: windowEnd,
        families,
      });
      const eligible = new Set(rows.groups.filter((g) => g.n > 0).map((g) => g.src_ip)).size;
      if (table.entities.length >= 2 && eligible >= 2)
        detection = detectWithCohorts(rows, {
          ...o.params,
          minRequests: o.minRequests,
          cohortScoring: o.cohorts!.enabled,
          cohortMinIps: o.cohorts!.minIps,
        });
    } else if (table.entities.length >= 2) detection = detect(table, o.params);
    if (o.outPath) await writeScores(o.outPath, detection);
    const result: OfflineResult = { load, detection, table, windowStart, windowEnd };
    if (!detection) {
      const spanMs = load.loaded > 0 ? load.maxTime - load.minTime : 0;
      const span = minuteWindow(load.maxTime + 1, spanMs + 60_000);
      result.empty = {
        windowCounts: requestCounts(await features(windowStart, windowEnd, 1)),
        spanCounts: requestCounts(await features(span.start, span.end, 1)),
        spanMs,
      };
    }
    return result;
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The 'requests' feature of every entity, largest first. */
function requestCounts(t: FeatureTable): number[] {
  const col = t.names.indexOf('requests');
  if (col < 0) return [];
  const out: number[] = [];
  for (let i = 0; i < t.raw.rows; i++) out.push(t.raw.data[i * t.raw.cols + col]!);
  return out.sort((a, b) => b - a);
}

async function writeScores(path: string, d: Detection | undefined): Promise<void> {
  const out = createWriteStream(path);
  const rows = d ? [...d.results].sort((a, b) => b.score - a.score) : [];
  for (const r of rows) {
    const line = {
      src_ip: r.src_ip,
      ja4: r.ja4,
      score: Math.round(r.score * 1e6) / 1e6,
      is_anomaly: r.is_anomaly,
      reasons: r.reasons.map((x) => x.text),
    };
    if (!out.write(JSON.stringify(line) + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
