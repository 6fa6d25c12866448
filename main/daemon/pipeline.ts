// Initializer of the live pipeline the supervisor runs: capture workers (one per interface) and
// the correlation worker (ingest sockets, log tails, correlator, ingest journal: its own process)
// feed the writers; every record, request and correlated event goes to its ClickHouse table
// through a batching Writer. Each connection is one row, one correlator input
// and one Live event (ConnectionDedupe: the early record is stored at once, a final record only
// into tls_handshake_finals when it adds something). Stops in the order that loses nothing:
// inputs first, then the correlator's pending state, then the writers.
import { join } from 'node:path';
import type { z } from 'zod';
import type { PartHealth } from '../../common/api/health.js';
import type { ConnectionRecord } from '../../common/events/connection.js';
import type { CorrelatedEvent } from '../../common/events/correlated.js';
import type { HttpRequest } from '../../common/events/http-request.js';
import type { PipelineEvent } from '../../common/events/pipeline-event.js';
import { errorMessage } from '../../common/util/errors.js';
import type { CorrelationStats } from '../../correlation-worker/src/correlate/service.js';
import type { JournalStats } from '../../correlation-worker/src/journal/journal.js';
import { CaptureSupervisor } from '../capture/supervisor.js';
import { CorrelationWorkerHandle } from '../correlation/worker-handle.js';
import { workerPacketDir } from '../domain/pcap/paths.js';
import type { Config } from '../config/schema.js';
import type { Logger } from '../core/log.js';
import { HTTP_LOGS, HTTP_REQUESTS } from '../storage/rows/http.js';
import { connectionTable, TCP_EVENTS } from '../storage/rows/tcp-event.js';
import { TLS_HANDSHAKE_FINALS, TLS_HANDSHAKES } from '../storage/rows/tls-handshake.js';
import type { Store } from '../storage/store.js';
import type { Writer, WriterStats } from '../storage/writer/writer.js';
import {
  openTableWriters,
  tableSpoolDir,
  type TableWriters,
} from '../storage/writer/table-writers.js';
import { ConnectionDedupe, type ConnectionDedupeStats } from './connection-dedupe.js';
import { correlatedWithoutJa4plus, recordWithoutJa4plus } from '../core/licence-gate.js';
import { writerSink } from './writer-sink.js';
import { Intake, type IntakeStats } from '../intake/intake.js';
import { intakeParts } from '../intake/health.js';
import { ingestSocketDir } from './paths.js';
import { sensorNameOf } from '../fleet/options.js';

type Health = z.infer<typeof PartHealth>;

export interface PipelineStats {
  writers: Record<string, WriterStats>;
  correlation: CorrelationStats;
  /** How connection records were classified (first record, completion, same as the early one). */
  connections: ConnectionDedupeStats;
  /** Intake journal, disk-full state, replay and drop counters. */
  intake: IntakeStats;
}

export interface Pipeline {
  capture: CaptureSupervisor;
  /** The storage writers, one per table (for /metrics). */
  writers(): Writer<never, object>[];
  /** The same writers by table: imports write through them (one way into each table). */
  tables: TableWriters;
  correlation: CorrelationWorkerHandle;
  intake: Intake;
  stats(): PipelineStats;
  parts(): Health[];
  /** Every connection record and correlated event, for the live view. */
  onEvent(listener: (e: PipelineEvent) => void): () => void;
  stop(): Promise<void>;
}

export type { PipelineEvent };

