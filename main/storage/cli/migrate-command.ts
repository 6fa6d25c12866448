// `ja4ws migrate status|up|verify|down <n>` against the configured store.
import { Command, Option } from 'commander';
import { examples } from '../../../capture-worker/src/cli/help.js';
import { formatElapsed } from '../../../capture-worker/src/util/progress/format.js';
import { Reporter } from '../../../capture-worker/src/util/progress/reporter.js';
import { ExitCode } from '../../../common/util/errors.js';
import type { StoreConfigInput } from '../config.js';
import { StoreError } from '../errors.js';
import {
  migrateDown,
  migrateUp,
  migrationStatus,
  type MigrateProgress,
} from '../migrations/runner.js';
import { verifySchema } from '../migrations/verify.js';
import { openStore, type Store } from '../store.js';

interface StoreFlags {
  dataDir?: string;
  url?: string;
  user?: string;
  password?: string;
  database?: string;
  cluster?: string;
  migrations?: string;
}

/** Store options shared by every storage command; environment variables fill what flags omit. */
export function storeOptions(cmd: Command): Command {
  return cmd
    .addOption(
      new Option('--data-dir <dir>', 'embedded store data directory').env('JA4WS_DATA_DIR'),
    )
    .addOption(
      new Option('--url <url>', 'ClickHouse server URL (instead of the embedded store)').env(
        'JA4WS_CLICKHOUSE_URL',
      ),
    )
    .addOption(new Option('--user <name>', 'ClickHouse user').env('JA4WS_CLICKHOUSE_USER'))
    .addOption(
      new Option('--password <secret>', 'ClickHouse password').env('JA4WS_CLICKHOUSE_PASSWORD'),
    )
    .addOption(
      new Option('--database <name>', 'database name (default ja4ws)').env(
        'JA4WS_CLICKHOUSE_DATABASE',
      ),
    )
    .addOption(
      new Option('--cluster <name>', 'ClickHouse cluster name: ON CLUSTER DDL').env(
        'JA4WS_CLICKHOUSE_CLUSTER',
      ),
    )
    .addOption(new Option('--migrations <dir>', 'migrations directory (default: the shipped one)'));
}

export function storeConfigFromFlags(f: StoreFlags): StoreConfigInput {
  const common = {
    ...(f.database ? { database: f.database } : {}),
    ...(f.migrations ? { migrationsDir: f.migrations } : {}),
  };
  if (f.url) {
    return {
      kind: 'remote',
      url: f.url,
      ...(f.user ? { username: f.user } : {}),
      ...(f.password ? { password: f.password } : {}),
      ...(f.cluster ? { cluster: f.cluster } : {}),
      ...common,
    };
  }
  return { kind: 'embedded', dataDir: f.dataDir ?? '.data', ...common };
}

async function withStore(flags: StoreFlags, fn: (store: Store) => Promise<void>): Promise<void> {
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
