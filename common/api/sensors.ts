import { z } from 'zod';
import { operation } from './operation.js';

const nullableCount = z.number().nullable();

export const CaptureSensor = z.object({
  name: z.string(),
  state: z.enum([
    'starting',
    'running',
    'backoff',
    'crash-loop',
    'failed',
    'stopping',
    'stopped',
    'finished',
  ]),
  pid: z.number().nullable(),
  since: z.string(),
  source: z.string().nullable(),
  iface: z.string().nullable(),
  lastError: z.string().nullable(),
  /** The exact thing to do when the worker cannot run (e.g. missing privileges). */
  remedy: z.string().nullable(),
  restarts: z.number(),
  recentCrashes: z.number(),
  packets: z.number(),
  bytes: z.number(),
  kernelDrops: nullableCount,
  ifaceDrops: nullableCount,
  flowsOpen: nullableCount,
  flowsEvicted: nullableCount,
  eventsSent: z.number(),
  eventsDropped: z.number(),
  decodeErrors: z.record(z.string(), z.number()),
  rssBytes: z.number(),
});
export type CaptureSensor = z.infer<typeof CaptureSensor>;

export const IngestSource = z.object({
  name: z.string(),
  linesOk: z.number(),
  bytes: z.number(),
  connectionsOpen: z.number(),
  /** Closed idle, closed to make room at the cap, refused at the cap. */
  connectionsIdleClosed: z.number().optional(),
  connectionsEvicted: z.number().optional(),
  connectionsRefused: z.number().optional(),
  bad: z.record(z.string(), z.number()),
});

/** Disk-full state and the intake journal. */
export const DurabilityStatus = z.object({
  diskFull: z.boolean(),
  diskFreeBytes: z.number(),
  /** Why the disk counts as full (null when it does not). */
  diskReason: z.string().nullable(),
  diskFullSince: z.string().nullable(),
  /** Intake (sockets, log files) is held back, and why: 'disk', 'writers'. */
  paused: z.boolean(),
  pausedFor: z.array(z.string()),
  captureDroppedDiskFull: z.number(),
  captureDroppedBackpressure: z.number(),
  journalEnabled: z.boolean(),
  journalSeq: z.number(),
  journalCheckpoint: z.number(),
  journalBytes: z.number(),
  /** Lines processed without a journal copy (journal could not be written). */
  unjournaled: z.number(),
  journalQuarantined: z.number(),
  replayed: z.number(),
  replaySkippedRows: z.number(),
});

export const WriterStatus = z.object({
  table: z.string(),
  rowsWritten: z.number(),
  rowsQueued: z.number(),
  retries: z.number(),
  badInputs: z.number(),
  lagMs: z.number(),
  lastError: z.string().nullable(),
  /** The database is unreachable and batches go to the disk spool. */
  spooling: z.boolean().default(false),
  spoolBytes: z.number().default(0),
  spoolFull: z.boolean().default(false),
  rowsRejected: z.number().default(0),
});

/** One configured output (JSONL, stdout, syslog, webhook) and its counters. */
export const OutputStatus = z.object({
  name: z.string(),
  kind: z.string(),
  /** Events waiting in its bounded queue. */
  queued: z.number(),
  sent: z.number(),
  /** Refused because the queue was full (slow or dead receiver), or given up after errors. */
  dropped: z.number(),
  errors: z.number(),
  lastError: z.string().nullable(),
});

export const sensorsStatus = operation({
  summary: 'Capture workers, ingest sources, correlator and storage writers: state and counters',
  input: z.object({}).strict(),
  output: z.object({
    /** The sensor name this daemon stamps on its rows (fleet.sensorName, 'local' alone); absent
     * when it runs no pipeline (role server without its own sensor). */
    sensor: z.string().optional(),
    captures: z.array(CaptureSensor),
    ingest: z.array(IngestSource),
    deadLetterWritten: z.number(),
    correlator: z.record(z.string(), z.number()),
    writers: z.array(WriterStatus),
    durability: DurabilityStatus.optional(),
    outputs: z.array(OutputStatus).optional(),
  }),
});
export type SensorsStatus = z.output<typeof sensorsStatus.output>;
