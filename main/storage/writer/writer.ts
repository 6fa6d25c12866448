// The writer: turns a stream of rows into batched inserts that are never lost and never doubled.
//  - batches seal at maxBatchRows or maxBatchDelayMs after their first row;
//  - every batch has a token (writer id + sequence), sent as insert_deduplication_token, so a
//    retry or a replay of a batch that did land is dropped by the server;
//  - one sender sends batches in order, retrying with exponential backoff and jitter;
//  - with a spool: after `retriesBeforeSpool` failed attempts the writer switches to spooling —
//    this and every later batch go to disk (spool.ts) in order — and a replayer probes the
//    database, replays the spool oldest first, and switches back once it is empty. Without a
//    spool it retries forever;
//  - memory is bounded: past maxQueuedRows, write() waits (backpressure to the producer); a full
//    spool (maxBytes) raises the 'spool.full' alarm and also ends in backpressure;
//  - a batch the server rejects as bad data is bisected until the bad rows are isolated; those
//    are written to <spool>/quarantine/rejected-*.jsonl and reported (rowsRejected).
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { errorMessage } from '../../../common/util/errors.js';
import { StoreError } from '../errors.js';
import type { Store } from '../store.js';
import { backoffMs, sleep } from './backoff.js';
import { isDataError } from './classify.js';
import { Spool, type CorruptSegment, type SpoolOptions } from './spool.js';

export interface WriterOptions<In, Row extends object> {
  table: string;
  /** Input -> row. A throw skips that input, counts it and reports it through onBadInput. */
  map?: (input: In) => Row;
  maxBatchRows?: number;
  maxBatchDelayMs?: number;
  maxQueuedRows?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Attempts of one batch before spooling it (only with a spool). */
  retriesBeforeSpool?: number;
  /** How often the replayer probes an unreachable database (ms, backs off to retryMaxMs). */
  probeMs?: number;
  /** Spool directory and limits; without it the writer never writes to disk. */
  spool?: SpoolOptions;
  /**
   * Server-side async inserts (remote only). Off by default: the writer already sends large
   * batches, and ClickHouse deduplicates async inserts (async_insert_deduplicate) only into
   * Replicated tables, so on a single server they would lose the exactly-once guarantee. Worth
   * turning on for a cluster with many small writers.
   */
  asyncInsert?: boolean;
  onBadInput?: (err: unknown, input: In) => void;
  /**
   * A row for which this returns true is not stored (counted in rowsSkipped): the intake journal's
   * replay uses it to drop rows the store already holds.
   */
  skip?: (row: Row) => boolean;
  /** The spool could not be written (ENOSPC, EIO...): the batch waits in memory and is retried. */
  onSpoolError?: (err: unknown) => void;
  onError?: (err: unknown) => void;
  /** spool.full, spool.corrupt, writer.rejected: things an operator must see. */
  onAlarm?: (alarm: StoreError) => void;
}

export interface WriterStats {
  table: string;
  rowsWritten: number;
  batchesWritten: number;
  retries: number;
  badInputs: number;
  rowsRejected: number;
  /** Rows the skip option dropped (already stored). */
  rowsSkipped: number;
  rowsQueued: number;
  batchesQueued: number;
  spooling: boolean;
  rowsSpooled: number;
  rowsReplayed: number;
  spoolBytes: number;
  spoolSegments: number;
  spoolFull: boolean;
  /** The spool's disk refused the last append (e.g. no space); batches wait in memory. */
  spoolBlocked: boolean;
  corruptSegments: number;
  /** Age in ms of the oldest row not yet in the database (0 when none). */
  lagMs: number;
  lastError: string | undefined;
}

export interface Batch<Row> {
  token: string;
  rows: Row[];
  /** ms epoch when the batch's first row was accepted (for lag). */
  since: number;
}

type Counters = Pick<
  WriterStats,
  | 'rowsWritten'
  | 'batchesWritten'
  | 'retries'
  | 'badInputs'
  | 'rowsRejected'
  | 'rowsSkipped'
  | 'rowsSpooled'
  | 'rowsReplayed'
  | 'corruptSegments'
  | 'lastError'
>;

