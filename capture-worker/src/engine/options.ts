// Engine configuration. Defaults suit a pcap import on a workstation; the live capture worker
// usually turns on `early` emission.
import type { ConnectionRecord, Transport } from '../../../common/events/connection.js';
import type { PacketTap } from './packet-tap.js';

export interface EngineOptions {
  /** Receives one record per connection (and, with `early`, a first handshake record). */
  onRecord: (record: ConnectionRecord) => void;
  /**
   * Compute the FoxIO-License JA4+ methods (JA4S, JA4H, JA4X, JA4T/TS, JA4L, JA4SSH). When false
   * only JA4 (BSD-3) and JA3/JA3S (BSD-3) are computed and emitted.
   */
  ja4plus?: boolean;
  /**
   * Live mode: emit a `phase: 'handshake'` record as soon as the ClientHello is parsed and the
   * ServerHello followed within `earlyWaitUs` (or the wait ran out), then the complete
   * `phase: 'final'` record at connection end as usual.
   */
  early?: boolean;
  /** Capture-time wait for the ServerHello before an early record goes out without it. */
  earlyWaitUs?: number;
  /** Most flows tracked at once; the oldest is evicted (and its record emitted) beyond it. */
  maxFlows?: number;
  /** Most bytes buffered per direction of a TCP connection. */
  maxBytesPerDirection?: number;
  /** A flow with no packet for this long (capture time) is closed and emitted. */
  idleTimeoutUs?: number;
  /** A flow closed by FIN/RST is kept this long to absorb its last packets, then dropped. */
  closedLingerUs?: number;
  /** JA4SSH window size in SSH packets (both directions). */
  sshWindow?: number;
  /** Label copied into every record's `sensor`. */
  sensor?: string;
  /** Label copied into every record's `pcap` (the CLI sets the file basename). */
  pcap?: string;
  /** Receives every packet with its connection (the packet store); never on the fingerprint path's account. */
  packetTap?: PacketTap;
  /**
   * Packets (every packet pushed) between two sweeps for closed and idle flows, each at the time
   * of the packet it follows; 0: none (tick() and sweepAt() still sweep). The CLI's worker
   * threads (cli/parallel/) sweep when their reader says, on its count of the file's packets.
   */
  sweepEvery?: number;
  /**
   * Told of every stream number the engine takes, in order: one per new flow, one more per SOCKS
   * tunnel (tshark's numbering). The CLI's worker threads renumber across threads from these.
   */
  onStreamNumber?: (transport: Transport, stream: number) => void;
}

type Unresolved = 'sensor' | 'pcap' | 'packetTap' | 'onStreamNumber';
export type ResolvedEngineOptions = Required<Omit<EngineOptions, Unresolved>> &
  Pick<EngineOptions, Unresolved>;

export function resolveEngineOptions(o: EngineOptions): ResolvedEngineOptions {
  return {
    onRecord: o.onRecord,
    ja4plus: o.ja4plus ?? true,
    early: o.early ?? false,
    earlyWaitUs: o.earlyWaitUs ?? 500_000,
    maxFlows: o.maxFlows ?? 200_000,
    maxBytesPerDirection: o.maxBytesPerDirection ?? 256 * 1024,
    idleTimeoutUs: o.idleTimeoutUs ?? 300_000_000,
    closedLingerUs: o.closedLingerUs ?? 10_000_000,
    sshWindow: o.sshWindow ?? 200,
    sensor: o.sensor,
    pcap: o.pcap,
    packetTap: o.packetTap,
    sweepEvery: o.sweepEvery ?? 8192,
    onStreamNumber: o.onStreamNumber,
  };
}
