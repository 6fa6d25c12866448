import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { registerWriterMetrics } from './metrics.js';
import type { WriterStats } from './writer.js';

describe('writer metrics', () => {
  it('exposes each writer figure labelled by table at scrape time', async () => {
    const registry = new Registry();
    const stats: WriterStats = {
      table: 'tls_handshakes',
      rowsWritten: 1200,
      batchesWritten: 3,
      retries: 2,
      badInputs: 1,
      rowsRejected: 0,
      rowsQueued: 50,
      batchesQueued: 1,
      spooling: true,
      rowsSpooled: 700,
      rowsReplayed: 600,
      spoolBytes: 4096,
      spoolSegments: 1,
      spoolFull: false,
      corruptSegments: 0,
      rowsSkipped: 0,
      spoolBlocked: false,
      lagMs: 2500,
      lastError: 'connect ECONNREFUSED',
    };
    registerWriterMetrics(registry, () => [{ stats: () => stats }]);
    const text = await registry.metrics();
    expect(text).toContain('ja4ws_storage_rows_written_total{table="tls_handshakes"} 1200');
    expect(text).toContain('ja4ws_storage_spooling{table="tls_handshakes"} 1');
    expect(text).toContain('ja4ws_storage_spool_bytes{table="tls_handshakes"} 4096');
    expect(text).toContain('ja4ws_storage_lag_seconds{table="tls_handshakes"} 2.5');
    stats.rowsWritten = 1300;
    expect(await registry.metrics()).toContain(
      'ja4ws_storage_rows_written_total{table="tls_handshakes"} 1300',
    );
  });
});
