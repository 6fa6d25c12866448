// Import of capture files into the store: one streaming pass through the same engine the live
// capture worker runs, records written in batches. Rows from the readable part of a damaged
// file are stored before its error is reported.
import { basename } from 'node:path';
import { createEngine } from '../../../capture-worker/src/engine/engine.js';
import type { EngineStats } from '../../../capture-worker/src/engine/stats.js';
import { readCaptureFile } from '../../../capture-worker/src/pcap/read-file.js';
import type { ConnectionRecord } from '../../../common/events/connection.js';
import { handshakeToRow, TLS_HANDSHAKES } from '../../storage/rows/tls-handshake.js';
import type { Store } from '../../storage/store.js';

export interface ImportOptions {
  ja4plus: boolean;
  sensor?: string;
  batchRows?: number;
  onProgress?: (p: ImportProgress) => void;
}

export interface ImportProgress {
  file: string;
  bytesRead: number;
  packets: number;
  records: number;
}

export interface ImportResult {
  file: string;
  packets: number;
  records: number;
  stats: EngineStats;
  /** Set when the file could be read only in part; the rows before the damage are stored. */
  error?: Error;
}

export async function importCaptureFile(
  store: Store,
  file: string,
  opts: ImportOptions,
): Promise<ImportResult> {
  const batchRows = opts.batchRows ?? 10_000;
  const sensor = opts.sensor ?? `import:${basename(file)}`;
  let pending: ConnectionRecord[] = [];
  let records = 0;
  let batchNo = 0;
  // Identical batches of a re-run import are distinct inserts: the token includes the run start.
  const runId = `${basename(file)}:${Date.now()}`;
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const rows = pending.map((r) => handshakeToRow(r, sensor));
    pending = [];
    await store.insert(TLS_HANDSHAKES, rows, { dedupToken: `import:${runId}:${batchNo++}` });
  };
  const engine = createEngine({
    ja4plus: opts.ja4plus,
    sensor,
    onRecord: (r) => {
      records++;
      pending.push(r);
    },
  });
  let packets = 0;
  let error: Error | undefined;
  try {
    for await (const pkt of readCaptureFile(file, {
      onTlsKeyLog: (text) => engine.addTlsKeyLog(text),
    })) {
      engine.push(pkt);
      packets++;
      if (pending.length >= batchRows) await flush();
      if (opts.onProgress && (packets & 0xffff) === 0)
        opts.onProgress({ file, bytesRead: engine.stats().bytes, packets, records });
    }
  } catch (err) {
    error = err instanceof Error ? err : new Error(String(err));
  }
  engine.finish();
  await flush();
  opts.onProgress?.({ file, bytesRead: engine.stats().bytes, packets, records });
  return { file, packets, records, stats: engine.stats(), ...(error ? { error } : {}) };
}
