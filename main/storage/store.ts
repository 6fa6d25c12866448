// openStore: the one way the program reaches ClickHouse. Embedded (chDB on a data directory, owned
// by this process) or remote (a server or cluster over HTTP(S)); both behind @clickhouse/client.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  ClickHouseError,
  ClickHouseLogLevel,
  createClient,
  type ClickHouseClient,
} from '@clickhouse/client';
import { errorMessage } from '../../common/util/errors.js';
import { issuesMessage } from '../../common/util/zod-issues.js';
import { createEmbeddedClient } from './chdb-client.js';
import {
  StoreConfig,
  type EmbeddedStoreConfig,
  type RemoteStoreConfig,
  type RetentionConfig,
  type StoreConfigInput,
} from './config.js';
import { StoreError } from './errors.js';
import { NativeInserter } from './native/insert.js';
import { assertNotNested } from './nested-store.js';
import { acquireDirLock, lockHolderOf, lockedError } from './pid-lock.js';

export interface InsertOptions {
  /** Same token => the server keeps the first copy only (retries never double rows). */
  dedupToken?: string;
  /** Use server-side async inserts (remote only; ignored by the embedded engine). */
  asyncInsert?: boolean;
  /**
   * Embedded only: send the batch as one Native block (native/insert.ts), several times faster
   * than JSONEachRow. Falls back to JSONEachRow when a column type or a value does not fit the
   * encoder. The remote engine always sends JSONEachRow.
   */
  native?: boolean;
}

export interface Store {
  readonly kind: 'embedded' | 'remote';
  /** @clickhouse/client bound to `database` as its default database. */
  readonly client: ClickHouseClient;
  /**
   * For statements that may fail, such as the SQL console's: on the embedded engine each call
   * runs alone and a failure's leftover output is cleared (chdb-client.ts); on a server, `client`.
   */
  readonly isolatedClient: ClickHouseClient;
  readonly database: string;
  readonly cluster: string | undefined;
  readonly retention: RetentionConfig;
  readonly migrationsDir: string | undefined;
  /** Embedded only: the data directory this process owns. */
  readonly dataDir: string | undefined;
  /** A short description for logs and errors (never contains a password). */
  readonly describe: string;
  /**
   * JSONEachRow insert (Native on the embedded engine with `native`); always sets
   * insert_deduplication_token ('' = none) so none leaks.
   */
  insert(table: string, rows: readonly object[], options?: InsertOptions): Promise<void>;
  /**
   * Embedded only (absent on the remote engine): encode the batch that will be inserted next with
   * `native`, while the engine works on the current one. Best effort; see native/insert.ts.
   */
  prepareInsert?(table: string, rows: readonly object[]): void;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export async function openStore(input: StoreConfigInput | StoreConfig): Promise<Store> {
  const parsed = StoreConfig.safeParse(input);
  if (!parsed.success) {
    throw new StoreError(
      'store.config',
      `store configuration: ${issuesMessage(parsed.error.issues, input, { secret: (p) => p === 'password' })}`,
      { issues: parsed.error.issues },
    );
  }
  const config = parsed.data;
  return config.kind === 'embedded' ? openEmbedded(config) : openRemote(config);
}

function isChdbLockError(err: unknown): boolean {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    if (/Cannot lock file .*status|Another server instance in same directory/i.test(e.message))
      return true;
  }
  return false;
}

async function openEmbedded(config: EmbeddedStoreConfig): Promise<Store> {
  const dataDir = resolve(config.dataDir);
  assertNotNested(dataDir);
  const release = acquireDirLock(dataDir);
  let embedded: ReturnType<typeof createEmbeddedClient>;
  try {
    embedded = createEmbeddedClient(dataDir);
  } catch (err) {
    release();
    // chDB prints "Cannot lock file <dir>/status" to stderr and throws a generic error: find the
    // holder of that flock ourselves so the message names the owning process.
    const holder = lockHolderOf(join(dataDir, 'status'));
    if (holder !== undefined || isChdbLockError(err)) throw lockedError(dataDir, holder, err);
    throw new StoreError(
      'store.unreachable',
      `cannot open the embedded store in ${dataDir}: ${errorMessage(err)}`,
      { dataDir },
      { cause: err },
    );
  }
  const { client } = embedded;
  try {
    await client.command({ query: `CREATE DATABASE IF NOT EXISTS ${config.database}` });
    // The embedded engine is one session: USE sets the default database for every later call.
    await client.command({ query: `USE ${config.database}` });
  } catch (err) {
    await client.close().catch(() => undefined);
    release();
    throw new StoreError(
      'store.unreachable',
      `cannot prepare database ${config.database} in ${dataDir}: ${errorMessage(err)}`,
      { dataDir },
      { cause: err },
    );
  }
  return makeStore(client, embedded.isolated, {
    kind: 'embedded',
    database: config.database,
    cluster: undefined,
    retention: config.retention,
    migrationsDir: config.migrationsDir,
    dataDir,
    describe: `embedded store ${dataDir}`,
    onClose: release,
  });
}