export async function startPipeline(config: Config, store: Store, log: Logger): Promise<Pipeline> {
  // Journal first (it holds what a crash left unprocessed), disk guard with it.
  const intake = new Intake(
    config.dataDir,
    config.durability,
    log,
    join(config.dataDir, 'journal'),
  );
  const spoolDir = (table: string) => tableSpoolDir(config.dataDir, table);
  const onWriterError = (table: string) => (err: unknown) => {
    intake.disk.report(err, `insert into ${table}`);
    log.warn({ table, err: errorMessage(err) }, 'insert failed; the writer retries');
  };
  // The tables' one set of writers: imports write through them too (domain/import/).
  const writers = openTableWriters(store, (table) => ({
    // Batches the database cannot take go to disk and are replayed in order when it is back.
    spool: { dir: spoolDir(table) },
    skip: intake.skipper(table),
    onSpoolError: (err) => intake.disk.report(err, `spool of ${table}`),
    onAlarm: (alarm) => log.error({ table, code: alarm.code }, alarm.message),
    onError: onWriterError(table),
    onBadInput: (err) => log.warn({ table, err: errorMessage(err) }, 'row refused'),
  }));
  const {
    [TLS_HANDSHAKES]: tls,
    [TLS_HANDSHAKE_FINALS]: finals,
    [TCP_EVENTS]: tcp,
    [HTTP_REQUESTS]: requests,
    [HTTP_LOGS]: logs,
  } = writers;
  // Rows of the crash backlog that already reached the store are skipped (replay-keys.ts).
  await intake.prepareReplay(store, Object.keys(writers), spoolDir);

  const listeners = new Set<(e: PipelineEvent) => void>();
  const emit = (e: PipelineEvent) => {
    for (const l of listeners) l(e);
  };
  const ja4plus = config.fingerprints.ja4plus;
  const dedupe = new ConnectionDedupe();
  /** Stores a connection record once; true when it is the connection's first (correlate it). */
  const connection = (input: ConnectionRecord): boolean => {
    const r = ja4plus ? input : recordWithoutJa4plus(input);
    if (r === null) return false;
    const cls = dedupe.classify(r);
    if (cls === 'same') return false;
    if (cls === 'completion') {
      finals.write([r]).catch(onWriterError(TLS_HANDSHAKE_FINALS));
      return false;
    }
    const w = connectionTable(r) === TLS_HANDSHAKES ? tls : tcp;
    w.write([r]).catch(onWriterError(connectionTable(r)));
    emit({ kind: 'connection', record: r });
    return true;
  };
  const correlatedSink = writerSink<CorrelatedEvent>(
    'clickhouse:http_logs',
    logs,
    onWriterError(HTTP_LOGS),
  );
  const requestSink = writerSink<HttpRequest>(
    'clickhouse:http_requests',
    requests,
    onWriterError(HTTP_REQUESTS),
  );
  const allWriters = () => Object.values(writers) as unknown as Writer<never, object>[];
  const barrier = async () => {
    await Promise.all(allWriters().map((w) => w.barrier()));
  };
  const journal = config.durability.journal;
  const correlation = new CorrelationWorkerHandle({
    config: {
      dataDir: config.dataDir,
      socketDir: ingestSocketDir(config.dataDir),
      ingest: config.ingest as Record<string, unknown>,
      maxPipeBytes: config.ingest.mainPipeBytes,
      // JA4H is a JA4+ method (FoxIO License): the licence switch turns it off here too.
      correlator: { ...config.correlator, ja4h: ja4plus && config.correlator.ja4h },
      journal: {
        enabled: journal.enabled,
        dir: join(config.dataDir, 'ingest-journal'),
        fsyncMs: journal.fsyncMs,
        checkpointMs: journal.checkpointMs,
        segmentBytes: journal.segmentBytes,
        maxBytes: journal.maxBytes,
      },
    },
    handlers: {
      // The worker's crash backlog replays once the store's rows of its span are known (after
      // every row main still queued reached the store or the spool).
      hello: async (h) => {
        if (h.backlog === 0 || h.oldestAt === null) return;
        await barrier();
        await intake.prepareBacklogKeys(store, Object.keys(writers), spoolDir, h.oldestAt);
      },
      request: (r) => requestSink.write(r),
      correlated: (input) => {
        const e = ja4plus ? input : correlatedWithoutJa4plus(input);
        correlatedSink.write(e);
        emit({ kind: 'correlated', event: e });
      },
      // Records from remote sensors (network.socket); the worker correlates them itself.
      handshake: (r) => void connection(r),
      barrier,
      journalError: (message) => intake.disk.report(new Error(message), 'ingest journal'),
      log: (level, fields, msg) => log[level]({ part: 'correlation-worker', ...fields }, msg),
    },
  });
  await correlation.start();
  intake.onPause((paused) => correlation.pause(paused, intake.disk.full));
  const fromCapture = (r: ConnectionRecord) => {
    if (connection(r)) correlation.addHandshake(r);
  };
  intake.registerCapture(fromCapture);
  intake.replay();

  const capture = new CaptureSupervisor({
    workers: config.capture.interfaces.map((iface) => ({
      name: iface,
      config: {
        ...config.capture.worker,
        sensor: sensorNameOf(config),
        iface,
        ja4plus: config.fingerprints.ja4plus,
        // Each worker its own packet store directory (issue 24).
        packets: {
          ...config.capture.worker.packets,
          dir: config.capture.worker.packets?.dir || workerPacketDir(config.dataDir, iface),
        },
      },
    })),
    // A full disk or saturated writers: counted as dropped instead of growing memory.
    onRecord: (r) => intake.capture(r, tls.saturated || tcp.saturated, fromCapture),
    onLog: (m, worker) =>
      log[m.level === 'error' ? 'error' : m.level === 'warn' ? 'warn' : 'info'](
        { worker, code: m.code },
        m.message,
      ),
  });
  await capture.start();
  intake.start();
  intake.startCheckpoints(allWriters);
  // Backpressure: while a writer holds maxQueuedRows, the sockets and log tails stop being read.
  const pressure = setInterval(
    () =>
      intake.pressure(
        'writers',
        allWriters().some((w) => w.saturated),
      ),
    100,
  );
  pressure.unref();

  let stopped = false;
  return {
    capture,
    correlation,
    writers: allWriters,
    tables: writers,
    intake,
    stats: () => ({
      writers: Object.fromEntries(Object.entries(writers).map(([k, w]) => [k, w.stats()])),
      correlation: correlation.stats(),
      connections: { ...dedupe.stats },
      intake: withIngestJournal(intake.stats(), correlation),
    }),
    parts: () => {
      const lagging = Object.entries(writers).filter(
        ([, w]) => w.stats().lastError !== undefined && w.stats().rowsQueued > 0,
      );
      return [
        ...capture.parts(),
        correlatorPart(correlation),
        lagging.length > 0
          ? {
              name: 'writer',
              state: 'degraded',
              detail: lagging.map(([t, w]) => `${t}: ${w.stats().lastError}`).join('; '),
            }
          : { name: 'writer', state: 'ok' },
        ...intakeParts(intake.stats()),
      ];
    },
    onEvent: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      clearInterval(pressure);
      await capture.stop();
      // The worker drains its sockets, decides everything pending and checkpoints with main.
      const t0 = Date.now();
      await correlation.stop();
      const t1 = Date.now();
      await Promise.all(Object.values(writers).map((w) => w.close()));
      log.info(
        { code: 'pipeline.stopped', correlationMs: t1 - t0, writersMs: Date.now() - t1 },
        `correlation worker stopped in ${t1 - t0} ms, writers closed in ${Date.now() - t1} ms`,
      );
      // Everything processed is now durable: the journal's checkpoint moves to its end.
      await intake.stop(allWriters());
    },
  };
}

