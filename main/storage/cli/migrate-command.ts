// `ja4ws migrate status|up|verify|down <n>` against the configured store.
import { Command, Option } from 'commander';
import { ExitCode } from '../../../common/util/errors.js';
import type { StoreConfigInput } from '../config.js';
import { StoreError } from '../errors.js';
import { migrateDown, migrateUp, migrationStatus } from '../migrations/runner.js';
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

export function migrateCommand(): Command {
  const cmd = new Command('migrate').description(
    'ClickHouse schema migrations (migrations/NNNN_name.sql)',
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
  storeOptions(cmd.command('up').description('apply pending migrations in order')).action(
    async (_o, c: Command) => {
      await withStore(c.optsWithGlobals(), async (store) => {
        const { applied, retention, knownFingerprints } = await migrateUp(store);
        out(
          applied.length === 0
            ? 'schema is up to date'
            : applied.map((f) => `applied ${f}`).join('\n'),
        );
        for (const r of retention ?? []) out(`retention: ${r.table} now keeps ${r.days} days`);
        if (knownFingerprints !== undefined)
          out(`known fingerprints: loaded ${knownFingerprints} rows`);
      });
    },
  );
  storeOptions(
    cmd
      .command('down')
      .description('undo the last <n> applied migrations')
      .argument('<n>', 'how many'),
  ).action(async (n: string, _o, c: Command) => {
    const count = Number(n);
    if (!Number.isInteger(count) || count < 1)
      throw new StoreError(
        'migrate.invalid',
        `migrate down: <n> must be a positive integer, got '${n}'`,
      );
    await withStore(c.optsWithGlobals(), async (store) => {
      const { applied } = await migrateDown(store, count);
      out(applied.map((f) => `undid ${f}`).join('\n'));
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
