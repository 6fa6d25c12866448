// One streaming pass per capture file through the engine. A bad file yields its good records
// first, then its error; the caller reports it and goes on with the next file.
import { basename } from 'node:path';
import type { ConnectionRecord } from '../../../common/events/connection.js';
import { createEngine } from '../engine/engine.js';
import type { EngineStats } from '../engine/stats.js';
import { packetTimeUs, type RawPacket } from '../pcap/packet.js';
import { forEachPacket } from '../pcap/read-file.js';

/**
 * Packets of the file (every packet, whether or not it reaches a flow) between two sweeps, at the
 * latest capture time seen. The engine's own period counts only packets that reach a flow; the
 * CLI counts the file's instead so that `--threads N` (cli/parallel/), whose engines each see a
 * part of the file, sweeps at the same packets and prints the same records in the same order.
 */
export const FILE_SWEEP_EVERY = 8192;

/** Counts a file's packets and its latest capture time; says after which packet to sweep. */
export class FileClock {
  packets = 0;
  /** The latest capture time seen (µs): the sweep's "now". */
  maxUs = 0;

  /** Call once per packet, after it was handled; true when a sweep is due now. */
  sweepAfter(p: Pick<RawPacket, 'tsSec' | 'tsNsec'>): boolean {
    const us = packetTimeUs(p);
    if (us > this.maxUs) this.maxUs = us;
    return ++this.packets % FILE_SWEEP_EVERY === 0;
  }
}

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
    sweepEvery: 0,
    onRecord: (r) => {
      records++;
      onRecord(r);
    },
  });
  const clock = new FileClock();
  let error: unknown;
  try {
    await forEachPacket(
      file,
      (p) => {
        engine.push(p);
        if (clock.sweepAfter(p)) engine.tick(clock.maxUs);
      },
      {
        onTlsKeyLog: (t) => engine.addTlsKeyLog(t),
        ...(opts.onProgress
          ? {
              onChunk: (bytesRead: number, packets: number) =>
                opts.onProgress!({ bytesRead, packets, records }),
            }
          : {}),
      },
    );
  } catch (e) {
    error = e;
  }
  engine.finish();
  const res: FingerprintFileResult = { file, records, stats: engine.stats() };
  if (error !== undefined) res.error = error;
  return res;
}
