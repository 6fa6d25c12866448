// Messages on the capture worker -> main channel. Defined once here; the worker builds them and
// the main process validates every frame against WorkerMessage before acting on it, so a worker
// built from another version (or a corrupted frame) is counted and reported, never trusted.
import { z } from 'zod';
import { ConnectionRecord } from './connection.js';

/** Bump when a message changes incompatibly; main refuses a worker speaking another version. */
export const WORKER_PROTOCOL_VERSION = 1;

export const PacketSourceName = z.enum(['tcpdump', 'cap', 'file']);
export type PacketSourceName = z.infer<typeof PacketSourceName>;

/**
 * How event times were taken. `nanosecond`/`microsecond`: the kernel's capture timestamp.
 * `arrival`: the time JavaScript saw the packet (the `cap` addon gives no capture timestamp).
 */
export const TimestampKind = z.enum(['nanosecond', 'microsecond', 'arrival']);
export type TimestampKind = z.infer<typeof TimestampKind>;

const Count = z.number().int().nonnegative();

/** First message after the source is open. */
export const WorkerHello = z.object({
  t: z.literal('hello'),
  protocol: z.literal(WORKER_PROTOCOL_VERSION),
  pid: z.number().int().positive(),
  sensor: z.string(),
  source: PacketSourceName,
  /** Interface name, or the file path for the `file` source. */
  iface: z.string(),
  linkType: z.number().int(),
  filter: z.string(),
  snaplen: z.number().int().positive(),
  bufferBytes: z.number().int().nonnegative(),
  /** What was asked for; `promiscActual` says what the source really does. */
  promisc: z.boolean(),
  promiscActual: z.boolean(),
  timestamps: TimestampKind,
  /** tcpdump child of the worker: the supervisor kills it if the worker dies without cleaning up. */
  helperPid: z.number().int().positive().optional(),
  /** Limits of this source the operator should know about (shown in the UI). */
  notes: z.array(z.string()),
});
export type WorkerHello = z.infer<typeof WorkerHello>;

/** One output of the fingerprint engine for a connection (handshake, SYN, plaintext HTTP...). */
export const WorkerEvent = z.object({
  t: z.literal('event'),
  /** Per-worker-process sequence; a gap means events were dropped in the worker's overflow. */
  seq: Count,
  record: ConnectionRecord,
});
export type WorkerEvent = z.infer<typeof WorkerEvent>;

/**
 * Counters since the worker process started (the supervisor adds them across restarts).
 * `null` means the source cannot report that figure, never "zero".
 */
export const WorkerStats = z.object({
  t: z.literal('stats'),
  /** Milliseconds since the worker started; also ordering for stats of one process. */
  uptimeMs: Count,
  final: z.boolean(),
  packets: Count,
  bytes: Count,
  /** Packets the kernel handed to libpcap (pcap_stats ps_recv), when known. */
  kernelReceived: Count.nullable(),
  /** Dropped for lack of buffer space in the capture socket (pcap_stats ps_drop). */
  kernelDrops: Count.nullable(),
  /** Dropped by the interface or driver: pcap ps_ifdrop, or the rx_dropped delta in /proc/net/dev. */
  ifaceDrops: Count.nullable(),
  /** Packets or flows the decoder could not use, by error code. */
  decodeErrors: z.record(z.string(), Count),
  flowsOpen: Count.nullable(),
  flowsEvicted: Count.nullable(),
  eventsSent: Count,
  /** Oldest events dropped because main did not read fast enough. */
  eventsDropped: Count,
  eventsQueued: Count,
  rssBytes: Count,
  heapUsedBytes: Count,
  cpuUserUs: Count,
  cpuSystemUs: Count,
  /** Any other engine counter, passed through for /metrics. */
  engine: z.record(z.string(), z.number()),
});
export type WorkerStats = z.infer<typeof WorkerStats>;

/** A non-fatal condition worth an operator's attention (rate limited by the worker). */
export const WorkerLog = z.object({
  t: z.literal('log'),
  level: z.enum(['info', 'warn', 'error']),
  code: z.string(),
  message: z.string(),
  context: z.record(z.string(), z.unknown()).optional(),
});
export type WorkerLog = z.infer<typeof WorkerLog>;

/**
 * The worker cannot run and restarting will not help (no privileges, no such interface, bad
 * filter, missing `cap`): the supervisor stops retrying and shows `message` as is.
 */
export const WorkerFatal = z.object({
  t: z.literal('fatal'),
  code: z.string(),
  message: z.string(),
  /** Exact command that fixes it, when there is one. */
  remedy: z.string().optional(),
  context: z.record(z.string(), z.unknown()).optional(),
});
export type WorkerFatal = z.infer<typeof WorkerFatal>;

/** The source ended on its own (end of an offline file); the worker exits 0 after this. */
export const WorkerEnd = z.object({
  t: z.literal('end'),
  reason: z.string(),
});
export type WorkerEnd = z.infer<typeof WorkerEnd>;

export const WorkerMessage = z.discriminatedUnion('t', [
  WorkerHello,
  WorkerEvent,
  WorkerStats,
  WorkerLog,
  WorkerFatal,
  WorkerEnd,
]);
export type WorkerMessage = z.infer<typeof WorkerMessage>;

/** Worker exit codes the supervisor distinguishes (anything else is a crash). */
export const WorkerExitCode = {
  ok: 0,
  crash: 1,
  /** Configuration or environment error: do not restart. */
  fatal: 78,
} as const;
