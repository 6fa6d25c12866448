// What the reader thread and the worker threads of `ja4ws fingerprint --threads N` send each
// other (fingerprint-threads.ts, worker.ts). Packet indexes are positions in the file (0-based,
// every packet counted); an event's key is 2 x the index of the packet during which it happened,
// +1 when it happened in the sweep after that packet, so keys order events as one engine would
// meet them.
import type { ConnectionRecord, Transport } from '../../../../common/events/connection.js';
import type { EngineStats } from '../../engine/stats.js';

/** Numbers per packet in a batch's `meta`. */
export const META = 6;

export type ToWorker =
  /** A new file: a fresh engine with these options. */
  | { kind: 'begin'; ja4plus: boolean; pcap: string }
  /**
   * Packets: `meta` holds [index, tsSec, tsNsec, linkType, origLen, length] per packet, the bytes
   * are `data` end to end. `upTo`: every packet up to this index has been dealt out.
   */
  | { kind: 'batch'; meta: Float64Array; data: Uint8Array; upTo: number }
  /** The sweep after packet `after`, at capture time `nowUs` (that packet's). */
  | { kind: 'sweep'; after: number; nowUs: number }
  | { kind: 'keylog'; text: string }
  | { kind: 'finish' };

/** A stream number the worker's engine took: local `stream` of `transport`, at key `key`. */
export interface StreamTaken {
  transport: Transport;
  stream: number;
  key: number;
  /** Order among the numbers taken at the same key. */
  seq: number;
}

export interface KeyedRecord {
  key: number;
  record: ConnectionRecord;
}

export type FromWorker =
  /** `done`: every event with a key up to this one has been sent. */
  | { kind: 'events'; streams: StreamTaken[]; records: KeyedRecord[]; done: number }
  | { kind: 'finished'; streams: StreamTaken[]; records: KeyedRecord[]; stats: EngineStats }
  | { kind: 'failed'; message: string };

/** Key of the records emitted by finish(): after every packet. */
export const FINISH_KEY = Number.MAX_SAFE_INTEGER;

/** In a worker thread's workerData: start as a fingerprint worker (main/cli/fingerprint-main.ts). */
export const WORKER_FLAG = 'ja4wsFingerprintWorker';
