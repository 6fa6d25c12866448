// Import of capture files into the store: one streaming pass through the same engine the live
// capture worker runs, records handed to the tables' Writers as they come (import-rows.ts). Rows
// from the readable part of a damaged file are stored before its error is reported.
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { FileRefWriter } from '../../../capture-worker/src/packet-store/file-refs.js';
import type { CaptureStreamParser } from '../../../capture-worker/src/pcap/stream-parser.js';
import { createEngine } from '../../../capture-worker/src/engine/engine.js';
import type { EngineStats } from '../../../capture-worker/src/engine/stats.js';
import { forEachPacket } from '../../../capture-worker/src/pcap/read-file.js';
import { connectionTable } from '../../storage/rows/tcp-event.js';
import type { Store } from '../../storage/store.js';
import type { TableWriters } from '../../storage/writer/table-writers.js';
import { ImportRows } from './import-rows.js';

export interface ImportOptions {
  ja4plus: boolean;
  sensor?: string;
  /**
   * The tables' writers (the daemon's, with their spool); without them the import opens writers
   * of its own on the store, without a spool.
   */
  writers?: TableWriters;
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
  const sensor = opts.sensor ?? `import:${basename(file)}`;
  // Names the import's packet references file: a re-run import of the same file is a new one.
  const runId = `${basename(file)}:${Date.now()}`;
  const out = ImportRows.open(store, opts.writers);
  let records = 0;
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
      out.add(connectionTable(r), r);
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
          return out.send();
        },
      },
    );
  } catch (err) {
    // The writers refusing (closed while the daemon stops) is not damage in the file.
    if (out.failure !== undefined) throw out.failure;
    error = err instanceof Error ? err : new Error(String(err));
  }
  engine.finish();
  refs?.flush();
  await out.done();
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
