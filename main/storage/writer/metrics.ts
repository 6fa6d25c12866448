// Writer figures for /metrics. The registry is passed in (the API owns it); values are read from
// stats() at scrape time, so nothing is double-counted and no timers run.
import { Gauge, type Registry } from 'prom-client';
import type { WriterStats } from './writer.js';

interface StatsSource {
  stats(): WriterStats;
}

const COUNTERS: [keyof WriterStats, string, string][] = [
  ['rowsWritten', 'ja4ws_storage_rows_written_total', 'Rows the database acknowledged'],
  ['batchesWritten', 'ja4ws_storage_batches_written_total', 'Batches the database acknowledged'],
  ['retries', 'ja4ws_storage_insert_retries_total', 'Insert attempts that failed and were retried'],
  ['badInputs', 'ja4ws_storage_bad_inputs_total', 'Inputs the row mapper refused'],
  [
    'rowsRejected',
    'ja4ws_storage_rows_rejected_total',
    'Rows the database rejected as invalid (kept in quarantine)',
  ],
  ['rowsSpooled', 'ja4ws_storage_rows_spooled_total', 'Rows written to the disk spool'],
  ['rowsReplayed', 'ja4ws_storage_rows_replayed_total', 'Spooled rows replayed into the database'],
  [
    'corruptSegments',
    'ja4ws_storage_spool_corrupt_segments_total',
    'Spool segments and records quarantined as damaged or poisoned',
  ],
  [
    'rowsSkipped',
    'ja4ws_storage_rows_skipped_total',
    'Rows not stored because the store already held them (intake journal replay)',
  ],
];
const GAUGES: [keyof WriterStats, string, string][] = [
  ['rowsQueued', 'ja4ws_storage_rows_queued', 'Rows accepted and waiting in memory'],
  ['spoolBytes', 'ja4ws_storage_spool_bytes', 'Bytes in the disk spool'],
  ['spoolSegments', 'ja4ws_storage_spool_segments', 'Segment files in the disk spool'],
  ['spoolFull', 'ja4ws_storage_spool_full', '1 while the spool is at its cap'],
  [
    'spoolBlocked',
    'ja4ws_storage_spool_blocked',
    '1 while the spool disk refuses writes (e.g. no space)',
  ],
  [
    'spooling',
    'ja4ws_storage_spooling',
    '1 while the database is unreachable and batches go to disk',
  ],
  ['lagMs', 'ja4ws_storage_lag_seconds', 'Age of the oldest row not yet in the database'],
];

/** Register gauges labelled by table for the given writers (one call per registry). */
export function registerWriterMetrics(
  registry: Registry,
  writers: () => Iterable<StatsSource>,
): void {
  for (const [key, name, help] of [...COUNTERS, ...GAUGES]) {
    new Gauge({
      name,
      help,
      labelNames: ['table'],
      registers: [registry],
      collect() {
        this.reset();
        for (const w of writers()) {
          const s = w.stats();
          const v = s[key];
          const n = typeof v === 'boolean' ? Number(v) : Number(v ?? 0);
          this.set({ table: s.table }, key === 'lagMs' ? n / 1000 : n);
        }
      },
    });
  }
}
