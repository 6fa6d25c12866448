// Retention is a TTL on each table, rendered into the migration that creates it. Changing the
// configured retention later never edits a migration (that would fail its checksum): `migrate up`
// compares the configured days with the ones recorded in schema_settings and, when they differ,
// runs ALTER TABLE ... MODIFY TTL on every table of that class, then records the new value.
// ClickHouse applies the new TTL to existing parts in the background (materialize_ttl_after_modify).
import type { RetentionConfig } from '../config.js';
import { ML_DETECTED_ANOMALIES } from '../rows/anomalies.js';
import type { Store } from '../store.js';
import { readSettings, writeSetting } from './settings-table.js';

export interface RetentionTable {
  table: string;
  ttlOf: string;
  class: 'raw' | 'aggregate';
}

export const RETENTION_TABLES: readonly RetentionTable[] = [
  { table: 'tls_handshakes', ttlOf: 'ingested_at', class: 'raw' },
  { table: 'tls_handshake_finals', ttlOf: 'ingested_at', class: 'raw' },
  { table: 'http_requests', ttlOf: 'ingested_at', class: 'raw' },
  { table: 'http_logs', ttlOf: 'ingested_at', class: 'raw' },
  { table: 'tcp_events', ttlOf: 'ingested_at', class: 'raw' },
  { table: 'agg_src_ip_1m', ttlOf: 'ingested_at', class: 'aggregate' },
  { table: 'agg_src_ip_handshakes_1m', ttlOf: 'ingested_at', class: 'aggregate' },
  { table: 'agg_ja4_1m', ttlOf: 'ingested_at', class: 'aggregate' },
  { table: 'agg_ja4_ua_1m', ttlOf: 'ingested_at', class: 'aggregate' },
  { table: 'agg_src_ip_ja4_1m', ttlOf: 'ingested_at', class: 'aggregate' },
  { table: ML_DETECTED_ANOMALIES, ttlOf: 'toDateTime(detected_at)', class: 'aggregate' },
  { table: 'agg_anomaly_ip_1d', ttlOf: 'day', class: 'aggregate' },
];

const KEYS = { raw: 'retention.raw_days', aggregate: 'retention.aggregate_days' } as const;

/** The retention the live TTLs were set to (falls back to the configuration before the first up). */
export async function recordedRetention(store: Store): Promise<RetentionConfig> {
  const s = await readSettings(store);
  const raw = Number(s.get(KEYS.raw) ?? store.retention.rawDays);
  const aggregate = Number(s.get(KEYS.aggregate) ?? store.retention.aggregateDays);
  return { rawDays: raw, aggregateDays: aggregate };
}

export interface RetentionChange {
  table: string;
  days: number;
}

/** Bring every table's TTL to the configured retention. Returns the tables altered. */
export async function applyRetention(
  store: Store,
  freshInstall: boolean,
): Promise<RetentionChange[]> {
  const settings = await readSettings(store);
  const want = { raw: store.retention.rawDays, aggregate: store.retention.aggregateDays };
  const changed: RetentionChange[] = [];
  const existing = await localTables(store);
  for (const cls of ['raw', 'aggregate'] as const) {
    const recorded = settings.get(KEYS[cls]);
    if (recorded === String(want[cls])) continue;
    // On a fresh install the migrations were just rendered with the configured value.
    if (!(freshInstall && recorded === undefined)) {
      for (const t of RETENTION_TABLES.filter((r) => r.class === cls)) {
        const local = store.cluster ? `${t.table}_local` : t.table;
        if (!existing.has(local)) continue;
        const onCluster = store.cluster ? ` ON CLUSTER '${store.cluster}'` : '';
        await store.client.command({
          query: `ALTER TABLE ${store.database}.${local}${onCluster} MODIFY TTL ${t.ttlOf} + INTERVAL ${want[cls]} DAY`,
        });
        changed.push({ table: t.table, days: want[cls] });
      }
    }
    await writeSetting(store, KEYS[cls], String(want[cls]));
  }
  return changed;
}

async function localTables(store: Store): Promise<Set<string>> {
  const rs = await store.client.query({
    query: 'SELECT name FROM system.tables WHERE database = {db:String}',
    query_params: { db: store.database },
    format: 'JSONEachRow',
  });
  return new Set((await rs.json<{ name: string }>()).map((r) => r.name));
}