export class Writer<In, Row extends object = In & object> {
  readonly id = randomUUID();
  private readonly o: WriterOptions<In, Row> & {
    maxBatchRows: number;
    maxBatchDelayMs: number;
    maxQueuedRows: number;
    retryBaseMs: number;
    retryMaxMs: number;
    retriesBeforeSpool: number;
    probeMs: number;
  };
  private current: Row[] = [];
  private currentSince = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly queue: Batch<Row>[] = [];
  private queuedRows = 0;
  private seq = 0;
  private sending: Promise<void> | undefined;
  private replaying: Promise<void> | undefined;
  private closed = false;
  private stopping = false;
  private spoolFull = false;
  private spoolBlocked = false;
  /** Set when an insert failed past its retries; cleared by the replayer once all is replayed. */
  private spoolMode = false;
  private readonly spool: Spool<Row> | undefined;
  private readonly roomWaiters: Array<() => void> = [];
  /** Batches taken off the queue (sent, spooled or set aside), in order. */
  private batchesDone = 0;
  private readonly doneWaiters: Array<{ upTo: number; resolve: () => void }> = [];
  private readonly asyncInsert: boolean;
  private readonly s: Counters = {
    rowsWritten: 0,
    batchesWritten: 0,
    retries: 0,
    badInputs: 0,
    rowsRejected: 0,
    rowsSkipped: 0,
    rowsSpooled: 0,
    rowsReplayed: 0,
    corruptSegments: 0,
    lastError: undefined,
  };

  constructor(
    private readonly store: Store,
    options: WriterOptions<In, Row>,
  ) {
    this.o = {
      // Embedded: a batch is one INSERT that makes a part in the table and in each aggregate, a
      // fixed cost per batch; 100k-row Native batches measured 1.2x the rows/s of 10k (docs/storage.md).
      // Batches still seal after maxBatchDelayMs, so a slow stream is not delayed.
      maxBatchRows: store.kind === 'embedded' ? 100_000 : 10_000,
      maxBatchDelayMs: 1_000,
      maxQueuedRows: 200_000,
      retryBaseMs: 100,
      retryMaxMs: 5_000,
      retriesBeforeSpool: 3,
      probeMs: 250,
      ...options,
    };
    this.asyncInsert = options.asyncInsert ?? false;
    if (options.spool) {
      this.spool = new Spool<Row>(options.spool);
      for (const c of this.spool.openProblems) this.corrupt(c);
      // Left over from an earlier run (outage, crash): replay it before anything new.
      if (!this.spool.empty) {
        this.spoolMode = true;
        this.startReplay();
      }
    }
  }

  /** At or over maxQueuedRows: a producer that cannot wait should drop (and count) instead. */
  get saturated(): boolean {
    return this.queuedRows + this.current.length >= this.o.maxQueuedRows;
  }

  get spooling(): boolean {
    return this.spool !== undefined && (this.spoolMode || !this.spool.empty);
  }

  /** Accept rows. Resolves once they are queued; waits while the queue is over its bound. */
  async write(inputs: readonly In[]): Promise<void> {
    if (this.closed) throw new StoreError('writer.closed', `writer for ${this.o.table} is closed`);
    for (const input of inputs) {
      let row: Row;
      try {
        row = this.o.map ? this.o.map(input) : (input as unknown as Row);
      } catch (err) {
        this.s.badInputs++;
        this.o.onBadInput?.(err, input);
        continue;
      }
      if (this.o.skip?.(row)) {
        this.s.rowsSkipped++;
        continue;
      }
      if (this.current.length === 0) {
        this.currentSince = Date.now();
        this.timer = setTimeout(() => this.seal(), this.o.maxBatchDelayMs);
      }
      this.current.push(row);
      if (this.current.length >= this.o.maxBatchRows) this.seal();
    }
    while (this.queuedRows + this.current.length > this.o.maxQueuedRows) {
      await new Promise<void>((r) => this.roomWaiters.push(r));
    }
  }

  /**
   * Seal the open batch and wait until everything accepted so far is durable: in the database,
   * or (while it is unreachable) in the fsync'd spool.
   */
  async flush(): Promise<void> {
    this.seal();
    while (this.sending) await this.sending;
  }

  /**
   * Resolves once every row accepted before the call is durable (in the database, the spool or
   * quarantine), without waiting for rows accepted after it: under steady load flush() may not
   * return for long, a barrier does.
   */
  async barrier(): Promise<void> {
    this.seal();
    const upTo = this.seq;
    if (this.batchesDone >= upTo) return;
    await new Promise<void>((resolve) => this.doneWaiters.push({ upTo, resolve }));
  }

