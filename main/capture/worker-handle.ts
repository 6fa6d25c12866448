// One supervised capture worker (one interface): spawns the process, reads and validates its
// frames, restarts it with exponential backoff when it dies, keeps counters across restarts,
// reports crash loops, and stops it with SIGTERM then SIGKILL.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { ConnectionRecord } from '../../common/events/connection.js';
import {
  WorkerExitCode,
  WorkerMessage,
  type WorkerHello,
  type WorkerStats,
  type WorkerLog,
} from '../../common/events/worker.js';
import { errorMessage } from '../../common/util/errors.js';
import { issuesMessage } from '../../common/util/zod-issues.js';
import { workerArgs, type WorkerConfigInput } from '../../capture-worker/src/worker/config.js';
import { Backoff, defaultBackoff, type BackoffOptions } from './backoff.js';
import { RestartSafeCounters, type CaptureTotals } from './counters.js';
import {
  pickNode,
  pickTcpdump,
  prepareWorkerEntry,
  projectRoot,
  type WorkerEntry,
} from './entry.js';
import { describeExit, wireWorkerPipes } from './worker-pipes.js';

export type WorkerState =
  | 'starting'
  | 'running'
  | 'backoff'
  | 'crash-loop'
  | 'failed'
  | 'stopping'
  | 'stopped'
  | 'finished';

export interface WorkerHealth {
  name: string;
  state: WorkerState;
  pid: number | null;
  since: string;
  hello: WorkerHello | null;
  lastExit: { code: number | null; signal: string | null; at: string } | null;
  lastError: string | null;
  remedy: string | null;
  recentCrashes: number;
  nextRestartInMs: number | null;
  totals: CaptureTotals;
}

export interface WorkerHandleOptions {
  /** Health/metrics name; defaults to the interface. */
  name?: string;
  config: WorkerConfigInput;
  nodePath?: string;
  backoff?: Partial<BackoffOptions>;
  /** SIGTERM -> SIGKILL grace on stop. */
  stopTimeoutMs?: number;
  onRecord?: (r: ConnectionRecord, worker: string) => void;
  onLog?: (
    m:
      | WorkerLog
      | {
          t: 'log';
          level: 'info' | 'warn' | 'error';
          code: string;
          message: string;
          context?: Record<string, unknown>;
        },
    worker: string,
  ) => void;
  onStateChange?: (h: WorkerHealth) => void;
  /** Every stats message (every few seconds), with the totals across restarts: feed /metrics here. */
  onStats?: (s: WorkerStats, totals: CaptureTotals, worker: string) => void;
}

export class CaptureWorkerHandle {
  readonly name: string;
  private child: ChildProcess | undefined;
  private state: WorkerState = 'stopped';
  private since = Date.now();
  private startedAt = 0;
  private hello: WorkerHello | null = null;
  private lastExit: WorkerHealth['lastExit'] = null;
  private lastError: string | null = null;
  private remedy: string | null = null;
  private restartTimer: NodeJS.Timeout | undefined;
  private restartAt: number | null = null;
  private readonly backoff: Backoff;
  private readonly counters = new RestartSafeCounters();
  private nextSeq = 0;
  private exitWaiters: (() => void)[] = [];
  private stderrTail: string[] = [];

  constructor(private readonly o: WorkerHandleOptions) {
    this.name = o.name ?? o.config.iface ?? 'default';
    this.backoff = new Backoff({ ...defaultBackoff, ...o.backoff });
  }

  private entry: WorkerEntry | undefined;

  /** Spawns the worker (after preparing its entry once); restarts follow by themselves. */
  async start(): Promise<void> {
    this.wanted = true;
    this.entry ??= await prepareWorkerEntry();
    this.spawnWorker();
  }

  private wanted = false;

  private spawnWorker(): void {
    if (this.child || !this.wanted) return;
    clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    this.restartAt = null;
    const source = this.o.config.source ?? 'tcpdump';
    const cfg: WorkerConfigInput = {
      ...this.o.config,
      tcpdumpPath: pickTcpdump({
        source,
        ...(this.o.config.tcpdumpPath ? { tcpdumpPath: this.o.config.tcpdumpPath } : {}),
      }),
    };
    const { entry, execArgv } = this.entry!;
    const heapMb = Math.max(64, Math.floor((cfg.memoryCapMb ?? 1024) * 0.75));
    const node = pickNode({ source, ...(this.o.nodePath ? { nodePath: this.o.nodePath } : {}) });
    const child = spawn(
      node,
      [`--max-old-space-size=${heapMb}`, ...execArgv, entry, ...workerArgs(cfg)],
      {
        // stdin: liveness pipe (the worker exits when it closes); fd 3: the framed channel.
        stdio: ['pipe', 'ignore', 'pipe', 'pipe'],
        cwd: projectRoot(),
      },
    );
    this.child = child;
    this.startedAt = Date.now();
    this.hello = null;
    this.nextSeq = 0;
    this.stderrTail = wireWorkerPipes(
      child,
      (payload) => this.onFrame(payload),
      (err) => {
        this.counters.invalidFrames++;
        this.log('error', err.code, err.message);
        child.kill('SIGKILL');
      },
    );
    this.setState('starting');
    child.on('error', (err) => {
      this.lastError = `cannot start the capture worker with ${node}: ${errorMessage(err)}`;
    });
    child.on('close', (code, signal) => this.onExit(child, code, signal));
  }

