// One interface for every packet source (tcpdump pipe, libpcap via `cap`, offline file), so the
// worker and the decoding path do not know where packets come from.
import type { PacketSourceName, TimestampKind } from '../../../common/events/worker.js';
import type { RawPacket } from '../pcap/packet.js';

export interface CaptureOptions {
  /** Interface name, `any`, or (file source) a path. */
  iface: string;
  filter: string;
  snaplen: number;
  /** Kernel capture buffer, bytes. */
  bufferBytes: number;
  promisc: boolean;
  /** tcpdump only: user tcpdump switches to after opening the interface (`-Z`). */
  dropUser?: string;
  /** tcpdump only: the binary to run. */
  tcpdumpPath?: string;
}

/** What a source reports about the capture; null when it cannot know. */
export interface SourceCounters {
  kernelReceived: number | null;
  kernelDrops: number | null;
  ifaceDrops: number | null;
}

export interface SourceInfo {
  linkType: number;
  timestamps: TimestampKind;
  promiscActual: boolean;
  snaplen: number;
  notes: string[];
}

export interface SourceHandlers {
  packet(p: RawPacket): void;
  /** Non-fatal trouble (a malformed record in the stream, a stderr line). */
  warn(code: string, message: string, context?: Record<string, unknown>): void;
  /** Offline sources await this between batches: the consumer's way to slow them down. */
  room?(): Promise<void>;
  /** The source stopped by itself: end of file (err undefined) or failure. */
  end(err?: Error): void;
}

export interface PacketSource {
  readonly name: PacketSourceName;
  /** Opens the capture; rejects with an AppError naming what is wrong (privileges, interface, filter). */
  start(handlers: SourceHandlers): Promise<SourceInfo>;
  /** Latest counters; may trigger a refresh whose result shows in a later call. */
  counters(): SourceCounters;
  /** Stops capturing; resolves after the last packet was delivered and final counters are in. */
  stop(): Promise<void>;
}
