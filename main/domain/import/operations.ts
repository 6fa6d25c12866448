// Import of capture files into the store: one streaming pass through the same engine the live
// capture worker runs, records written in batches as they come. Rows from the readable part of a
// damaged file are stored before its error is reported.
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { FileRefWriter } from '../../../capture-worker/src/packet-store/file-refs.js';
import type { CaptureStreamParser } from '../../../capture-worker/src/pcap/stream-parser.js';
import { createEngine } from '../../../capture-worker/src/engine/engine.js';
import type { EngineStats } from '../../../capture-worker/src/engine/stats.js';
import { forEachPacket } from '../../../capture-worker/src/pcap/read-file.js';
import type { ConnectionRecord } from '../../../common/events/connection.js';
import { connectionTable, TCP_EVENTS, tcpEventToRow } from '../../storage/rows/tcp-event.js';
import { handshakeToRow, TLS_HANDSHAKES } from '../../storage/rows/tls-handshake.js';
import type { Store } from '../../storage/store.js';

export interface ImportOptions {
  ja4plus: boolean;
  sensor?: string;
  batchRows?: number;
  onProgress?: (p: ImportProgress) => void;
  /** Keep a reference to the file and each connection's packet offsets here (issue 24). */
  packetRefsDir?: string;
}

export interface ImportProgress {
  file: string;
  /** File offset read so far (reported after every read chunk). */
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
  /** The capture time of the first and last record (µs since the epoch), when there was one. */
  firstUs?: number;
  lastUs?: number;
}

export async function importCaptureFile(
  store: Store,
  file: string,
  opts: ImportOptions,
): Promise<ImportResult> {
  const batchRows = opts.batchRows ?? 10_000;
  const sensor = opts.sensor ?? `import:${basename(file)}`;
  // A re-run import of the same file is a new insert, not a deduplicated retry.
  const runId = `${basename(file)}:${Date.now()}`;
  const pending: Record<string, ConnectionRecord[]> = { [TLS_HANDSHAKES]: [], [TCP_EVENTS]: [] };
  let records = 0;
  let batchNo = 0;
  // Batches go out in order while parsing continues; the chain's failure surfaces at the end.
  let writing: Promise<void> = Promise.resolve();
  const flush = (table: string) => {
    const batch = pending[table]!;
    if (batch.length === 0) return;
    pending[table] = [];
    const rows =
      table === TLS_HANDSHAKES
        ? batch.map((r) => handshakeToRow(r, sensor))
        : batch.map((r) => tcpEventToRow(r, sensor));
    const token = `import:${runId}:${batchNo++}`;
    writing = writing.then(() => store.insert(table, rows, { dedupToken: token }));
  };
  let parser: CaptureStreamParser | undefined;
  const refs =
    opts.packetRefsDir === undefined || !existsSync(file)
      ? undefined
      : new FileRefWriter(
          join(opts.packetRefsDir, `${runId.replace(/[^A-Za-z0-9._-]/g, '_')}.jsonl`),
          file,
          () => parser?.dataOffset ?? 0,
        );
  let firstUs = Infinity;
  let lastUs = -Infinity;
  const engine = createEngine({
    ja4plus: opts.ja4plus,
    sensor,
    ...(refs ? { packetTap: refs } : {}),
    onRecord: (r) => {
      records++;
      if (r.ts_us < firstUs) firstUs = r.ts_us;
      if (r.ts_us > lastUs) lastUs = r.ts_us;
      const table = connectionTable(r);
      pending[table]!.push(r);
      if (pending[table]!.length >= batchRows) flush(table);
    },
  });
  let packets = 0;
  let offset = 0;
  let error: Error | undefined;
  try {
    await forEachPacket(
      file,
      (pkt) => {
        engine.push(pkt);
        packets++;
      },
      {
        onTlsKeyLog: (text) => engine.addTlsKeyLog(text),
        onParser: (p) => (parser = p),
        onChunk: (bytesRead: number) => {
          offset = bytesRead;
          opts.onProgress?.({ file, bytesRead, packets, records });
        },
      },
    );
  } catch (err) {
    error = err instanceof Error ? err : new Error(String(err));
  }
  engine.finish();
  refs?.flush();
  flush(TLS_HANDSHAKES);
  flush(TCP_EVENTS);
  await writing;
  opts.onProgress?.({ file, bytesRead: offset, packets, records });
  return {
    file,
    packets,
    records,
    stats: engine.stats(),
    ...(error ? { error } : {}),
    ...(records > 0 ? { firstUs, lastUs } : {}),
  };
}
