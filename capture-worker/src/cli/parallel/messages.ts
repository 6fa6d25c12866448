// What the reader thread and the worker threads of `ja4ws fingerprint --threads N` send each
// other (fingerprint-threads.ts, worker.ts). Every thread parses the same bytes of the file and
// counts every packet; packet indexes are positions in the file (0-based). An event's key is
// 2 x the index of the packet during which it happened, +1 when it happened in the sweep after
// that packet, so keys order events as one engine would meet them.
//
// Reports are columns of numbers and one string, not objects: the structured clone of ~16k record
// objects cost each worker ~200 ms and the reader as much in GC (docs/handshake-heavy-speed.md).
import type { EngineStats } from '../../engine/stats.js';
import type { OutputFormat } from '../output.js';

export type ToWorker =
  /** A new file: a fresh engine with these options; this worker is `share` of `shares`. */
  | {
      kind: 'begin';
      ja4plus: boolean;
      pcap: string;
      format: OutputFormat;
      share: number;
      shares: number;
    }
  /** The next bytes of the file, as read. */
  | { kind: 'chunk'; bytes: Uint8Array }
  /** The file was read (or failed): finish the engine. */
  | { kind: 'end' };

/** Numbers per stream number taken in `Report.streams`: transport (0 tcp, 1 udp), local number, key, seq. */
export const STREAM_COLS = 4;
/**
 * Numbers per record in `Report.lines`: key, transport, local stream, and where its line is in
 * `Report.text`: the line's length, where the number starts in it, the number's length.
 */
export const LINE_COLS = 6;

/** A thread's events since its last report. */
export interface Report {
  /** Stream numbers its engine took, in order; seq orders the ones taken at one key. */
  streams: Float64Array;
  /** Its records; the line of each is the next part of `text` (lines.ts). */
  lines: Float64Array;
  text: string;
  /** Every event with a key up to this one is in this report or an earlier one. */
  done: number;
}

export type FromWorker =
  | ({ kind: 'events' } & Report)
  | ({ kind: 'finished'; stats: EngineStats; packets: number } & Report)
  | { kind: 'failed'; message: string };

/** Key of the records emitted by finish(): after every packet. */
export const FINISH_KEY = Number.MAX_SAFE_INTEGER;

/** In a worker thread's workerData: start as a fingerprint worker (main/cli/fingerprint-main.ts). */
export const WORKER_FLAG = 'ja4wsFingerprintWorker';
