// The Writers of the tables that events fill (connections, requests, correlated requests): one
// per table and process, whoever produced the rows — the live pipeline or an import. Each table
// then has one way in: batches with a dedup token, retries, and the disk spool while the store is
// away (writer.ts). The row mapping is the table's own module's (storage/rows/).
import { join } from 'node:path';
import type { ConnectionRecord } from '../../../common/events/connection.js';
import type { CorrelatedEvent } from '../../../common/events/correlated.js';
import type { HttpRequest } from '../../../common/events/http-request.js';
import { correlatedToRow, HTTP_LOGS, HTTP_REQUESTS, httpRequestToRow } from '../rows/http.js';
import { TCP_EVENTS, tcpEventToRow } from '../rows/tcp-event.js';
import { handshakeToRow, TLS_HANDSHAKE_FINALS, TLS_HANDSHAKES } from '../rows/tls-handshake.js';
import { errorMessage } from '../../../common/util/errors.js';
import type { Store } from '../store.js';
import { Writer, type WriterOptions } from './writer.js';

export interface TableWriters {
  [TLS_HANDSHAKES]: Writer<ConnectionRecord, object>;
  [TLS_HANDSHAKE_FINALS]: Writer<ConnectionRecord, object>;
  [TCP_EVENTS]: Writer<ConnectionRecord, object>;
  [HTTP_REQUESTS]: Writer<HttpRequest, object>;
  [HTTP_LOGS]: Writer<CorrelatedEvent, object>;
}
export type EventTable = keyof TableWriters;

/** What the writer of a table needs besides the table and its row mapping. */
export type TableWriterOptions = (
  table: EventTable,
) => Omit<WriterOptions<unknown, object>, 'table' | 'map'>;

export function openTableWriters(store: Store, options: TableWriterOptions): TableWriters {
  const writer = <T>(table: EventTable, map: (input: T) => object) =>
    new Writer<T, object>(store, { ...options(table), table, map });
  return {
    [TLS_HANDSHAKES]: writer<ConnectionRecord>(TLS_HANDSHAKES, (r) => handshakeToRow(r)),
    [TLS_HANDSHAKE_FINALS]: writer<ConnectionRecord>(TLS_HANDSHAKE_FINALS, (r) =>
      handshakeToRow(r),
    ),
    [TCP_EVENTS]: writer<ConnectionRecord>(TCP_EVENTS, (r) => tcpEventToRow(r)),
    [HTTP_REQUESTS]: writer<HttpRequest>(HTTP_REQUESTS, (r) => httpRequestToRow(r)),
    [HTTP_LOGS]: writer<CorrelatedEvent>(HTTP_LOGS, (e) => correlatedToRow(e)),
  };
}

/** Where a table's writer spools while the store is away (one directory per table and data dir). */
export const tableSpoolDir = (dataDir: string, table: string): string =>
  join(dataDir, 'spool', table);

/**
 * The options of writers outside the pipeline (a server without a sensor, `ja4ws import`):
 * spooled into the pipeline's directories, so a daemon started later replays what is left.
 */
export function spooledOptions(
  dataDir: string,
  warn: (message: string) => void,
): TableWriterOptions {
  return (table) => ({
    spool: { dir: tableSpoolDir(dataDir, table) },
    onAlarm: (alarm) => warn(alarm.message),
    onError: (err) =>
      warn(`insert into ${table} failed (${errorMessage(err)}); the writer retries`),
    onBadInput: (err) => warn(`${table}: row refused (${errorMessage(err)})`),
  });
}

export const allTableWriters = (w: TableWriters): Writer<never, object>[] =>
  Object.values(w) as Writer<never, object>[];

/** Everything written so far is durable: in the store, or in the spool until it is back. */
export async function tableBarrier(w: TableWriters): Promise<void> {
  await Promise.all(allTableWriters(w).map((x) => x.barrier()));
}

export async function closeTableWriters(
  w: TableWriters,
  options?: Parameters<Writer<never, object>['close']>[0],
): Promise<void> {
  await Promise.all(allTableWriters(w).map((x) => x.close(options)));
}

/** Tables with rows left in their spool (the store was away): the next writer to open it stores them. */
export function tablesSpooled(w: TableWriters): string[] {
  return allTableWriters(w)
    .map((x) => x.stats())
    .filter((s) => s.spoolBytes > 0)
    .map((s) => s.table);
}
