// The supervised correlation worker (ingest sockets, log tails, correlator, ingest journal in
// their own process; docs/decisions.md, "The house"). Supervision is the capture workers': the
// same entry preparation, frame decoder and restart backoff; a worker whose stats stop coming
// (its heartbeat) is killed and restarted like one that died.
//
// A crash loses the join state no journal replay brings back, and it is counted: the worker's
// last report of the handshakes it held that were read before its checkpoint or came from local
// capture (`unreplayable`), plus local capture's handshakes written to the pipe after that report.
// Local handshakes that arrive while no worker runs wait in a bounded queue (overflow counted).
import { spawn, type ChildProcess } from 'node:child_process';
import type { ConnectionRecord } from '../../common/events/connection.js';
import {
  CorrelationWorkerMessage,
  type CorrelationHello,
  type CorrelationWorkerStats,
  type MainToCorrelation,
} from '../../common/events/correlation-worker.js';
import type { CorrelatedEvent } from '../../common/events/correlated.js';
import type { HttpRequest } from '../../common/events/http-request.js';
import { AppError, errorMessage } from '../../common/util/errors.js';
import { issuesMessage } from '../../common/util/zod-issues.js';
import { encodeFrame } from '../../capture-worker/src/channel/frame.js';
import type { CorrelationStats } from '../../correlation-worker/src/correlate/service.js';
import {
  correlationWorkerArgs,
  type CorrelationWorkerConfigInput,
} from '../../correlation-worker/src/worker/config.js';
import { emptyStats } from '../../correlation-worker/src/correlate/stats.js';
import { Backoff, defaultBackoff, type BackoffOptions } from '../capture/backoff.js';
import { pickNode, prepareWorkerEntry, projectRoot, type WorkerEntry } from '../capture/entry.js';
import { describeExit, wireWorkerPipes } from '../capture/worker-pipes.js';
import { addCounters, endedTotals } from './totals.js';

export type CorrelationWorkerState = 'starting' | 'running' | 'backoff' | 'stopping' | 'stopped';

export interface CorrelationLoss {
  /** Worker processes that ended without being asked to. */
  worker_crashes: number;
  worker_restarts: number;
  /** Handshakes of the join state lost with a crashed worker (see the file comment). */
  crash_lost_handshakes: number;
  /** Local capture handshakes dropped because no worker ran and the queue was full. */
  handshakes_dropped_while_down: number;
  /** Frames from the worker that were not valid messages. */
  invalid_frames: number;
}

export interface CorrelationWorkerHandlers {
  /** Before the worker listens: learn the store's keys for its crash backlog. */
  hello(h: CorrelationHello): Promise<void>;
  request(r: HttpRequest): void;
  correlated(e: CorrelatedEvent): void;
  /** A remote sensor's connection record (network.socket). */
  handshake(r: ConnectionRecord): void;
  /** Resolves once every row received so far is durable (every writer's barrier). */
  barrier(): Promise<void>;
  journalError(message: string): void;
  log(
    level: 'debug' | 'info' | 'warn' | 'error',
    fields: Record<string, unknown>,
    msg: string,
  ): void;
}

export interface CorrelationWorkerOptions {
  config: CorrelationWorkerConfigInput;
  handlers: CorrelationWorkerHandlers;
  backoff?: Partial<BackoffOptions>;
  /** SIGTERM -> SIGKILL grace on stop (the worker drains its sockets and decides what is pending). */
  stopTimeoutMs?: number;
  /** No frame for this long from a running worker: it is hung; kill and restart it. */
  heartbeatMs?: number;
  /** Local capture handshakes kept while no worker runs. */
  maxQueued?: number;
  /** Keep a standby process for restarts (default true; costs one idle Node process). */
  standby?: boolean;
  /** The first start fails after this long without `ready`. */
  startTimeoutMs?: number;
}

/** The join state a worker's death loses, from its last report and the handshakes sent since. */
function joinStateLost(last: CorrelationWorkerStats | undefined, sentToCurrent: number): number {
  return (last?.unreplayable ?? 0) + Math.max(0, sentToCurrent - (last?.fromMain ?? 0));
}

