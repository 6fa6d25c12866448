// `ja4ws migrate status|up|verify|down <n>` against the configured store: the one the daemon opens
// with the same configuration, under the same lock (a running daemon makes it refuse with its PID).
import { Command, Option } from 'commander';
import { examples } from '../../../capture-worker/src/cli/help.js';
import { formatElapsed } from '../../../capture-worker/src/util/progress/format.js';
import { Reporter } from '../../../capture-worker/src/util/progress/reporter.js';
import { AppError, ExitCode } from '../../../common/util/errors.js';
import { type ConfigFlags, configFrom, withConfigOptions } from '../../cli/config-options.js';
import { storeConfigOf } from '../../config/schema.js';
import type { StoreConfig } from '../config.js';
import { StoreError } from '../errors.js';
import {
  migrateDown,
  migrateUp,
  migrationStatus,
  type MigrateProgress,
} from '../migrations/runner.js';
import { verifySchema } from '../migrations/verify.js';
import { openStore, type Store } from '../store.js';

interface MigrateFlags extends ConfigFlags {
  url?: string;
  user?: string;
  password?: string;
  database?: string;
  cluster?: string;
  migrations?: string;
}

/**
 * The configuration options of every command (-c, -d/--data-dir, JA4WS_* environment), so
 * `--data-dir` means the data directory here too (the embedded store is its `store/`), plus flags
 * that point at a ClickHouse server instead of the configured store.
 */
export function storeOptions(cmd: Command): Command {
  return withConfigOptions(cmd)
    .addOption(new Option('--url <url>', 'ClickHouse server URL (instead of the configured store)'))
    .addOption(new Option('--user <name>', 'ClickHouse user (with --url)'))
    .addOption(new Option('--password <secret>', 'ClickHouse password (with --url)'))
    .addOption(new Option('--database <name>', 'database name (default ja4ws)'))
    .addOption(
      new Option('--cluster <name>', 'ClickHouse cluster name: ON CLUSTER DDL (with --url)'),
    )
    .addOption(new Option('--migrations <dir>', 'migrations directory (default: the shipped one)'));
}

/** The store the daemon would open with the same configuration, the flags applied on top. */
export function storeConfigFromFlags(f: MigrateFlags): StoreConfig {
  const store: Record<string, unknown> = {};
  if (f.url) {
    Object.assign(store, {
      kind: 'remote',
      url: f.url,
      ...(f.user ? { username: f.user } : {}),
      ...(f.password ? { password: f.password } : {}),
      ...(f.cluster ? { cluster: f.cluster } : {}),
    });
  } else if (f.user || f.password || f.cluster) {
    throw new AppError(
      'usage.remote_flags',
      '--user, --password and --cluster go with --url (or set them in the store section of the configuration)',
    );
  }
  if (f.database) store.database = f.database;
  if (f.migrations) store.migrationsDir = f.migrations;
  return storeConfigOf(configFrom(f, Object.keys(store).length > 0 ? { store } : {}));
}

async function withStore(flags: MigrateFlags, fn: (store: Store) => Promise<void>): Promise<void> {
  const store = await openStore(storeConfigFromFlags(flags));
  try {
    await fn(store);
  } finally {
    await store.close();
  }
}

const out = (line: string): void => void process.stdout.write(`${line}\n`);

const quietOption = (cmd: Command): Command =>
  cmd.option('-q, --quiet', 'no progress and no summary on stderr (errors still show)');

function progressOf(report: Reporter): (p: MigrateProgress) => void {
  return (p) => report.update({ step: p.file, done: p.done, total: p.total, unit: 'migrations' });
}

export function migrateCommand(): Command {
  const cmd = new Command('migrate')
    .description('ClickHouse schema migrations (migrations/NNNN_name.sql)')
    .addHelpText(
      'after',
      examples([
        ['ja4ws migrate status -d /var/lib/ja4ws', 'what is applied'],
        ['ja4ws migrate up --url https://ch:8443 --user ja4ws', 'a remote ClickHouse'],
        ['ja4ws migrate verify', 'checksums and live schema'],
        ['ja4ws migrate down 1', 'undo the newest migration'],
      ]),
    );
  storeOptions(
    cmd.command('status').description('list migrations and whether each is applied'),
  ).action(async (_o, c: Command) => {
    await withStore(c.optsWithGlobals(), async (store) => {
      const rows = await migrationStatus(store);
      for (const r of rows)
        out(
          `${String(r.version).padStart(4, '0')}  ${r.state.padEnd(8)}  ${r.file ?? r.name}${r.appliedAt ? `  ${r.appliedAt}` : ''}`,
        );
      if (rows.some((r) => r.state === 'changed' || r.state === 'missing'))
        process.exitCode = ExitCode.failure;
    });
  });
  quietOption(
    storeOptions(cmd.command('up').description('apply pending migrations in order')),
  ).action(async (o: { quiet?: boolean }, c: Command) => {
    await withStore(c.optsWithGlobals(), async (store) => {
      const report = new Reporter({ label: 'migrate up', quiet: o.quiet });
      const { applied, retention, knownFingerprints } = await migrateUp(store, undefined, {
        onProgress: progressOf(report),
      }).finally(() => report.finish());
      out(
        applied.length === 0
          ? 'schema is up to date'
          : applied.map((f) => `applied ${f}`).join('\n'),
      );
      for (const r of retention ?? []) out(`retention: ${r.table} now keeps ${r.days} days`);
      if (knownFingerprints !== undefined)
        out(`known fingerprints: loaded ${knownFingerprints} rows`);
      report.summary(
        `${applied.length} migration${applied.length === 1 ? '' : 's'} applied${knownFingerprints !== undefined ? `, ${knownFingerprints} known-fingerprint rows loaded` : ''}; in ${formatElapsed(report.elapsedMs())}`,
      );
    });
  });
  quietOption(
    storeOptions(
      cmd
        .command('down')
        .description('undo the last <n> applied migrations')
        .argument('<n>', 'how many'),
    ),
  ).action(async (n: string, o: { quiet?: boolean }, c: Command) => {
    const count = Number(n);
    if (!Number.isInteger(count) || count < 1)
      throw new StoreError(
        'migrate.invalid',
        `migrate down: <n> must be a positive integer, got '${n}'`,
      );
    await withStore(c.optsWithGlobals(), async (store) => {
      const report = new Reporter({ label: 'migrate down', quiet: o.quiet });
      const { applied } = await migrateDown(store, count, undefined, progressOf(report)).finally(
        () => report.finish(),
      );
      out(applied.map((f) => `undid ${f}`).join('\n'));
      report.summary(
        `${applied.length} migration${applied.length === 1 ? '' : 's'} undone; in ${formatElapsed(report.elapsedMs())}`,
      );
    });
  });
  storeOptions(
    cmd
      .command('verify')
      .description('check checksums and compare the live schema with the migrations'),
  ).action(async (_o, c: Command) => {
    await withStore(c.optsWithGlobals(), async (store) => {
      const report = await verifySchema(store);
      for (const line of report.lines) out(line);
      if (!report.ok) process.exitCode = ExitCode.failure;
    });
  });
  return cmd;
}