function correlatorPart(c: CorrelationWorkerHandle): Health {
  const h = c.health();
  const st = c.stats().correlator;
  const lost = `${c.loss.worker_crashes} crash(es), ${c.loss.crash_lost_handshakes} handshake(s) of the join window lost`;
  if (h.state === 'running')
    return {
      name: 'correlator',
      state: 'ok',
      detail: `worker pid ${h.pid}: ${st.requests_in} requests in; ${lost}`,
    };
  return {
    name: 'correlator',
    state: h.state === 'stopped' || h.state === 'stopping' ? 'down' : 'starting',
    detail: [`worker ${h.state}`, h.lastError, lost].filter(Boolean).join(': '),
  };
}

/** Main's capture journal and the worker's ingest journal, shown as one (their sums). */
function withIngestJournal(s: IntakeStats, c: CorrelationWorkerHandle): IntakeStats {
  const w = c.journal();
  const ij = w.journal as unknown as JournalStats | null;
  const j = s.journal;
  const journalOut =
    j && ij
      ? (Object.fromEntries(
          Object.entries(j).map(([k, v]) => [
            k,
            typeof v === 'number'
              ? v + Number(ij[k as keyof JournalStats] ?? 0)
              : Boolean(v) || Boolean(ij[k as keyof JournalStats]),
          ]),
        ) as unknown as JournalStats)
      : (j ?? ij);
  return {
    ...s,
    journal: journalOut,
    linesWhileFull: s.linesWhileFull + w.linesWhileFull,
    replayed: s.replayed + c.replayed,
    replayUnknownSource: s.replayUnknownSource + c.replayUnknownSource,
  };
}