export class CorrelationWorkerHandle {
  private child: ChildProcess | undefined;
  private state: CorrelationWorkerState = 'stopped';
  private wanted = false;
  private entry: WorkerEntry | undefined;
  private readonly backoff: Backoff;
  private restartTimer: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private lastFrameAt = 0;
  private startedAt = 0;
  /** When the running worker died (for the restart's log line), and when its successor said hello. */
  private crashedAt: number | undefined;
  private helloAt = 0;
  private startSentAt = 0;
  private ready = false;
  private readonly stderrTails = new WeakMap<ChildProcess, string[]>();
  private lastTail: string[] = [];
  private standby: ChildProcess | undefined;
  private queue: ConnectionRecord[] = [];
  /** Local handshakes written to the current process's stdin. */
  private sentToCurrent = 0;
  private last: CorrelationWorkerStats | undefined;
  /** Counters of ended processes. */
  private base: CorrelationStats['correlator'] & Record<string, number> = emptyStats() as never;
  private baseIngest: CorrelationStats['ingest'] | undefined;
  private pausedNow = { paused: false, diskFull: false };
  private firstStart: { resolve: () => void; reject: (e: Error) => void } | undefined;
  private exitWaiters: (() => void)[] = [];
  lastError: string | null = null;
  /** Journal records replayed by the worker's (re)starts, and those of sources no longer set. */
  replayed = 0;
  replayUnknownSource = 0;
  readonly loss: CorrelationLoss = {
    worker_crashes: 0,
    worker_restarts: 0,
    crash_lost_handshakes: 0,
    handshakes_dropped_while_down: 0,
    invalid_frames: 0,
  };
  /** Socket paths the worker listens on (from its `ready`). */
  paths: { http: string | false; network: string | false } = { http: false, network: false };

  constructor(private readonly o: CorrelationWorkerOptions) {
    this.backoff = new Backoff({ ...defaultBackoff, ...o.backoff });
  }

  /** Spawns the worker; resolves once its sockets listen (a worker that cannot start rejects). */
  async start(): Promise<void> {
    this.wanted = true;
    this.entry ??= await prepareWorkerEntry('correlation');
    const first = new Promise<void>((resolve, reject) => (this.firstStart = { resolve, reject }));
    const timer = setTimeout(
      () =>
        this.firstStart?.reject(
          new AppError(
            'correlation.start_timeout',
            `the correlation worker did not start within ${this.o.startTimeoutMs ?? 60_000} ms: ${this.stderrTail.slice(-3).join(' ')}`,
          ),
        ),
      this.o.startTimeoutMs ?? 60_000,
    );
    this.spawnWorker();
    try {
      await first;
    } catch (err) {
      // A worker that cannot start (a socket in use) is not restarted: the daemon reports it.
      this.wanted = false;
      this.child?.kill('SIGKILL');
      throw err;
    } finally {
      clearTimeout(timer);
      this.firstStart = undefined;
    }
  }

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  get running(): boolean {
    return this.state === 'running';
  }

  health(): { state: CorrelationWorkerState; pid: number | null; lastError: string | null } {
    return { state: this.state, pid: this.pid, lastError: this.lastError };
  }

  /** A handshake from local capture: to the worker, or queued while none runs. */
  addHandshake(record: ConnectionRecord): void {
    if (this.child && this.ready) {
      this.sentToCurrent++;
      this.send({ t: 'handshake', record });
      return;
    }
    if (this.queue.length >= (this.o.maxQueued ?? 10_000)) {
      this.queue.shift();
      this.loss.handshakes_dropped_while_down++;
    }
    this.queue.push(record);
  }

  pause(paused: boolean, diskFull: boolean): void {
    this.pausedNow = { paused, diskFull };
    if (this.child) this.send({ t: 'pause', paused, diskFull });
  }

  /** Counters across restarts, with the loss figures in the correlator's record. */
  stats(): CorrelationStats & { correlator: CorrelationLoss & { join_state_at_risk: number } } {
    const cur = this.last?.correlation as CorrelationStats | undefined;
    const correlator = addCounters(this.base, (cur?.correlator ?? emptyStats()) as never);
    const none = { sources: {}, files: {}, dead_letter: { written: 0, errors: 0 } };
    const ingest = cur
      ? this.baseIngest
        ? addCounters(this.baseIngest, cur.ingest)
        : cur.ingest
      : (this.baseIngest ?? none);
    return {
      correlator: {
        ...correlator,
        ...this.loss,
        // A gauge: what a crash would lose now.
        join_state_at_risk: this.atRisk(this.last),
      },
      ingest,
      sink_errors: cur?.sink_errors ?? {},
    };
  }

  /**
   * What a crash of the running worker would lose now (and what is counted when it does): the
   * handshakes it held at its last report that no replay brings back, plus local capture's
   * handshakes written to its pipe since that report.
   */
  private atRisk(last: CorrelationWorkerStats | undefined): number {
    return this.child ? joinStateLost(last, this.sentToCurrent) : 0;
  }

