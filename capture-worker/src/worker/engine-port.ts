// What the worker needs from the fingerprint engine (capture-worker/src/engine/): push packets,
// receive ConnectionRecords, read counters, finish at the end.
import type { ConnectionRecord } from '../../../common/events/connection.js';
import type { RawPacket } from '../pcap/packet.js';

export interface EngineCounters {
  decodeErrors: Record<string, number>;
  flowsOpen: number | null;
  flowsEvicted: number | null;
  other: Record<string, number>;
}

export interface WorkerEngine {
  push(p: RawPacket): void;
  /** Expire idle flows against the capture clock without a packet (quiet links). */
  tick?(nowUs: number): void;
  finish(): void;
  counters(): EngineCounters;
  /** After finish(): writes what the packet store still holds. */
  close?(): Promise<void>;
}

export type RecordSink = (r: ConnectionRecord) => void;
