// Public API of the storage layer. Everything else in main/storage is internal.
//
//   const store = await openStore({ kind: 'embedded', dataDir });   // or { kind: 'remote', url, ... }
//   await migrateUp(store);                      // refuses if an applied migration file changed
//   const writer = createWriter(store, { table: TLS_HANDSHAKES, map: handshakeToRow });
//   writer.write(records);                       // ConnectionRecord[]; batched, retried, deduplicated
//   await writer.close();                        // flush
//   const rs = await store.client.query({ query: 'SELECT ...', format: 'JSONEachRow', query_params });
//   await store.close();
//
// Errors are StoreError (AppError) with codes listed in errors.ts; 'store.locked' when another
// process owns the embedded data directory.
export { openStore, type Store, type InsertOptions } from './store.js';
export {
  StoreConfig,
  EmbeddedStoreConfig,
  RemoteStoreConfig,
  RetentionConfig,
  type StoreConfigInput,
} from './config.js';
export { StoreError } from './errors.js';
export {
  migrateUp,
  migrateDown,
  migrationStatus,
  type MigrationStatusRow,
} from './migrations/runner.js';
export { verifySchema, type VerifyReport } from './migrations/verify.js';
export { createWriter, Writer, type WriterOptions, type WriterStats } from './writer/writer.js';
export {
  handshakeToRow,
  rowToHandshake,
  TLS_HANDSHAKES,
  TLS_HANDSHAKE_FINALS,
  type TlsHandshakeRow,
} from './rows/tls-handshake.js';
export { toStoredIp, displayIp } from './rows/ip.js';
export {
  httpRequestToRow,
  correlatedToRow,
  normaliseHttpVersion,
  HTTP_REQUESTS,
  HTTP_LOGS,
  type HttpRequestRow,
  type HttpLogRow,
} from './rows/http.js';
export { tcpEventToRow, connectionTable, TCP_EVENTS, type TcpEventRow } from './rows/tcp-event.js';
export {
  anomalyToRow,
  versionAnomaly,
  ML_DETECTED_ANOMALIES,
  type Anomaly,
  type AnomalyRow,
  type AnomalyState,
} from './rows/anomalies.js';
export { ML_MODELS, ANALYST_FEEDBACK } from './rows/ml.js';
export { registerWriterMetrics } from './writer/metrics.js';
export { microsToDateTime64, dateTime64ToMicros } from './rows/time.js';
