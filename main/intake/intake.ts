// Durable intake in main: every connection record from the capture workers is journaled before it
// is processed (journal.ts); after a crash the records past the checkpoint are replayed through
// the same processor, and rows the store already holds are skipped (replay-keys.ts). Ingest lines
// are journaled by the correlation worker that reads them (correlation-worker/src/worker/
// intake.ts); main learns the store's keys for that worker's backlog here too
// (prepareBacklogKeys). With the disk guard it also turns a full disk into a state: intake pauses
// (the worker stops reading sockets and log tails, so writers block in the kernel), capture
// records that cannot be kept are counted as dropped, and all resumes by itself.
//
// The checkpoint: every checkpointMs, P = the last journaled sequence; then every writer's
// barrier() (all rows accepted so far are in the database or the fsync'd spool); then checkpoint
// P. Capture records are processed synchronously, so everything up to P has its row durable.
import type { ConnectionRecord } from '../../common/events/connection.js';
import { errorMessage } from '../../common/util/errors.js';
import type { LineSink } from '../../correlation-worker/src/ingest/line-splitter.js';
import type { Logger } from '../core/log.js';
import type { Store } from '../storage/store.js';
import type { Writer } from '../storage/writer/writer.js';
import { DiskGuard, type DiskState } from './disk-guard.js';
import { Journal, type JournalStats } from '../../correlation-worker/src/journal/journal.js';
import type { DurabilityOptions } from './options.js';
import { loadExistingKeys, rowKey, type ExistingKeys } from './replay-keys.js';

export const CAPTURE_SOURCE = 'capture';
/** A replayed record's rows are compared with what the store holds for this long after start. */
const DEDUP_WINDOW_MS = 10 * 60_000;
/** Journal time of the oldest replayed record minus this: rows ingested since may be its. */
const CLOCK_MARGIN_MS = 120_000;

export interface IntakeStats {
  journal: JournalStats | null;
  disk: DiskState;
  replayed: number;
  /** Replayed records whose source is no longer configured (not processed, reported). */
  replayUnknownSource: number;
  /** Rows of replayed records the store already held (not written again). */
  replaySkippedRows: number;
  /** Capture records dropped because the disk was full or the writers were saturated. */
  captureDroppedDiskFull: number;
  captureDroppedBackpressure: number;
  /** Lines processed while the disk was full, before the pause took hold (kept in memory). */
  linesWhileFull: number;
  paused: boolean;
  /** Why intake is held back now ('disk', 'writers'). */
  pausedFor: string[];
  pauses: number;
  checkpoints: number;
  lastCheckpointMs: number;
}

export class Intake {
  readonly journal: Journal | undefined;
  readonly disk: DiskGuard;
  private readonly processors = new Map<string, LineSink>();
  private existing: ExistingKeys | undefined;
  private readonly pausers = new Set<(paused: boolean) => void>();
  private readonly reasons = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private checkpointing: Promise<void> | undefined;
  private stopped = false;
  private readonly s = {
    replayed: 0,
    replayUnknownSource: 0,
    replaySkippedRows: 0,
    captureDroppedDiskFull: 0,
    captureDroppedBackpressure: 0,
    linesWhileFull: 0,
    checkpoints: 0,
    lastCheckpointMs: 0,
    pauses: 0,
  };

  constructor(
    dataDir: string,
    private readonly o: DurabilityOptions,
    private readonly log: Logger,
    journalDir: string,
  ) {
    this.disk = new DiskGuard(dataDir, o.disk);
    if (o.journal.enabled) {
      this.journal = new Journal({
        dir: journalDir,
        fsyncMs: o.journal.fsyncMs,
        segmentBytes: o.journal.segmentBytes,
        maxBytes: o.journal.maxBytes,
        onError: (err) => {
          this.disk.report(err, 'intake journal');
          this.log.error({ err: errorMessage(err) }, 'intake journal write failed');
        },
        onProblem: (p) =>
          this.log.error(
            { code: 'journal.corrupt', ...p },
            `intake journal: ${p.kind} in ${p.file} at byte ${p.offset} quarantined to ${p.quarantined} (${p.reason}); the rest replays`,
          ),
      });
    }
    if (this.journal) {
      const j = this.journal.stats();
      this.log.info(
        {
          code: 'journal.open',
          journal: 'capture',
          lastSeq: j.lastSeq,
          checkpoint: j.checkpointSeq,
          backlog: j.backlog,
        },
        j.backlog > 0
          ? `intake journal: ${j.backlog} record(s) after the checkpoint (unclean stop); they replay once the store's rows are known`
          : 'intake journal: clean',
      );
    }
    this.disk.onFull((st) => {
      this.log.error(
        { code: 'disk.full', reason: st.reason, freeBytes: st.freeBytes },
        `disk full: intake paused (sockets and log files are not read, capture records are counted as dropped) until space returns: ${st.reason}`,
      );
      this.pressure('disk', true);
    });
    this.disk.onSpace((st) => {
      this.log.info(
        { code: 'disk.ok', freeBytes: st.freeBytes },
        'disk has space again: intake resumed, spooled batches replay',
      );
      this.journal?.unblock();
      this.pressure('disk', false);
    });
  }

  /** Sources to pause while the disk is full or the writers are saturated (sockets, log tails). */
  onPause(l: (paused: boolean) => void): void {
    this.pausers.add(l);
    if (this.reasons.size > 0) l(true);
  }

  /** Turn one reason to hold intake back on or off; sources pause while any is on. */
  pressure(reason: 'disk' | 'writers', on: boolean): void {
    const before = this.reasons.size > 0;
    if (on) this.reasons.add(reason);
    else this.reasons.delete(reason);
    const after = this.reasons.size > 0;
    if (before !== after) {
      if (after) this.s.pauses++;
      for (const p of this.pausers) p(after);
    }
  }

