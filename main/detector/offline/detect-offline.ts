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
import { loadEventsJsonl, type LoadReport } from './load-events.js';

export interface OfflineOptions {
  eventsPath: string;
  outPath?: string | undefined;
  params: DetectParams;
  windowMs: number;
  minRequests: number;
  /** Score whole IPs (ja4 '') instead of (IP, JA4) pairs. */
  perIp?: boolean;
  /** Window end (ms); default: just after the latest event. Rounded up to a whole minute. */
  end?: number | undefined;
}

export interface OfflineResult {
  load: LoadReport;
  detection: Detection | undefined;
  table: FeatureTable;
  windowStart: number;
  windowEnd: number;
}

export async function detectOffline(o: OfflineOptions): Promise<OfflineResult> {
  const dir = await mkdtemp(join(tmpdir(), 'ja4ws-detect-'));
  const store = await openStore({ kind: 'embedded', dataDir: dir });
  try {
    await migrateUp(store);
    const load = await loadEventsJsonl(store, o.eventsPath);
    // Whole minutes (the features come from per-minute aggregates), the latest event included.
    const { start: windowStart, end: windowEnd } = minuteWindow(
      o.end ?? load.maxTime + 1,
      o.windowMs,
    );
    const table = await computeFeatures(store.client, {
      families: await loadJa4Families(store.client),
      perIp: o.perIp ?? false,
      start: windowStart,
      end: windowEnd,
      minRequests: o.minRequests,
    });
    const detection = table.entities.length >= 2 ? detect(table, o.params) : undefined;
    if (o.outPath) await writeScores(o.outPath, detection);
    return { load, detection, table, windowStart, windowEnd };
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
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
