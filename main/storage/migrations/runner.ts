// The migration runner: records every up/down in schema_migrations (an append-only log; the
// latest entry per version says whether it is applied), applies pending files in version order,
// and refuses to go on when an applied file changed or disappeared.
import type { Store } from '../store.js';
import { StoreError } from '../errors.js';
import { loadMigrations, type MigrationFile } from './load.js';
import { syncKnownFingerprints } from './known-fingerprints.js';
import { applyRetention, type RetentionChange } from './retention.js';
import { settingsTableDdl } from './settings-table.js';
import { splitSql } from './split-sql.js';
import { renderTemplate, type RenderContext } from './template.js';

export interface AppliedMigration {
  version: number;
  name: string;
  checksum: string;
  appliedAt: string;
}

export type MigrationState = 'applied' | 'pending' | 'changed' | 'missing';

export interface MigrationStatusRow {
  version: number;
  name: string;
  file: string | undefined;
  state: MigrationState;
  appliedAt: string | undefined;
}

export function renderContext(store: Store): RenderContext {
  return {
    database: store.database,
    cluster: store.cluster,
    rawTtlDays: store.retention.rawDays,
    aggregateTtlDays: store.retention.aggregateDays,
  };
}

/** Rendered statements of one half of a migration file. */
export function renderStatements(sql: string, ctx: RenderContext, file: string): string[] {
  return splitSql(renderTemplate(sql, ctx, file));
}

export function migrationsTableDdl(ctx: RenderContext): string {
  // Every node of a cluster holds the whole log: one replication path for all shards.
  const engine = ctx.cluster
    ? `ReplicatedMergeTree('/clickhouse/tables/{database}/schema_migrations', '{replica}')`
    : 'MergeTree';
  const onCluster = ctx.cluster ? ` ON CLUSTER '${ctx.cluster}'` : '';
  return `CREATE TABLE IF NOT EXISTS ${ctx.database}.schema_migrations${onCluster}
(
    version UInt32,
    name String,
    checksum String,
    direction Enum8('up' = 1, 'down' = 2),
    applied_at DateTime64(6, 'UTC')
)
ENGINE = ${engine}
ORDER BY (version, applied_at)`;
}

async function ensureMigrationsTable(store: Store): Promise<void> {
  const ctx = renderContext(store);
  await store.client.command({ query: migrationsTableDdl(ctx) });
  await store.client.command({ query: settingsTableDdl(ctx) });
}

export async function appliedMigrations(store: Store): Promise<AppliedMigration[]> {
  await ensureMigrationsTable(store);
  const rs = await store.client.query({
    query: `SELECT version, argMax(name, applied_at) AS name, argMax(checksum, applied_at) AS checksum,
                   argMax(direction, applied_at) AS direction, toString(max(applied_at)) AS last_at
            FROM ${store.database}.schema_migrations GROUP BY version HAVING direction = 'up' ORDER BY version`,
    format: 'JSONEachRow',
  });
  const rows = await rs.json<{
    version: number;
    name: string;
    checksum: string;
    last_at: string;
  }>();
  return rows.map((r) => ({
    version: Number(r.version),
    name: r.name,
    checksum: r.checksum,
    appliedAt: r.last_at,
  }));
}

function fileName(a: AppliedMigration): string {
  return `${String(a.version).padStart(4, '0')}_${a.name}.sql`;
}

export async function migrationStatus(
  store: Store,
  files = loadMigrations(store.migrationsDir),
): Promise<MigrationStatusRow[]> {
  const applied = new Map((await appliedMigrations(store)).map((a) => [a.version, a]));
  const rows: MigrationStatusRow[] = [];
  for (const f of files) {
    const a = applied.get(f.version);
    applied.delete(f.version);
    const state: MigrationState = !a
      ? 'pending'
      : a.checksum !== f.checksum
        ? 'changed'
        : 'applied';
    rows.push({ version: f.version, name: f.name, file: f.file, state, appliedAt: a?.appliedAt });
  }
  for (const a of applied.values()) {
    rows.push({
      version: a.version,
      name: a.name,
      file: undefined,
      state: 'missing',
      appliedAt: a.appliedAt,
    });
  }
  return rows.sort((x, y) => x.version - y.version);
}

/** Throws naming the first applied file that changed or went missing. */
export function assertIntact(status: MigrationStatusRow[], dir: string | undefined): void {
  for (const row of status) {
    const name = row.file ?? `${String(row.version).padStart(4, '0')}_${row.name}.sql`;
    if (row.state === 'changed') {
      throw new StoreError(
        'migrate.changed',
        `migration ${name} was changed after it was applied (checksum differs); restore the file and add a new migration instead`,
        { file: name, dir },
      );
    }
    if (row.state === 'missing') {
      throw new StoreError(
        'migrate.missing',
        `migration ${name} is applied but its file is missing`,
        { file: name, dir },
      );
    }
  }
}