  /** The ingest journal's figures and the lines processed while the disk was full. */
  journal(): { journal: Record<string, unknown> | null; linesWhileFull: number } {
    return { journal: this.last?.journal ?? null, linesWhileFull: this.last?.linesWhileFull ?? 0 };
  }

  /** A stop frame (the worker drains and decides everything), then SIGKILL after the timeout. */
  async stop(): Promise<void> {
    this.wanted = false;
    clearTimeout(this.restartTimer);
    // The standby holds nothing: it exits when its stdin closes.
    this.standby?.stdin?.end();
    this.standby = undefined;
    const child = this.child;
    if (!child) {
      this.state = 'stopped';
      return;
    }
    this.state = 'stopping';
    const gone = new Promise<void>((r) => this.exitWaiters.push(r));
    // A frame, not a signal: it reaches the worker after the handshakes sent before it, so their
    // requests are still joined (a SIGTERM could be handled first; live-connections-truth saw 2
    // of 9 requests unmatched that way at load 20). Without its stdin, a signal is all there is.
    if (child.stdin && !child.stdin.destroyed) this.send({ t: 'stop' });
    else child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), this.o.stopTimeoutMs ?? 15_000);
    await gone;
    clearTimeout(timer);
  }

  private send(m: MainToCorrelation): void {
    const stdin = this.child?.stdin;
    if (stdin && !stdin.destroyed) stdin.write(encodeFrame(m));
  }

  /** Starts the worker: the standby process if one waits, else a new process; then opens it. */
  private spawnWorker(): void {
    if (this.child || !this.wanted) return;
    const standby = this.standby;
    this.standby = undefined;
    const alive = standby && standby.exitCode === null && standby.signalCode === null;
    const child = alive ? standby : this.launch();
    this.child = child;
    this.startedAt = Date.now();
    this.lastFrameAt = Date.now();
    this.ready = false;
    this.last = undefined;
    this.sentToCurrent = 0;
    this.state = 'starting';
    this.send({ t: 'open' });
    const hb = this.o.heartbeatMs ?? 10_000;
    clearInterval(this.heartbeat);
    this.heartbeat = setInterval(
      () => {
        if (this.child !== child || !this.ready || this.state === 'stopping') return;
        if (Date.now() - this.lastFrameAt <= hb) return;
        this.lastError = `correlation worker sent nothing for ${hb} ms (hung); killed`;
        this.o.handlers.log('error', { code: 'correlation.hung', pid: child.pid }, this.lastError);
        child.kill('SIGKILL');
      },
      Math.max(100, Math.floor(hb / 4)),
    );
    this.heartbeat.unref();
  }

  /**
   * A second process with the worker's code loaded, waiting for `open`: after a crash the restart
   * costs no process start and no module loading (about a second on a busy machine).
   */
  private prepareStandby(): void {
    if (this.o.standby === false || this.standby || !this.wanted) return;
    this.standby = this.launch();
  }

  private launch(): ChildProcess {
    const { entry, execArgv } = this.entry!;
    const child = spawn(
      pickNode({ source: 'file' }),
      [...execArgv, entry, ...correlationWorkerArgs(this.o.config)],
      // stdin: frames from main (its end tells the worker main is gone); fd 3: frames to main.
      { stdio: ['pipe', 'ignore', 'pipe', 'pipe'], cwd: projectRoot() },
    );
    const tail = wireWorkerPipes(
      child,
      (payload) => this.onFrame(child, payload),
      (err) => {
        this.loss.invalid_frames++;
        this.o.handlers.log('error', { code: err.code }, err.message);
        child.kill('SIGKILL');
      },
    );
    this.stderrTails.set(child, tail);
    child.on('error', (err) => {
      this.lastError = `cannot start the correlation worker: ${errorMessage(err)}`;
    });
    child.on('close', (code, signal) => this.onExit(child, code, signal));
    return child;
  }

  private get stderrTail(): string[] {
    return (this.child && this.stderrTails.get(this.child)) ?? this.lastTail;
  }

  private onFrame(child: ChildProcess, payload: Buffer): void {
    if (this.child !== child) return;
    this.lastFrameAt = Date.now();
    let json: unknown;
    try {
      json = JSON.parse(payload.toString('utf8'));
    } catch (err) {
      this.loss.invalid_frames++;
      return this.o.handlers.log(
        'warn',
        { code: 'correlation.invalid_frame' },
        `correlation worker sent a frame that is not JSON: ${errorMessage(err)}`,
      );
    }
    const parsed = CorrelationWorkerMessage.safeParse(json);
    if (!parsed.success) {
      this.loss.invalid_frames++;
      return this.o.handlers.log(
        'warn',
        { code: 'correlation.invalid_frame' },
        `correlation worker sent an invalid message: ${issuesMessage(parsed.error.issues, json)}`,
      );
    }
    const m = parsed.data;
    const h = this.o.handlers;
    switch (m.t) {
      case 'request':
        return h.request(m.request as unknown as HttpRequest);
      case 'correlated':
        return h.correlated(m.event as unknown as CorrelatedEvent);
      case 'handshake':
        return h.handshake(m.record as unknown as ConnectionRecord);
      case 'stats':
        this.last = m;
        return;
      case 'log':
        return h.log(m.level, m.fields ?? {}, m.msg);
      case 'journal-error':
        return h.journalError(m.message);
      case 'barrier':
        // Frames arrive in order: every row sent before this one has been handed to a writer.
        void h.barrier().then(
          () => this.child === child && this.send({ t: 'barrier-done', id: m.id }),
          (err: unknown) =>
            h.log('warn', { err: errorMessage(err) }, 'checkpoint barrier failed; retried'),
        );
        return;
      case 'hello':
        this.helloAt = Date.now();
        void h.hello(m).then(
          () => {
            if (this.child !== child) return;
            this.startSentAt = Date.now();
            this.send({ t: 'start' });
            if (this.pausedNow.paused) this.send({ t: 'pause', ...this.pausedNow });
          },
          (err: unknown) => {
            h.log('error', { err: errorMessage(err) }, 'correlation worker backlog not prepared');
            child.kill('SIGKILL');
          },
        );
        return;
      case 'ready':
        this.ready = true;
        this.state = 'running';
        this.lastError = null;
        this.paths = { http: m.http, network: m.network };
        this.replayed += m.replayed;
        this.replayUnknownSource += m.replayUnknownSource;
        for (const r of this.queue.splice(0)) this.addHandshake(r);
        this.firstStart?.resolve();
        if (this.crashedAt !== undefined) {
          const now = Date.now();
          h.log(
            'info',
            {
              code: 'correlation.worker_back',
              downMs: now - this.crashedAt,
              openMs: this.startedAt - this.crashedAt,
              helloMs: this.helloAt - this.startedAt,
              backlogKeysMs: this.startSentAt - this.helloAt,
              startToReadyMs: now - this.startSentAt,
              listenMs: m.listenMs,
              replayMs: m.replayMs,
              held: m.held,
              replayed: m.replayed,
            },
            `correlation worker back ${now - this.crashedAt} ms after it died (replayed ${m.replayed} journal record(s))`,
          );
          this.crashedAt = undefined;
        }
        // Not at once: the standby's start would compete with this worker's replay.
        setTimeout(() => this.prepareStandby(), 1_000).unref();
        return;
      case 'fatal':
        this.lastError = m.message;
        h.log('error', { code: m.code, ...m.context }, m.message);
        this.firstStart?.reject(new AppError(m.code, m.message, m.context ?? {}));
        return;
    }
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.standby === child) this.standby = undefined;
    if (this.child !== child) return;
    this.lastTail = this.stderrTails.get(child) ?? [];
    this.child = undefined;
    clearInterval(this.heartbeat);
    const last = this.last;
    // This process's counters join the totals; what it held is gone.
    if (last) {
      const c = last.correlation as unknown as CorrelationStats;
      this.base = addCounters(this.base, endedTotals(c.correlator) as never);
      this.baseIngest = addCounters(this.baseIngest, endedTotals(c.ingest));
    }
    this.last = undefined;
    const waiters = this.exitWaiters.splice(0);
    for (const w of waiters) w();
    if (this.state === 'stopping' || !this.wanted) {
      this.state = 'stopped';
      return;
    }
    const lost = joinStateLost(last, this.sentToCurrent);
    this.loss.worker_crashes++;
    this.crashedAt ??= Date.now();
    this.loss.crash_lost_handshakes += lost;
    const why = describeExit('correlation worker', code, signal, this.stderrTail);
    this.lastError ??= why;
    const now = Date.now();
    const delay = this.backoff.crashed(now, now - this.startedAt);
    this.o.handlers.log(
      'error',
      { code: 'correlation.worker_died', lostHandshakes: lost, restartInMs: delay },
      `${why}; ${lost} handshake(s) of the join window lost (counted); restarting in ${delay} ms`,
    );
    if (this.firstStart) {
      this.firstStart.reject(new AppError('correlation.start_failed', this.lastError));
      this.wanted = false;
      this.state = 'stopped';
      return;
    }
    this.state = 'backoff';
    this.restartTimer = setTimeout(() => {
      this.loss.worker_restarts++;
      this.spawnWorker();
    }, delay);
  }
}
