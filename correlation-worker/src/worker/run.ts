// The correlation worker's life: wait for main's `open` (a standby worker waits here with its
// code loaded), open the ingest journal, tell main its crash backlog, listen on the ingest sockets
// and tail the log files at once (lines are journaled and acknowledged, but held), and once main
// knows the store's keys for the backlog (`start`) replay it, process the held lines and
// correlate; requests, decisions and remote sensors' records go to main as frames. SIGTERM is the
// clean stop (drain the sockets, decide everything pending, a last checkpoint round trip); the end
// of stdin means main is gone: the journal is closed and the worker exits at once, its backlog
// replays under the next main.
import { fstatSync } from 'node:fs';
import { pino, type Logger } from 'pino';
import { CORRELATION_PROTOCOL_VERSION } from '../../../common/events/correlation-worker.js';
import type { ConnectionRecord } from '../../../common/events/connection.js';
import type { CorrelatedEvent } from '../../../common/events/correlated.js';
import type { HttpRequest } from '../../../common/events/http-request.js';
import { AppError, errorMessage } from '../../../common/util/errors.js';
import { openChannel } from '../../../capture-worker/src/channel/open-channel.js';
import { startCorrelationService } from '../correlate/service.js';
import { Journal } from '../journal/journal.js';
import { CallbackSink } from '../sinks/callback.js';
import { WorkerChannel } from './channel.js';
import { parseCorrelationWorkerArgs } from './config.js';
import { WorkerIntake } from './intake.js';

const PINO_LEVELS: Record<number, 'debug' | 'info' | 'warn' | 'error'> = {
  10: 'debug',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'error',
};
const STOP_BARRIER_MS = 10_000;