async function record(
  store: Store,
  f: MigrationFile | AppliedMigration,
  direction: 'up' | 'down',
): Promise<void> {
  await store.insert(`${store.database}.schema_migrations`, [
    { version: f.version, name: f.name, checksum: f.checksum, direction, applied_at: nowMicros() },
  ]);
}

let lastMicros = 0;
function nowMicros(): string {
  // Strictly increasing so argMax picks the latest entry even for back-to-back up/down.
  lastMicros = Math.max(lastMicros + 1, Date.now() * 1000);
  const s = Math.floor(lastMicros / 1e6);
  return `${s}.${String(lastMicros % 1e6).padStart(6, '0')}`;
}

async function runStatements(
  store: Store,
  statements: string[],
  file: string,
  half: string,
): Promise<void> {
  for (const [i, query] of statements.entries()) {
    try {
      await store.client.command({ query });
    } catch (err) {
      throw new StoreError(
        'migrate.failed',
        `migration ${file} (${half}) statement ${i + 1} failed: ${err instanceof Error ? err.message : String(err)}`,
        { file, statement: i + 1, query },
        { cause: err },
      );
    }
  }
}

/** Reported before each migration runs: its file, how many are done and how many in all. */
export interface MigrateProgress {
  file: string;
  done: number;
  total: number;
}

export interface MigrateResult {
  applied: string[];
  /** Tables whose TTL was changed to the configured retention (up only). */
  retention?: RetentionChange[];
  /** Rows loaded into known_fingerprints, when the CSV changed (up only). */
  knownFingerprints?: number | undefined;
}

export interface MigrateUpOptions {
  /** The licence switch (config `fingerprints.ja4plus`) known_fingerprints is loaded under. */
  ja4plus?: boolean;
  /** Called before each pending migration runs. */
  onProgress?: (p: MigrateProgress) => void;
}

/** Apply every pending migration in version order. Refuses when an applied file changed. */
export async function migrateUp(
  store: Store,
  files = loadMigrations(store.migrationsDir),
  opts: MigrateUpOptions = {},
): Promise<MigrateResult> {
  const status = await migrationStatus(store, files);
  assertIntact(status, store.migrationsDir);
  const pending = new Set(status.filter((s) => s.state === 'pending').map((s) => s.version));
  const freshInstall = status.every((s) => s.state === 'pending');
  const ctx = renderContext(store);
  const applied: string[] = [];
  for (const f of files) {
    if (!pending.has(f.version)) continue;
    opts.onProgress?.({ file: f.file, done: applied.length, total: pending.size });
    await runStatements(store, renderStatements(f.up, ctx, f.file), f.file, 'up');
    await record(store, f, 'up');
    applied.push(f.file);
  }
  const retention = await applyRetention(store, freshInstall);
  const knownFingerprints = (await tableExists(store, 'known_fingerprints'))
    ? await syncKnownFingerprints(store, undefined, opts.ja4plus)
    : undefined;
  return { applied, retention, knownFingerprints };
}

/** Undo the last `count` applied migrations, newest first. */
export async function migrateDown(
  store: Store,
  count: number,
  files = loadMigrations(store.migrationsDir),
  onProgress?: (p: MigrateProgress) => void,
): Promise<MigrateResult> {
  if (!Number.isInteger(count) || count < 1) {
    throw new StoreError(
      'migrate.invalid',
      `migrate down: count must be a positive integer, got ${count}`,
    );
  }
  const status = await migrationStatus(store, files);
  assertIntact(status, store.migrationsDir);
  const byVersion = new Map(files.map((f) => [f.version, f]));
  const targets = status
    .filter((s) => s.state === 'applied')
    .slice(-count)
    .reverse()
    .map((s) => byVersion.get(s.version)!);
  const missingDown = targets.find((f) => f.down === undefined || splitSql(f.down).length === 0);
  if (missingDown) {
    throw new StoreError(
      'migrate.no_down',
      `migration ${missingDown.file} has no '-- migrate:down' section; nothing was undone`,
      {
        file: missingDown.file,
      },
    );
  }
  const ctx = renderContext(store);
  const undone: string[] = [];
  for (const f of targets) {
    onProgress?.({ file: f.file, done: undone.length, total: targets.length });
    await runStatements(store, renderStatements(f.down!, ctx, f.file), f.file, 'down');
    await record(store, f, 'down');
    undone.push(f.file);
  }
  return { applied: undone };
}

export { fileName as appliedFileName };

async function tableExists(store: Store, name: string): Promise<boolean> {
  const rs = await store.client.query({
    query:
      'SELECT count() AS n FROM system.tables WHERE database = {db:String} AND name = {name:String}',
    query_params: { db: store.database, name },
    format: 'JSONEachRow',
  });
  return Number((await rs.json<{ n: string }>())[0]?.n ?? 0) > 0;
}
