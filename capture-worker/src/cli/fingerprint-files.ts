// One streaming pass per capture file through the engine. A bad file yields its good records
// first, then its error; the caller reports it and goes on with the next file.
import { basename } from 'node:path';
import type { ConnectionRecord } from '../../../common/events/connection.js';
import { createEngine } from '../engine/engine.js';
import type { EngineStats } from '../engine/stats.js';
import { packetTimeUs, type RawPacket } from '../pcap/packet.js';
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

/**
 * The engine's sweep period, counted in packets of the file: `--threads N` (cli/parallel/), whose
 * engines each see a part of the file, tells them to sweep at the same packets and the same time
 * as one engine would, so they print the same records in the same order.
 */
export const FILE_SWEEP_EVERY = 8192;

/** Counts a file's packets as the engine does; says after which packet to sweep, and when. */
export class FileClock {
  packets = 0;
  /** The capture time (µs) of the packet a due sweep follows: the sweep's "now". */
  nowUs = 0;

  /** Call once per packet, after it was handled; true when a sweep is due now. */
  sweepAfter(p: Pick<RawPacket, 'tsSec' | 'tsNsec'>): boolean {
    if (++this.packets % FILE_SWEEP_EVERY !== 0) return false;
    this.nowUs = packetTimeUs(p);
    return true;
  }
}

export async function fingerprintFile(
  file: string,
  opts: { ja4plus: boolean; onProgress?: (p: FileProgress) => Promise<void> | void },
  onRecord: (r: ConnectionRecord) => void,
): Promise<FingerprintFileResult> {
  let records = 0;
  const engine = createEngine({
    ja4plus: opts.ja4plus,
    pcap: basename(file),
    sweepEvery: FILE_SWEEP_EVERY,
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
