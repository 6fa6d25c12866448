// The engine's one hook for keeping packets (issue 24): every packet that belongs to a flow is
// handed over with its connection, after fingerprinting, and each connection's end is announced.
// The tap owns `flow.tap` for its per-connection bookkeeping. A tap must be cheap and must never
// block: the live packet store copies the bytes into a bounded queue and writes elsewhere.
import type { ConnectionRecord } from '../../../common/events/connection.js';
import type { RawPacket } from '../pcap/packet.js';

/** What a tap sees of a flow: its record (addresses, ports, start time, fingerprints so far). */
export interface TappedFlow {
  readonly record: ConnectionRecord;
  tap: unknown;
}

export interface PacketTap {
  /** dir 0 is src -> dst of the record. The packet's bytes are valid during the call only. */
  packet(pkt: RawPacket, flow: TappedFlow, dir: 0 | 1): void;
  /** The connection's record went out: its state can go. */
  end(flow: TappedFlow): void;
}