export async function runCorrelationWorker(argv: string[]): Promise<number> {
  const cfg = parseCorrelationWorkerArgs(argv);
  const pressure = { main: false, pipe: false, hold: false };
  /** Set by the clean stop: the sockets are read to their end whatever the pressure (see stop). */
  let draining = false;
  let applyPause: () => void = () => undefined;
  const channel = new WorkerChannel(openChannel(3), cfg.maxPipeBytes, (full) => {
    pressure.pipe = full;
    applyPause();
  });
  // The ingest code logs through pino; its lines become log frames that main's logger writes.
  const logger: Logger = pino(
    { level: 'info', base: null, timestamp: false },
    {
      write(line: string) {
        try {
          const { level, msg, ...fields } = JSON.parse(line) as Record<string, unknown>;
          channel.send({
            t: 'log',
            level: PINO_LEVELS[Number(level)] ?? 'info',
            msg: String(msg ?? ''),
            fields,
          });
        } catch {
          // A log line that cannot be read is not worth failing for.
        }
      },
    },
  );
  // Main's messages. Handshakes that arrive before the service exists wait (bounded by main).
  let svc: Awaited<ReturnType<typeof startCorrelationService>> | undefined;
  const early: ConnectionRecord[] = [];
  let fromMain = 0;
  let started!: () => void;
  const startSignal = new Promise<void>((r) => (started = r));
  let opened!: () => void;
  const openSignal = new Promise<void>((r) => (opened = r));
  const barriers = new Map<number, { seq: number; done: () => void }>();
  let mainGone = false;
  const leaveNow = () => {
    // Main is gone: nothing can be delivered; what was read is in the journal and replays.
    mainGone = true;
    live.journal?.close();
    process.exit(0);
  };
  // What exists once main said `open` (a standby has neither).
  const live: { journal?: Journal; intake?: WorkerIntake } = {};
  if (fstatSync(0).isFIFO() || fstatSync(0).isSocket()) {
    channel.listen(
      process.stdin,
      (m) => {
        switch (m.t) {
          case 'open':
            return opened();
          case 'start':
            return started();
          case 'handshake':
            fromMain++;
            if (svc) svc.addHandshake(m.record);
            else early.push(m.record);
            return;
          case 'stop':
            // Every handshake main sent before this frame has been added above; the SIGTERM
            // handler (or, before it is set, the default exit) does the rest.
            return void process.kill(process.pid, 'SIGTERM');
          case 'pause':
            pressure.main = m.paused;
            if (live.intake) live.intake.full = m.diskFull;
            return applyPause();
          case 'barrier-done': {
            const b = barriers.get(m.id);
            barriers.delete(m.id);
            if (b && live.intake) {
              live.intake.checkpoint(b.seq);
              b.done();
            }
            return;
          }
        }
      },
      leaveNow,
      (why) => logger.warn({ code: 'correlation.invalid_frame' }, why),
    );
  } else opened();
  // A standby worker waits here with its code loaded: main opens it when the running one dies,
  // so a restart costs no process start (docs/decisions.md, "The house").
  await openSignal;
  const openedAt = Date.now();
  const uptimeAtOpen = Math.round(process.uptime() * 1000);

  const journal = cfg.journal.enabled
    ? new Journal({
        dir: cfg.journal.dir,
        fsyncMs: cfg.journal.fsyncMs,
        segmentBytes: cfg.journal.segmentBytes,
        maxBytes: cfg.journal.maxBytes,
        onError: (err) => {
          channel.send({ t: 'journal-error', message: errorMessage(err) });
          logger.error({ err: errorMessage(err) }, 'ingest journal write failed');
        },
        onProblem: (p) =>
          logger.error(
            { code: 'journal.corrupt', ...p },
            `ingest journal: ${p.kind} in ${p.file} at byte ${p.offset} quarantined to ${p.quarantined} (${p.reason}); the rest replays`,
          ),
      })
    : undefined;
  channel.beforeWrite = () => journal?.writeNow();
  const intake = new WorkerIntake(journal, (full) => {
    pressure.hold = full;
    applyPause();
  });
  live.journal = journal;
  live.intake = intake;
  const backlog = journal?.takeBacklog() ?? [];
  const j = journal?.stats();
  logger.info(
    {
      code: 'journal.open',
      journal: 'ingest',
      lastSeq: j?.lastSeq ?? 0,
      checkpoint: j?.checkpointSeq ?? 0,
      backlog: backlog.length,
      // A standby opened long after its start had its code loaded; the journal's read is openMs.
      uptimeAtOpenMs: uptimeAtOpen,
      openMs: Date.now() - openedAt,
    },
    backlog.length > 0
      ? `ingest journal: ${backlog.length} record(s) after the checkpoint (unclean stop); they replay once the store's rows are known`
      : 'ingest journal: clean',
  );
  channel.send({
    t: 'hello',
    protocol: CORRELATION_PROTOCOL_VERSION,
    pid: process.pid,
    backlog: backlog.length,
    oldestAt: backlog.length > 0 ? backlog.reduce((m, e) => Math.min(m, e.at), Infinity) : null,
    lastSeq: j?.lastSeq ?? 0,
    checkpointSeq: j?.checkpointSeq ?? 0,
  });

  const startService = () =>
    startCorrelationService({
      dataDir: cfg.dataDir,
      ...(cfg.socketDir ? { socketDir: cfg.socketDir } : {}),
      ingest: cfg.ingest,
      correlator: cfg.correlator,
      sinks: [
        new CallbackSink<CorrelatedEvent>('main:correlated', {
          write: (e) => {
            intake.noteCorrelated(e);
            channel.send({ t: 'correlated', event: e });
          },
        }),
      ],
      requestSinks: [
        new CallbackSink<HttpRequest>('main:requests', {
          write: (r) => {
            intake.noteRequest(r);
            channel.send({ t: 'request', request: r });
          },
        }),
      ],
      handshakeSinks: [
        new CallbackSink<ConnectionRecord>('main:handshakes', {
          write: (record) => channel.send({ t: 'handshake', record }),
        }),
      ],
      logger,
      intake: intake,
    });
  // Listen at once: lines are journaled and acknowledged but held until main knows the store's
  // keys for the backlog (`start`), so writers reconnect within the restart, not after main's
  // store round trip and the replay.
  const serviceAt = Date.now();
  try {
    svc = await startService();
  } catch (err) {
    const e = err instanceof AppError ? err : undefined;
    channel.send({
      t: 'fatal',
      code: e?.code ?? 'correlation.start_failed',
      message: errorMessage(err),
      ...(e ? { context: { ...e.context } } : {}),
    });
    await channel.flush(2_000);
    journal?.close();
    return 1;
  }
  const listenMs = Date.now() - serviceAt;
  const service = svc;
  for (const h of early.splice(0)) service.addHandshake(h);
  applyPause = () => {
    const full = live.intake?.full === true;
    if (full || (!draining && (pressure.main || pressure.pipe || pressure.hold)))
      service.ingest.pause();
    else service.ingest.resume();
  };
  applyPause();
  await startSignal;
  const replayAt = Date.now();
  intake.replay(backlog, (msg, fields) => logger.info(fields, msg));
  intake.release();
  channel.send({
    t: 'ready',
    listenMs,
    replayMs: Date.now() - replayAt,
    held: intake.heldLines,
    http: service.ingest.paths.http,
    network: service.ingest.paths.network,
    replayed: intake.replayed,
    replayUnknownSource: intake.replayUnknownSource,
  });

  const sendStats = () => {
    const st = service.stats();
    channel.send({
      t: 'stats',
      correlation: st as never,
      journal: (journal?.stats() as unknown as Record<string, unknown>) ?? null,
      unreplayable: intake.unreplayable(st.correlator.open_connections),
      fromMain,
      linesWhileFull: intake.linesWhileFull,
    });
  };
  let barrierId = 0;
  const barrier = (seq: number, timeoutMs: number): Promise<void> =>
    new Promise<void>((resolve) => {
      const id = ++barrierId;
      const timer = setTimeout(() => {
        barriers.delete(id);
        resolve();
      }, timeoutMs);
      barriers.set(id, {
        seq,
        done: () => {
          clearTimeout(timer);
          resolve();
        },
      });
      channel.send({ t: 'barrier', id, seq });
    });
  const statsTimer = setInterval(sendStats, cfg.statsMs);
  let checkpointing: Promise<void> | undefined;
  const checkpointTimer = journal
    ? setInterval(() => {
        // Stats right after: what a crash would lose changes with the checkpoint.
        checkpointing ??= barrier(intake.checkpointTarget(), 60_000)
          .then(sendStats)
          .finally(() => (checkpointing = undefined));
      }, cfg.journal.checkpointMs)
    : undefined;

  let resolveDone!: (code: number) => void;
  const done = new Promise<number>((r) => (resolveDone = r));
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void (async () => {
      clearInterval(statsTimer);
      clearInterval(checkpointTimer);
      try {
        // What the clients already wrote is read to its end even if a pause for pressure (main's
        // writers behind, the pipe to main full) is on: a paused socket is closed unread, and
        // under load that lost the lines in its kernel buffer (1,725 of 55,819 in CI's SIGTERM
        // test). The drain is bounded (ingest drainMs) and the channel buffers what main has not
        // taken yet. Only a full disk keeps them shut: nothing more read could be kept.
        draining = true;
        applyPause();
        // Drain the sockets, decide everything still pending: every row goes to main.
        const t0 = Date.now();
        await service.close();
        const t1 = Date.now();
        sendStats();
        await checkpointing;
        // Everything read is decided and sent: once main has it durable, the journal is empty.
        if (journal && !mainGone) await barrier(journal.lastSeq, STOP_BARRIER_MS);
        logger.info(
          { code: 'correlation.stopped', drainMs: t1 - t0, barrierMs: Date.now() - t1 },
          `correlation worker: sockets drained and pending decided in ${t1 - t0} ms, rows durable in main ${Date.now() - t1} ms later`,
        );
        await channel.flush(STOP_BARRIER_MS);
        journal?.close();
        resolveDone(0);
      } catch (err) {
        process.stderr.write(`ja4ws correlation worker: stop failed: ${errorMessage(err)}\n`);
        resolveDone(1);
      }
    })();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  return done;
}