  /** Flush; then, if `drainSpool`, wait (up to timeoutMs) for the spool to replay. */
  async close(options: { drainSpool?: boolean; timeoutMs?: number } = {}): Promise<void> {
    if (this.closed) return;
    await this.flush();
    if (options.drainSpool && this.spool) {
      const deadline = Date.now() + (options.timeoutMs ?? 10_000);
      while (!this.spool.empty && Date.now() < deadline) await sleep(50);
    }
    this.closed = true;
    this.stopping = true;
    await this.replaying;
    this.spool?.close();
  }

  stats(): WriterStats {
    const oldest = Math.min(
      ...[
        this.spool?.oldestSince ?? 0,
        this.queue[0]?.since ?? 0,
        this.current.length > 0 ? this.currentSince : 0,
      ].filter((t) => t > 0),
    );
    return {
      table: this.o.table,
      ...this.s,
      rowsQueued: this.queuedRows + this.current.length,
      batchesQueued: this.queue.length,
      spooling: this.spooling,
      spoolBytes: this.spool?.bytes ?? 0,
      spoolSegments: this.spool?.segmentCount ?? 0,
      spoolFull: this.spoolFull,
      spoolBlocked: this.spoolBlocked,
      lagMs: Number.isFinite(oldest) ? Date.now() - oldest : 0,
    };
  }