  /** The process the supervisor is running now (tests kill it to prove restarts). */
  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  totals(): CaptureTotals {
    return this.counters.totals();
  }

  health(): WorkerHealth {
    return {
      name: this.name,
      state: this.state,
      pid: this.pid,
      since: new Date(this.since).toISOString(),
      hello: this.hello,
      lastExit: this.lastExit,
      lastError: this.lastError,
      remedy: this.remedy,
      recentCrashes: this.backoff.recentCrashes(Date.now()),
      nextRestartInMs: this.restartAt === null ? null : Math.max(0, this.restartAt - Date.now()),
      totals: this.counters.totals(),
    };
  }

  /** SIGTERM, then SIGKILL after the timeout; resolves when the process is gone. */
  async stop(): Promise<void> {
    this.wanted = false;
    clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    this.restartAt = null;
    const child = this.child;
    if (!child) {
      if (this.state !== 'failed' && this.state !== 'finished') this.setState('stopped');
      return;
    }
    this.setState('stopping');
    const gone = new Promise<void>((r) => this.exitWaiters.push(r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), this.o.stopTimeoutMs ?? 5000);
    await gone;
    clearTimeout(timer);
  }

  private onFrame(payload: Buffer): void {
    let json: unknown;
    try {
      json = JSON.parse(payload.toString('utf8'));
    } catch (e) {
      this.counters.invalidFrames++;
      this.log(
        'warn',
        'capture.invalid_frame',
        `worker ${this.name} sent a frame that is not JSON: ${errorMessage(e)}`,
      );
      return;
    }
    const parsed = WorkerMessage.safeParse(json);
    if (!parsed.success) {
      this.counters.invalidFrames++;
      this.log(
        'warn',
        'capture.invalid_frame',
        `worker ${this.name} sent an invalid message: ${issuesMessage(parsed.error.issues, json)}`,
      );
      return;
    }
    const m = parsed.data;
    switch (m.t) {
      case 'event':
        if (m.seq > this.nextSeq) this.counters.eventsMissing += m.seq - this.nextSeq;
        this.nextSeq = m.seq + 1;
        this.counters.eventsReceived++;
        this.o.onRecord?.(m.record, this.name);
        return;
      case 'stats':
        this.counters.update(m);
        this.o.onStats?.(m, this.counters.totals(), this.name);
        return;
      case 'hello':
        this.hello = m;
        this.lastError = null;
        this.remedy = null;
        this.setState('running');
        for (const note of m.notes) this.log('info', 'capture.source_note', note);
        return;
      case 'log':
        this.o.onLog?.(m, this.name);
        return;
      case 'fatal':
        this.lastError = m.message;
        this.remedy = m.remedy ?? null;
        this.log(
          'error',
          m.code,
          m.remedy ? `${m.message} — fix: ${m.remedy}` : m.message,
          m.context,
        );
        return;
      case 'end':
        this.log('info', 'capture.end', `worker ${this.name}: ${m.reason}`);
        return;
    }
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.child !== child) return;
    this.child = undefined;
    this.counters.processEnded();
    this.killOrphanHelper();
    const now = Date.now();
    this.lastExit = { code, signal, at: new Date(now).toISOString() };
    const waiters = this.exitWaiters;
    this.exitWaiters = [];
    for (const w of waiters) w();
    if (this.state === 'stopping') {
      this.setState('stopped');
      return;
    }
    if (code === WorkerExitCode.ok) {
      this.setState('finished');
      return;
    }
    if (code === WorkerExitCode.fatal) {
      // Restarting cannot fix missing privileges, a bad filter or a missing interface.
      this.lastError ??= `capture worker exited: ${this.stderrTail.slice(-3).join(' ')}`;
      this.setState('failed');
      return;
    }
    this.counters.crashes++;
    if (this.lastError === null || this.hello !== null) {
      this.lastError = describeExit('capture worker', code, signal, this.stderrTail);
    }
    const delay = this.backoff.crashed(now, now - this.startedAt);
    const loop = this.backoff.inCrashLoop(now);
    this.log(
      loop ? 'error' : 'warn',
      loop ? 'capture.crash_loop' : 'capture.worker_died',
      `${this.lastError}; restarting in ${delay} ms${loop ? ` (crash loop: ${this.backoff.recentCrashes(now)} crashes in the last minute)` : ''}`,
    );
    this.restartAt = now + delay;
    this.setState(loop ? 'crash-loop' : 'backoff');
    this.restartTimer = setTimeout(() => {
      this.counters.restarts++;
      this.spawnWorker();
    }, delay);
  }

  /** A SIGKILLed worker cannot stop its tcpdump; tcpdump would only notice at its next write. */
  private killOrphanHelper(): void {
    const pid = this.hello?.helperPid;
    if (pid === undefined) return;
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmd.includes('tcpdump')) process.kill(pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }

  private setState(s: WorkerState): void {
    if (this.state === s) return;
    this.state = s;
    this.since = Date.now();
    this.o.onStateChange?.(this.health());
  }

  private log(
    level: 'info' | 'warn' | 'error',
    code: string,
    message: string,
    context?: Record<string, unknown>,
  ): void {
    this.o.onLog?.({ t: 'log', level, code, message, ...(context ? { context } : {}) }, this.name);
  }
}
