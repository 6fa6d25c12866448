// Schema drift: what the live database holds vs what the applied migrations produce. The expected
// schema is built for real: the applied migrations (rendered with the recorded retention) run in
// a scratch database on the same server, then both databases' CREATE statements from
// system.tables are compared, with the scratch name replaced by the real one. Comparing
// ClickHouse's own normalised DDL catches every difference (columns, types, codecs, defaults,
// indexes, ORDER BY, PARTITION BY, TTL, settings, view queries) without parsing SQL ourselves.
import { randomBytes } from 'node:crypto';
import type { Store } from '../store.js';
import type { MigrationFile } from './load.js';
import { recordedRetention } from './retention.js';
import { renderStatements } from './runner.js';
import type { RenderContext } from './template.js';

export interface DriftItem {
  table: string;
  kind: 'missing' | 'unexpected' | 'different';
  expected?: string;
  actual?: string;
}

/** Tables the runner itself owns; not produced by migration files. */
const RUNNER_TABLES = new Set(['schema_migrations', 'schema_settings']);

async function createQueries(store: Store, database: string): Promise<Map<string, string>> {
  const rs = await store.client.query({
    query:
      'SELECT name, create_table_query FROM system.tables WHERE database = {db:String} ORDER BY name',
    query_params: { db: database },
    format: 'JSONEachRow',
  });
  const rows = await rs.json<{ name: string; create_table_query: string }>();
  return new Map(
    rows.filter((r) => !RUNNER_TABLES.has(r.name)).map((r) => [r.name, r.create_table_query]),
  );
}

export async function schemaDrift(store: Store, applied: MigrationFile[]): Promise<DriftItem[]> {
  const scratch = `${store.database}_verify_${randomBytes(4).toString('hex')}`;
  const retention = await recordedRetention(store);
  const ctx: RenderContext = {
    database: scratch,
    cluster: store.cluster,
    rawTtlDays: retention.rawDays,
    aggregateTtlDays: retention.aggregateDays,
  };
  const onCluster = store.cluster ? ` ON CLUSTER '${store.cluster}'` : '';
  await store.client.command({ query: `CREATE DATABASE ${scratch}${onCluster}` });
  try {
    for (const f of applied) {
      for (const query of renderStatements(f.up, ctx, f.file))
        await store.client.command({ query });
    }
    const expected = await createQueries(store, scratch);
    const actual = await createQueries(store, store.database);
    const normalise = (q: string): string => q.split(scratch).join(store.database);
    const drift: DriftItem[] = [];
    for (const [table, q] of expected) {
      const want = normalise(q);
      const have = actual.get(table);
      if (have === undefined) drift.push({ table, kind: 'missing', expected: want });
      else if (have !== want)
        drift.push({ table, kind: 'different', expected: want, actual: have });
    }
    for (const [table, q] of actual)
      if (!expected.has(table)) drift.push({ table, kind: 'unexpected', actual: q });
    return drift;
  } finally {
    await store.client
      .command({ query: `DROP DATABASE IF EXISTS ${scratch}${onCluster} SYNC` })
      .catch(() => undefined);
  }
}

/** The first differing stretch of two DDL strings, for a one-line report. */
export function firstDifference(expected: string, actual: string): string {
  let i = 0;
  while (i < expected.length && i < actual.length && expected[i] === actual[i]) i++;
  const from = Math.max(0, i - 30);
  return `expected …${expected.slice(from, i + 50)}… but found …${actual.slice(from, i + 50)}…`;
}
