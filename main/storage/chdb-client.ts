// The embedded engine behind @clickhouse/client. This file is the only place that knows
// chDB's Connection and the client's Connection are the same contract: chdb/connection
// re-exports @clickhouse/client-common's type from its own copy, so TypeScript sees two
// unrelated declarations and needs the single cast below.
//
// It also fixes one semantic gap. chDB applies a call's clickhouse_settings as `SET k = v` on
// its one session, so they would outlive the call: an insert_deduplication_token left behind
// makes the next insert a "duplicate", a max_execution_time caps every later query. Calls that
// carry settings therefore run exclusively and put each setting back to DEFAULT afterwards;
// calls without settings share the engine freely.
//
// And a second one: when a query fails after its output format has started writing (a runtime
// error, a timeout), chDB leaves that partial output in its result buffer and the next query's
// result starts with it. `isolated` is a client for queries that are expected to fail (the SQL
// console): each call runs alone, and after a failure one throwaway query takes the leftover
// before anyone else runs.
import {
  createClient,
  type ClickHouseClient,
  type ClickHouseClientConfigOptions,
} from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
import { StoreError } from './errors.js';
import { SharedExclusiveLock } from './util/shared-exclusive-lock.js';

type ClientConnection = NonNullable<ClickHouseClientConfigOptions['connection']>;
type Settings = Record<string, unknown> | undefined;

// Mirrors chDB's own list: settings that only mean something to the HTTP server and that chDB drops.
export const HTTP_ONLY_SETTINGS: ReadonlySet<string> = new Set([
  'wait_end_of_query',
  'send_progress_in_http_headers',
  'http_response_buffer_size',
  'http_headers_progress_interval_ms',
  'http_send_progress_interval_ms',
  'enable_http_compression',
  'http_zlib_compression_level',
  'http_response_compression_method',
  'http_native_compression_disable_checksumming_on_decompress',
  'default_format',
  'cancel_http_readonly_queries_on_client_close',
]);

function sessionSettings(settings: Settings): string[] {
  if (!settings) return [];
  return Object.keys(settings).filter(
    (k) => settings[k] !== undefined && !HTTP_ONLY_SETTINGS.has(k),
  );
}

export interface EmbeddedClient {
  client: ClickHouseClient;
  /** The same engine; every call runs alone and a failed call's leftover output is cleared. */
  isolated: ClickHouseClient;
  /** Raw chDB access (streaming and raw-buffer inserts) for the benchmarks and bulk paths. */
  raw: ReturnType<typeof createChdbConnection>;
}

export function createEmbeddedClient(path: string): EmbeddedClient {
  const raw = createChdbConnection({ path });
  const inner = raw as unknown as ClientConnection;
  const lock = new SharedExclusiveLock();

  async function run<P extends { clickhouse_settings?: Settings }, R>(
    params: P,
    call: (p: P) => Promise<R>,
  ): Promise<R> {
    const keys = sessionSettings(params.clickhouse_settings);
    if (keys.length === 0) return lock.shared(() => call(params));
    if (keys.includes('readonly')) {
      throw new StoreError(
        'store.unsupported',
        "the embedded engine cannot take 'readonly' as a call setting (it would stick to the session); " +
          'append `SETTINGS readonly = 1` to the query text instead',
      );
    }
    return lock.exclusive(async () => {
      try {
        return await call(params);
      } finally {
        await inner
          .command({ query: `SET ${keys.map((k) => `${k} = DEFAULT`).join(', ')}` })
          .catch(() => undefined);
      }
    });
  }

  const wrapped: ClientConnection = {
    ping: (p) => inner.ping(p),
    query: (p) => run(p, (q) => inner.query(q)),
    insert: (p) => run(p, (q) => inner.insert(q)),
    command: (p) => run(p, (q) => inner.command(q)),
    exec: (p) => run(p, (q) => inner.exec(q)),
    close: () => inner.close(),
  };

  async function alone<P extends { clickhouse_settings?: Settings }, R>(
    params: P,
    call: (p: P) => Promise<R>,
  ): Promise<R> {
    if (sessionSettings(params.clickhouse_settings).length > 0)
      throw new StoreError(
        'store.unsupported',
        'the isolated embedded client takes no call settings; put them in the query text',
      );
    return lock.exclusive(async () => {
      try {
        return await call(params);
      } catch (err) {
        await inner.command({ query: 'SELECT 1' }).catch(() => undefined);
        throw err;
      }
    });
  }
  const isolated: ClientConnection = {
    ping: (p) => inner.ping(p),
    query: (p) => alone(p, (q) => inner.query(q)),
    insert: (p) => alone(p, (q) => inner.insert(q)),
    command: (p) => alone(p, (q) => inner.command(q)),
    exec: (p) => alone(p, (q) => inner.exec(q)),
    // The engine is closed once, by the main client.
    close: () => Promise.resolve(),
  };
  return {
    client: createClient({ connection: wrapped }),
    isolated: createClient({ connection: isolated }),
    raw,
  };
}
