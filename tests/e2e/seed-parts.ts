// What the UI specs' seed scripts (ui-seed.ts, blocklist-seed.ts) share: the daemon's store in a
// data directory, migrated; the imported captures' time range in whole minutes (the specs search
// it); and anomaly rows through the detector's own row mapper.
import { join } from 'node:path';
import { anomalyToRow } from '../../main/storage/rows/anomalies.js';
import { migrateUp } from '../../main/storage/migrations/runner.js';
import { openStore, type Store } from '../../main/storage/store.js';

/** The embedded store the daemon will own (<data dir>/store: main/config/schema.ts storeConfigOf). */
export async function openSeedStore(dataDir: string): Promise<Store> {
  const store = await openStore({ kind: 'embedded', dataDir: join(dataDir, 'store') });
  await migrateUp(store);
  return store;
}

/** The imported handshakes' first and last times (ms), and the whole minutes around them. */
export async function captureSpan(
  store: Store,
): Promise<{ firstMs: number; from: string; to: string }> {
  const [span] = await (
    await store.client.query({
      query: `SELECT toString(min(ts)) AS first, toString(max(ts)) AS last FROM tls_handshakes`,
      format: 'JSONEachRow',
    })
  ).json<{ first: string; last: string }>();
  const utc = (chTime: string) => new Date(chTime.replace(' ', 'T') + 'Z').getTime();
  const first = utc(span!.first);
  return {
    firstMs: first,
    from: new Date(Math.floor(first / 60_000) * 60_000).toISOString(),
    to: new Date(Math.ceil(utc(span!.last) / 60_000 + 1) * 60_000).toISOString(),
  };
}

/** One open (IP, JA4) anomaly of a seeded run, as the detector stores it. */
export function seededAnomaly(a: {
  detectedAtUs: number;
  srcIp: string;
  ja4: string;
  modelId: string;
  runId: string;
  score: number;
  reason: string;
}) {
  return anomalyToRow({
    detectedAtUs: a.detectedAtUs,
    entityType: 'ip_ja4',
    srcIp: a.srcIp,
    ja4: a.ja4,
    modelId: a.modelId,
    runId: a.runId,
    score: a.score,
    threshold: 0.6,
    features: {},
    reasons: [a.reason],
    state: 'new',
  });
}
