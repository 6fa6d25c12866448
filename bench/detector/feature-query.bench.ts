// Feature query time, raw rows (http_logs) vs the per-minute aggregates, at a realistic size in
// the embedded store, and the two results compared feature by feature on the same data.
//
//   node --import tsx bench/detector/feature-query.bench.ts [layout] [repeats]
//     layout hour (default): ~1 M http_logs rows in the scored hour — the labelled generator's
//       default cast scaled 23x (13,800 human IPs, 1,254 bots) — plus its 29 days of history;
//     layout day: 24 default scenarios, one per hour of the day ending at the scored hour's end
//       (~1 M rows over a day, plus history); the window is the last hour.
// Both queries run per (IP, JA4) and per IP, `repeats` times each after one warm-up; the median
// wall time is reported. Tables are OPTIMIZEd first (a steady state: background merges would
// get there on a live store).
import { cpus, loadavg } from 'node:os';
import { migrateUp, openStore } from '../../main/storage/index.js';
import { HTTP_LOGS, correlatedToRow } from '../../main/storage/rows/http.js';
import { tempDir } from '../../main/storage/testing/temp-dir.js';
import { computeFeatures, type FeatureQuery } from '../../main/detector/features/compute.js';
import { loadJa4Families } from '../../main/detector/features/families.js';
import { compareFeatures } from '../../main/detector/features/testing/compare.js';
import { DEFAULT_SCENARIO, generateScenario } from '../../tools/traffic-gen/scenario.js';
import type { GeneratedEvent } from '../../tools/traffic-gen/actors.js';

const layout = process.argv[2] ?? 'hour';
const repeats = Number(process.argv[3] ?? 5);
const END = DEFAULT_SCENARIO.end;
const HOUR = 3_600_000;

function* scenarios(): Generator<GeneratedEvent[]> {
  if (layout === 'hour') {
    const k = 23;
    yield generateScenario({
      seed: 1,
      humanIps: 600 * k,
      scrapers: 8 * k,
      credentialStuffers: 6 * k,
      curlChrome: 8 * k,
      lowAndSlow: 6 * k,
      botnetIps: 40 * k,
    }).events;
  } else if (layout === 'day') {
    for (let h = 0; h < 24; h++)
      yield generateScenario({ seed: 100 + h, end: END - h * HOUR }).events;
  } else throw new Error(`layout must be hour or day, got ${layout}`);
}

const store = await openStore({ kind: 'embedded', dataDir: tempDir('ja4ws-featbench-') });
await migrateUp(store);
const tLoad = performance.now();
let loaded = 0;
for (const events of scenarios()) {
  for (let i = 0; i < events.length; i += 50_000) {
    await store.insert(HTTP_LOGS, events.slice(i, i + 50_000).map(correlatedToRow));
  }
  loaded += events.length;
}
const loadS = (performance.now() - tLoad) / 1000;
for (const t of ['http_logs', 'agg_src_ip_ja4_1m', 'agg_src_ip_1m'])
  await store.client.command({ query: `OPTIMIZE TABLE ${t} FINAL` });

async function scalar<T>(query: string): Promise<T[]> {
  const rs = await store.client.query({ query, format: 'JSONEachRow' });
  return rs.json<T>();
}
const sizes = await scalar<{ table: string; rows: string; bytes: string }>(
  `SELECT table, sum(rows) AS rows, sum(bytes_on_disk) AS bytes FROM system.parts
   WHERE database = currentDatabase() AND active AND table IN ('http_logs', 'agg_src_ip_ja4_1m', 'agg_src_ip_1m')
   GROUP BY table ORDER BY table`,
);
const inWindow = await scalar<{ n: string }>(
  `SELECT count() AS n FROM http_logs WHERE ts >= toDateTime64(${(END - HOUR) / 1000}, 3) AND ts < toDateTime64(${END / 1000}, 3)`,
);

const families = await loadJa4Families(store.client);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const results = [];
for (const perIp of [false, true]) {
  const q: FeatureQuery = { start: END - HOUR, end: END, minRequests: 5, perIp, families };
  const time = async (source: 'raw' | 'aggregate') => {
    await computeFeatures(store.client, { ...q, source });
    const ms: number[] = [];
    for (let i = 0; i < repeats; i++) {
      const t0 = performance.now();
      await computeFeatures(store.client, { ...q, source });
      ms.push(performance.now() - t0);
    }
    return { medianMs: Math.round(median(ms)), allMs: ms.map(Math.round) };
  };
  const raw = await time('raw');
  const agg = await time('aggregate');
  const diff = compareFeatures(
    await computeFeatures(store.client, { ...q, source: 'aggregate' }),
    await computeFeatures(store.client, { ...q, source: 'raw' }),
  );
  results.push({
    level: perIp ? 'ip' : 'ip_ja4',
    raw,
    aggregate: agg,
    speedup: Math.round((raw.medianMs / agg.medianMs) * 10) / 10,
    comparison: {
      entities: diff.shared,
      onlyInAggregate: diff.onlyInA.length,
      onlyInRaw: diff.onlyInB.length,
      featuresDiffering: Object.entries(diff.differing)
        .filter(([, n]) => n > 0)
        .map(([f, n]) => `${f}: ${n}`),
      maxAbsDiff: Object.fromEntries(
        Object.entries(diff.maxAbsDiff)
          .filter(([, d]) => d > 0)
          .map(([f, d]) => [f, d]),
      ),
    },
  });
}
await store.close();
process.stdout.write(
  JSON.stringify(
    {
      date: new Date().toISOString(),
      machine: `${cpus().length} x ${cpus()[0]?.model ?? '?'} (shared)`,
      loadavg: loadavg().map((l) => Math.round(l * 100) / 100),
      layout,
      httpLogsRows: loaded,
      rowsInWindow: Number(inWindow[0]!.n),
      loadSeconds: Math.round(loadS),
      tables: sizes.map((s) => ({ table: s.table, rows: Number(s.rows), bytes: Number(s.bytes) })),
      results,
    },
    null,
    2,
  ) + '\n',
);
