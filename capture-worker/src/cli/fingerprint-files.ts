// One streaming pass per capture file through the engine. A bad file yields its good records
// first, then its error; the caller reports it and goes on with the next file.
import { basename } from 'node:path';
import type { ConnectionRecord } from '../../../common/events/connection.js';
import { createEngine } from '../engine/engine.js';
import type { EngineStats } from '../engine/stats.js';
import { forEachPacket } from '../pcap/read-file.js';

export interface FingerprintFileResult {
  file: string;
  records: number;
  stats: EngineStats;
  error?: unknown;
}

export interface FileProgress {
  /** File offset read so far. */
  bytesRead: number;
  packets: number;
  records: number;
}

export async function fingerprintFile(
  file: string,
  opts: { ja4plus: boolean; onProgress?: (p: FileProgress) => void },
  onRecord: (r: ConnectionRecord) => void,
): Promise<FingerprintFileResult> {
  let records = 0;
  const engine = createEngine({
    ja4plus: opts.ja4plus,
    pcap: basename(file),
    onRecord: (r) => {
      records++;
      onRecord(r);
    },
  });
  let error: unknown;
  try {
    await forEachPacket(file, (p) => engine.push(p), {
      onTlsKeyLog: (t) => engine.addTlsKeyLog(t),
      ...(opts.onProgress
        ? {
            onChunk: (bytesRead: number, packets: number) =>
              opts.onProgress!({ bytesRead, packets, records }),
          }
        : {}),
    });
  } catch (e) {
    error = e;
  }
  engine.finish();
  const res: FingerprintFileResult = { file, records, stats: engine.stats() };
  if (error !== undefined) res.error = error;
  return res;
}
