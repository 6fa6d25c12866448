// What the live pipeline announces as it stores it: each connection's first record and each
// correlated request. The Live view (main/domain/live) turns these into its rows.
import type { ConnectionRecord } from './connection.js';
import type { CorrelatedEvent } from './correlated.js';

export type PipelineEvent =
  { kind: 'connection'; record: ConnectionRecord } | { kind: 'correlated'; event: CorrelatedEvent };