  private seal(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.current.length === 0) return;
    const batch: Batch<Row> = {
      token: `${this.id}:${this.seq++}`,
      rows: this.current,
      since: this.currentSince,
    };
    this.current = [];
    this.queue.push(batch);
    this.queuedRows += batch.rows.length;
    this.sending ??= this.drain().finally(() => (this.sending = undefined));
  }

  private async drain(): Promise<void> {
    for (let batch = this.queue[0]; batch; batch = this.queue[0]) {
      if (this.spooling) await this.toSpool(batch);
      else if (!(await this.sendWithRetry(batch))) continue; // now spooling: loop spools it
      this.queue.shift();
      this.queuedRows -= batch.rows.length;
      this.batchesDone++;
      for (let i = this.doneWaiters.length - 1; i >= 0; i--) {
        if (this.doneWaiters[i]!.upTo <= this.batchesDone)
          this.doneWaiters.splice(i, 1)[0]!.resolve();
      }
      while (
        this.roomWaiters.length > 0 &&
        this.queuedRows + this.current.length <= this.o.maxQueuedRows
      ) {
        this.roomWaiters.shift()!();
      }
    }
  }

  /** true when sent; false when the writer switched to spooling instead. */
  private async sendWithRetry(batch: Batch<Row>): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      try {
        const sending = this.insertOrIsolate(batch.rows, batch.token);
        this.prepareNext(batch);
        await sending;
        this.s.rowsWritten += batch.rows.length;
        this.s.batchesWritten++;
        return true;
      } catch (err) {
        this.noteError(err);
        if (this.spool && attempt + 1 >= this.o.retriesBeforeSpool) {
          this.spoolMode = true;
          this.startReplay();
          return false;
        }
        this.s.retries++;
        await sleep(backoffMs(attempt, this.o.retryBaseMs, this.o.retryMaxMs));
      }
    }
  }

  /**
   * Embedded engine: once the engine is busy with `current` (after this turn of the event loop),
   * encode the batch queued behind it, so JavaScript and the engine work at the same time.
   */
  private prepareNext(current: Batch<Row>): void {
    const prepare = this.store.prepareInsert;
    if (!prepare) return;
    setImmediate(() => {
      const next = this.queue[1];
      if (this.queue[0] === current && next && !this.spooling) {
        try {
          prepare.call(this.store, this.o.table, next.rows);
        } catch (err) {
          this.noteError(err);
        }
      }
    });
  }

  /** Insert; on a data error, bisect with derived tokens and set the bad rows aside. */
  private async insertOrIsolate(rows: Row[], token: string): Promise<void> {
    try {
      await this.store.insert(this.o.table, rows, {
        dedupToken: token,
        asyncInsert: this.asyncInsert,
        // Embedded: one Native block per batch (same token, same data-error semantics).
        native: true,
      });
    } catch (err) {
      if (!isDataError(err)) throw err;
      if (rows.length === 1) {
        this.reject(rows, token, err);
        return;
      }
      const mid = rows.length >> 1;
      await this.insertOrIsolate(rows.slice(0, mid), `${token}/0`);
      await this.insertOrIsolate(rows.slice(mid), `${token}/1`);
    }
  }

  private reject(rows: Row[], token: string, err: unknown): void {
    this.s.rowsRejected += rows.length;
    const dir = join(this.o.spool?.dir ?? join(process.cwd(), '.data', 'rejected'), 'quarantine');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `rejected-${this.o.table}.jsonl`);
    appendFileSync(
      file,
      rows.map((r) => JSON.stringify({ token, error: errorMessage(err), row: r })).join('\n') +
        '\n',
    );
    this.alarm(
      new StoreError(
        'writer.rejected',
        `${this.o.table}: the database rejected ${rows.length} row(s) as invalid (${errorMessage(err)}); kept in ${file}`,
        {
          table: this.o.table,
          file,
        },
      ),
    );
  }

  private async toSpool(batch: Batch<Row>): Promise<void> {
    const spool = this.spool!;
    for (;;) {
      let appended: boolean;
      try {
        appended = spool.append({ token: batch.token, since: batch.since, rows: batch.rows });
      } catch (err) {
        // A full or failing disk is a state to wait out, never a crash: the batch stays queued in
        // memory (the queue's bound then holds producers back) and is retried.
        if (!this.spoolBlocked) {
          this.spoolBlocked = true;
          this.alarm(
            new StoreError(
              'spool.blocked',
              `${this.o.table}: cannot write the spool in ${spool.dir} (${errorMessage(err)}); ` +
                'batches wait in memory until the disk takes them again',
              { dir: spool.dir },
            ),
          );
        }
        this.noteError(err);
        this.o.onSpoolError?.(err);
        await sleep(this.o.probeMs);
        continue;
      }
      if (appended) break;
      if (!this.spoolFull) {
        this.spoolFull = true;
        this.alarm(
          new StoreError(
            'spool.full',
            `${this.o.table}: spool ${spool.dir} reached its cap of ${spool.maxBytes} bytes while the database is unreachable; ` +
              'new rows now wait in memory and then push back on their producers',
            { dir: spool.dir, maxBytes: spool.maxBytes },
          ),
        );
      }
      await sleep(this.o.probeMs);
    }
    this.spoolFull = false;
    this.spoolBlocked = false;
    this.s.rowsSpooled += batch.rows.length;
  }

  private startReplay(): void {
    this.replaying ??= this.replayLoop().finally(() => (this.replaying = undefined));
  }

  private async replayLoop(): Promise<void> {
    const spool = this.spool!;
    let attempt = 0;
    while (!this.stopping) {
      if (spool.empty) {
        // Back to direct sends once nothing waits; a batch still queued is about to be spooled.
        if (this.queue.length === 0) {
          this.spoolMode = false;
          break;
        }
        await sleep(this.o.probeMs);
        continue;
      }
      try {
        const progressed = await spool.replayOldest(
          async (rec) => {
            await this.insertOrIsolate(rec.rows, rec.token);
            this.s.rowsWritten += rec.rows.length;
            this.s.rowsReplayed += rec.rows.length;
            this.s.batchesWritten++;
          },
          (c) => this.corrupt(c),
        );
        if (!progressed) continue;
        attempt = 0;
      } catch (err) {
        this.noteError(err);
        await sleep(backoffMs(attempt++, this.o.probeMs, this.o.retryMaxMs));
      }
    }
    // Batches queued while the last segment replayed are sent directly now.
    if (this.queue.length > 0)
      this.sending ??= this.drain().finally(() => (this.sending = undefined));
  }

  private corrupt(c: CorruptSegment): void {
    this.s.corruptSegments++;
    const what =
      c.kind === 'record'
        ? `spool record at byte ${c.offset} of ${c.file} is poisoned (${c.reason}); ` +
          `it was copied to ${c.quarantined} and skipped, the rest of the segment replays`
        : `spool segment ${c.file} is damaged at byte ${c.offset} (${c.reason}); ` +
          `${c.recordsBefore} batch(es) before it were replayed, the file was moved to ${c.quarantined} for inspection`;
    this.alarm(new StoreError('spool.corrupt', `${this.o.table}: ${what}`, { ...c }));
  }

  private noteError(err: unknown): void {
    this.s.lastError = errorMessage(err);
    this.o.onError?.(err);
  }

  private alarm(a: StoreError): void {
    this.o.onAlarm?.(a);
  }
}

export function createWriter<In, Row extends object = In & object>(
  store: Store,
  options: WriterOptions<In, Row>,
): Writer<In, Row> {
  return new Writer<In, Row>(store, options);
}
