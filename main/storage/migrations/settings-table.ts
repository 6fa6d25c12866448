// schema_settings: small key/value state the runner keeps beside schema_migrations (the retention
// the TTLs were last set to, the checksum of the loaded known-fingerprint CSV). Append-only; the
// latest value per key wins.
import type { Store } from '../store.js';
import type { RenderContext } from './template.js';

export function settingsTableDdl(ctx: RenderContext): string {
  const engine = ctx.cluster
    ? `ReplicatedMergeTree('/clickhouse/tables/{database}/schema_settings', '{replica}')`
    : 'MergeTree';
  const onCluster = ctx.cluster ? ` ON CLUSTER '${ctx.cluster}'` : '';
  return `CREATE TABLE IF NOT EXISTS ${ctx.database}.schema_settings${onCluster}
(
    key String,
    value String,
    updated_at DateTime64(6, 'UTC')
)
ENGINE = ${engine}
ORDER BY (key, updated_at)`;
}

export async function readSettings(store: Store): Promise<Map<string, string>> {
  const rs = await store.client.query({
    query: `SELECT key, argMax(value, updated_at) AS value FROM ${store.database}.schema_settings GROUP BY key`,
    format: 'JSONEachRow',
  });
  return new Map((await rs.json<{ key: string; value: string }>()).map((r) => [r.key, r.value]));
}

let last = 0;
export async function writeSetting(store: Store, key: string, value: string): Promise<void> {
  last = Math.max(last + 1, Date.now() * 1000);
  await store.insert(`${store.database}.schema_settings`, [
    { key, value, updated_at: `${Math.floor(last / 1e6)}.${String(last % 1e6).padStart(6, '0')}` },
  ]);
}
