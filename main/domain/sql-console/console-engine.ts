// Which connection the SQL console uses. On a ClickHouse server with `store.consoleUser`, its own
// user, whose profile holds readonly = 1 and the limits server-side (docs/cluster.md shows the
// profile; without one the console restates readonly = 1, server-readonly.ts); otherwise the store's engine through its isolated client, with readonly = 1 in the
// SETTINGS of every statement the console runs. The parse-tree check applies on both.
import { readFileSync } from 'node:fs';
import { ClickHouseLogLevel, createClient } from '@clickhouse/client';
import type { Config } from '../../config/schema.js';
import type { Store } from '../../storage/store.js';
import type { ConsoleEngine } from './operations.js';

export function consoleEngineFor(
  config: Config,
  store: Store,
): ConsoleEngine & { close(): Promise<void> } {
  const s = config.store;
  if (s.kind === 'remote' && s.consoleUser) {
    const ch = createClient({
      url: s.url,
      username: s.consoleUser,
      password: s.consolePassword ?? '',
      database: s.database,
      request_timeout: s.requestTimeoutMs,
      // Refusals and failures go back to the analyst; the client's own log would repeat each.
      log: { level: ClickHouseLogLevel.OFF },
      ...(s.tls ? { tls: { ca_cert: readFileSync(s.tls.caCertFile) } } : {}),
    });
    return { ch, readonlyInQuery: 'auto', close: () => ch.close() };
  }
  return { ch: store.isolatedClient, readonlyInQuery: true, close: () => Promise.resolve() };
}
