// Messages between main and the correlation worker (its own process: ingest sockets, log tails,
// the correlator and the ingest journal). Both directions are length-prefixed JSON frames
// (capture-worker/src/channel/frame.ts): worker -> main on fd 3, main -> worker on stdin, whose
// end-of-file also tells the worker that main is gone.
//
// Main checks each frame's envelope (the kind and the fields it acts on) rather than the whole
// event: requests and correlated events were validated by the worker's line decoder, and a full
// zod pass per event on both sides of the pipe would double the cost of every line. A frame from
// another build or a corrupted one is counted and reported, never trusted.
import { z } from 'zod';
import { ConnectionRecord } from './connection.js';

export const CORRELATION_PROTOCOL_VERSION = 1;

const Count = z.number().int().nonnegative();
const Loose = z.looseObject({ ts_us: z.number(), src_port: z.number() });

/** Worker -> main. The journal backlog main must know the store's keys for before `start`. */
export const CorrelationHello = z.object({
  t: z.literal('hello'),
  protocol: z.literal(CORRELATION_PROTOCOL_VERSION),
  pid: z.number().int().positive(),
  /** Records after the ingest journal's checkpoint (the crash backlog) and the oldest one's time. */
  backlog: Count,
  oldestAt: z.number().nullable(),
  lastSeq: Count,
  checkpointSeq: Count,
});
export type CorrelationHello = z.infer<typeof CorrelationHello>;

/** Worker -> main, after `start`: the backlog is replayed, the lines held meanwhile processed. */
export const CorrelationReady = z.object({
  t: z.literal('ready'),
  http: z.union([z.string(), z.literal(false)]),
  network: z.union([z.string(), z.literal(false)]),
  replayed: Count,
  replayUnknownSource: Count,
  /** How long the sockets and log tails took to start, and the backlog's replay (the restart's log). */
  listenMs: Count,
  replayMs: Count,
  /** Lines read (journaled, acknowledged) while main prepared the backlog, processed after it. */
  held: Count,
});

/** A validated request (its http_requests row). */
const RequestFrame = z.object({ t: z.literal('request'), request: Loose });
/** A correlator decision (its http_logs row and the Live view). */
const CorrelatedFrame = z.object({
  t: z.literal('correlated'),
  event: z.looseObject({ correlation: z.string(), ts_us: z.number(), src_ip: z.string() }),
});
/** A connection record read from network.socket (a remote sensor). */
const HandshakeFrame = z.object({ t: z.literal('handshake'), record: Loose });

/**
 * The checkpoint round trip: every row the worker sent before this frame must be durable (every
 * writer's barrier) before the worker may checkpoint `seq` (min of the last journaled record and
 * the oldest undecided request - 1).
 */
const BarrierFrame = z.object({ t: z.literal('barrier'), id: Count, seq: Count });

/** Every statsMs: counters for /metrics and the Sensors view, and the join state a crash loses. */
export const CorrelationWorkerStats = z.object({
  t: z.literal('stats'),
  correlation: z.object({
    correlator: z.record(z.string(), z.number()),
    ingest: z.object({
      sources: z.record(z.string(), z.record(z.string(), z.unknown())),
      files: z.record(z.string(), z.record(z.string(), z.unknown())),
      dead_letter: z.object({ written: Count, errors: Count }),
    }),
    sink_errors: z.record(z.string(), z.number()),
  }),
  journal: z.record(z.string(), z.unknown()).nullable(),
  /** Handshakes the correlator holds that no journal replay would bring back (see decisions.md). */
  unreplayable: Count,
  /** Handshakes from main (local capture) read from the pipe so far. */
  fromMain: Count,
  linesWhileFull: Count,
});
export type CorrelationWorkerStats = z.infer<typeof CorrelationWorkerStats>;

const LogFrame = z.object({
  t: z.literal('log'),
  level: z.enum(['debug', 'info', 'warn', 'error']),
  msg: z.string(),
  fields: z.record(z.string(), z.unknown()).optional(),
});

/** The ingest journal could not write (a full disk): main's disk guard hears of it. */
/** The worker cannot start (a socket in use, a bad group): main reports it, at start as the error. */
const FatalFrame = z.object({
  t: z.literal('fatal'),
  code: z.string(),
  message: z.string(),
  context: z.record(z.string(), z.unknown()).optional(),
});

const JournalErrorFrame = z.object({ t: z.literal('journal-error'), message: z.string() });

export const CorrelationWorkerMessage = z.discriminatedUnion('t', [
  CorrelationHello,
  CorrelationReady,
  RequestFrame,
  CorrelatedFrame,
  HandshakeFrame,
  BarrierFrame,
  CorrelationWorkerStats,
  LogFrame,
  FatalFrame,
  JournalErrorFrame,
]);
export type CorrelationWorkerMessage = z.infer<typeof CorrelationWorkerMessage>;

/** Main -> worker. */
export const MainToCorrelation = z.discriminatedUnion('t', [
  /** Open the journal and say hello (a standby worker waits for this with its code loaded). */
  z.object({ t: z.literal('open') }),
  /** The store's keys for the backlog are loaded: replay, process the held lines, go. */
  z.object({ t: z.literal('start') }),
  /** A handshake from a local capture worker (already stored by main). */
  z.object({ t: z.literal('handshake'), record: ConnectionRecord }),
  z.object({ t: z.literal('barrier-done'), id: Count }),
  /** A full disk or saturated writers: stop reading the sockets and log files, or read again. */
  z.object({ t: z.literal('pause'), paused: z.boolean(), diskFull: z.boolean() }),
  /**
   * Stop cleanly (as SIGTERM does), after every frame main sent before it: a signal can overtake
   * handshakes still in the pipe, and their requests were then decided unmatched.
   */
  z.object({ t: z.literal('stop') }),
]);
export type MainToCorrelation = z.infer<typeof MainToCorrelation>;