function readPem(file: string, key: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new StoreError(
      'store.config',
      `store configuration: tls.${key}: cannot read ${file}: ${errorMessage(err)}`,
      { file },
    );
  }
}

function remoteTls(config: RemoteStoreConfig) {
  const tls = config.tls;
  if (!tls) return undefined;
  const ca_cert = readPem(tls.caCertFile, 'caCertFile');
  if (tls.certFile === undefined && tls.keyFile === undefined) return { ca_cert };
  if (tls.certFile === undefined || tls.keyFile === undefined) {
    throw new StoreError(
      'store.config',
      'store configuration: tls: certFile and keyFile go together (mutual TLS)',
    );
  }
  return { ca_cert, cert: readPem(tls.certFile, 'certFile'), key: readPem(tls.keyFile, 'keyFile') };
}

async function openRemote(config: RemoteStoreConfig): Promise<Store> {
  const tls = remoteTls(config);
  const base = {
    url: config.url,
    username: config.username,
    password: config.password,
    request_timeout: config.requestTimeoutMs,
    // Failures reach callers as StoreError / writer stats and alarms; the client's own console
    // logging would repeat every refused connection of an outage.
    log: { level: ClickHouseLogLevel.OFF },
    ...(tls ? { tls } : {}),
  };
  const safeUrl = new URL(config.url);
  safeUrl.password = '';
  const describe = `ClickHouse ${safeUrl.origin}${config.cluster ? ` cluster ${config.cluster}` : ''}`;
  // The database may not exist yet: create it through a client bound to `default`.
  const bootstrap = createClient({ ...base, database: 'default' });
  try {
    const onCluster = config.cluster ? ` ON CLUSTER '${config.cluster}'` : '';
    await bootstrap.command({
      query: `CREATE DATABASE IF NOT EXISTS ${config.database}${onCluster}`,
    });
  } catch (err) {
    // The server answered (auth, permissions): a configuration problem, say so now. No answer at
    // all: optionally open anyway, so a writer can spool until the server is back.
    if (err instanceof ClickHouseError || !config.openWhenUnreachable) {
      throw new StoreError(
        'store.unreachable',
        `${describe}: ${errorMessage(err)}`,
        { url: safeUrl.origin },
        { cause: err },
      );
    }
  } finally {
    await bootstrap.close();
  }
  const client = createClient({ ...base, database: config.database });
  return makeStore(client, client, {
    kind: 'remote',
    database: config.database,
    cluster: config.cluster,
    retention: config.retention,
    migrationsDir: config.migrationsDir,
    dataDir: undefined,
    describe,
    onClose: () => undefined,
  });
}

interface StoreShape {
  kind: 'embedded' | 'remote';
  database: string;
  cluster: string | undefined;
  retention: RetentionConfig;
  migrationsDir: string | undefined;
  dataDir: string | undefined;
  describe: string;
  onClose: () => void;
}

function makeStore(
  client: ClickHouseClient,
  isolatedClient: ClickHouseClient,
  shape: StoreShape,
): Store {
  let closed = false;
  const { onClose, ...fields } = shape;
  const native = shape.kind === 'embedded' ? new NativeInserter(client, shape.database) : undefined;
  return {
    ...fields,
    client,
    isolatedClient,
    async insert(table, rows, options = {}) {
      if (rows.length === 0) return;
      const settings: Record<string, string | number> = {
        insert_deduplication_token: options.dedupToken ?? '',
      };
      // On a cluster the writer inserts into Distributed tables: forward synchronously so an
      // acknowledged insert is on the shards, and the token reaches their Replicated tables.
      if (shape.cluster) settings.insert_distributed_sync = 1;
      if (options.asyncInsert && shape.kind === 'remote') {
        Object.assign(settings, {
          async_insert: 1,
          wait_for_async_insert: 1,
          async_insert_deduplicate: 1,
        });
      }
      if (options.native && native && (await native.insert(table, rows, settings))) return;
      await client.insert({
        table,
        values: rows as object[],
        format: 'JSONEachRow',
        clickhouse_settings: settings,
      });
    },
    ...(native ? { prepareInsert: (table, rows) => native.prepare(table, rows) } : {}),
    async ping() {
      const r = await client.ping();
      return r.success;
    },
    async close() {
      if (closed) return;
      closed = true;
      native?.discardPrepared();
      try {
        await client.close();
      } finally {
        onClose();
      }
    },
  };
}