  start(): void {
    this.disk.start();
  }

  /** A capture worker's record: journal it and process it, or count it dropped. */
  capture(
    rec: ConnectionRecord,
    writersSaturated: boolean,
    process: (r: ConnectionRecord) => void,
  ): void {
    if (this.disk.full) {
      this.s.captureDroppedDiskFull++;
      return;
    }
    if (writersSaturated) {
      this.s.captureDroppedBackpressure++;
      return;
    }
    if (this.journal && this.o.journal.capture)
      this.journal.append(CAPTURE_SOURCE, Buffer.from(JSON.stringify(rec)));
    process(rec);
  }

  registerCapture(process: (r: ConnectionRecord) => void): void {
    this.processors.set(CAPTURE_SOURCE, {
      line: (bytes) => process(JSON.parse(bytes.toString('utf8')) as ConnectionRecord),
      oversize: () => undefined,
    });
  }

  // --- replay -----------------------------------------------------------------------------------

  /** Writer `skip` option: drops a row the store holds while replayed records may produce it. */
  skipper(table: string): (row: object) => boolean {
    return (row) => {
      const ex = this.existing;
      if (!ex) return false;
      const set = ex.keys.get(table);
      if (!set || set.size === 0) return false;
      if (!set.has(rowKey(row as Record<string, unknown>, ex.columns.get(table)!))) return false;
      this.s.replaySkippedRows++;
      return true;
    };
  }

  get backlog(): number {
    return this.journal?.stats().backlog ?? 0;
  }

  /** Before any source starts: learn what the store holds of the backlog's time span. */
  async prepareReplay(
    store: Store,
    tables: readonly string[],
    spoolDir: (t: string) => string,
  ): Promise<void> {
    if (!this.journal || this.backlog === 0) return;
    await this.prepareBacklogKeys(store, tables, spoolDir, this.peekOldest());
  }

  private forget: NodeJS.Timeout | undefined;

  /**
   * The store's keys of rows written since `oldestAt` (ms epoch, minus a margin for clock steps),
   * for a backlog that replays now: main's own at start, the correlation worker's after each of
   * its (re)starts. Call it after every writer's barrier, so rows queued before a crash count.
   */
  async prepareBacklogKeys(
    store: Store,
    tables: readonly string[],
    spoolDir: (t: string) => string,
    oldestAt: number,
  ): Promise<void> {
    const loaded = await loadExistingKeys(store, tables, spoolDir, oldestAt - CLOCK_MARGIN_MS);
    const ex = this.existing;
    if (ex) {
      for (const [t, keys] of loaded.keys) {
        const have = ex.keys.get(t);
        if (have) for (const k of keys) have.add(k);
        else ex.keys.set(t, keys);
      }
      for (const [t, cols] of loaded.columns) if (!ex.columns.has(t)) ex.columns.set(t, cols);
    } else this.existing = loaded;
    clearTimeout(this.forget);
    this.forget = setTimeout(() => (this.existing = undefined), DEDUP_WINDOW_MS);
    this.forget.unref();
  }

  private oldestAt: number | undefined;
  private backlogEntries: ReturnType<Journal['takeBacklog']> | undefined;
  private peekOldest(): number {
    this.backlogEntries ??= this.journal!.takeBacklog();
    this.oldestAt = this.backlogEntries.reduce((m, e) => Math.min(m, e.at), Date.now());
    return this.oldestAt;
  }

  /** Process the crash backlog through the registered processors (once, after they exist). */
  replay(): void {
    const entries = this.backlogEntries ?? this.journal?.takeBacklog() ?? [];
    this.backlogEntries = [];
    if (entries.length === 0) return;
    const unknown = new Set<string>();
    for (const e of entries) {
      const p = this.processors.get(e.source);
      if (!p) {
        this.s.replayUnknownSource++;
        unknown.add(e.source);
        continue;
      }
      try {
        p.line(e.line);
      } catch (err) {
        this.log.warn(
          { source: e.source, seq: e.seq, err: errorMessage(err) },
          'replayed record refused',
        );
      }
      this.s.replayed++;
    }
    this.log.info(
      {
        replayed: this.s.replayed,
        unknownSources: [...unknown],
        skippedRowsSoFar: this.s.replaySkippedRows,
      },
      'intake journal replayed after an unclean stop',
    );
  }

  // --- checkpoints ------------------------------------------------------------------------------

  startCheckpoints(writers: () => Writer<never, object>[]): void {
    if (!this.journal) return;
    this.timer = setInterval(() => {
      this.checkpointing ??= this.checkpointOnce(writers()).finally(
        () => (this.checkpointing = undefined),
      );
    }, this.o.journal.checkpointMs);
    this.timer.unref();
  }

  async checkpointOnce(writers: Writer<never, object>[]): Promise<void> {
    const j = this.journal;
    if (!j) return;
    const t0 = Date.now();
    const last = j.lastSeq;
    await Promise.all(writers.map((w) => w.barrier()));
    if (this.stopped && writers.length === 0) return;
    j.checkpoint(last);
    this.s.checkpoints++;
    this.s.lastCheckpointMs = Date.now() - t0;
  }

  stats(): IntakeStats {
    return {
      journal: this.journal?.stats() ?? null,
      disk: this.disk.snapshot(),
      ...this.s,
      paused: this.reasons.size > 0,
      pausedFor: [...this.reasons],
    };
  }

  /** After the writers flushed at stop: everything processed is durable; checkpoint all of it. */
  async stop(writers: Writer<never, object>[]): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.checkpointing;
    this.disk.stop();
    if (this.journal) {
      await this.checkpointOnce(writers);
      this.journal.close();
    }
  }
}
