// The writer: turns a stream of rows into batched inserts that are never lost and never doubled.
//  - batches seal at maxBatchRows or maxBatchDelayMs after their first row;
//  - every batch has a token (writer id + sequence) sent as insert_deduplication_token, so a
//    retry of a batch whose first attempt did land is dropped by the server;
//  - one sender sends batches in order with exponential backoff;
//  - memory is bounded by maxQueuedRows: past it, write() waits (backpressure).
import { randomUUID } from 'node:crypto';
import { errorMessage } from '../../../common/util/errors.js';
import type { Store } from '../store.js';
import { backoffMs, sleep } from './backoff.js';

export interface WriterOptions<In, Row extends object> {
  table: string;
  /** Input -> row. A throw skips that input, counts it and reports it through onBadInput. */
  map?: (input: In) => Row;
  maxBatchRows?: number;
  maxBatchDelayMs?: number;
  maxQueuedRows?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Server-side async inserts; 'auto' = only on a cluster (Replicated tables deduplicate them). */
  asyncInsert?: boolean | 'auto';
  onBadInput?: (err: unknown, input: In) => void;
  onError?: (err: unknown) => void;
}

export interface WriterStats {
  rowsWritten: number;
  batchesWritten: number;
  retries: number;
  badInputs: number;
  rowsQueued: number;
  batchesQueued: number;
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

export class Writer<In, Row extends object = In & object> {
  readonly id = randomUUID();
  private readonly o: Required<
    Omit<WriterOptions<In, Row>, 'map' | 'onBadInput' | 'onError' | 'asyncInsert'>
  > &
    WriterOptions<In, Row>;
  private current: Row[] = [];
  private currentSince = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly queue: Batch<Row>[] = [];
  private queuedRows = 0;
  private seq = 0;
  private sending: Promise<void> | undefined;
  private closed = false;
  private readonly roomWaiters: Array<() => void> = [];
  private readonly s: Omit<WriterStats, 'rowsQueued' | 'batchesQueued' | 'lagMs'> = {
    rowsWritten: 0,
    batchesWritten: 0,
    retries: 0,
    badInputs: 0,
    lastError: undefined,
  };
  private readonly asyncInsert: boolean;

  constructor(
    private readonly store: Store,
    options: WriterOptions<In, Row>,
  ) {
    this.o = {
      maxBatchRows: 10_000,
      maxBatchDelayMs: 1_000,
      maxQueuedRows: 200_000,
      retryBaseMs: 100,
      retryMaxMs: 5_000,
      ...options,
    };
    const a = options.asyncInsert ?? 'auto';
    this.asyncInsert = a === 'auto' ? store.cluster !== undefined : a;
  }

  /** Accept rows. Resolves once they are queued; waits while the queue is over its bound. */
  async write(inputs: readonly In[]): Promise<void> {
    if (this.closed) throw new Error('writer is closed');
    for (const input of inputs) {
      let row: Row;
      try {
        row = this.o.map ? this.o.map(input) : (input as unknown as Row);
      } catch (err) {
        this.s.badInputs++;
        this.o.onBadInput?.(err, input);
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

  /** Seal the open batch and wait until everything accepted so far is in the database. */
  async flush(): Promise<void> {
    this.seal();
    while (this.sending) await this.sending;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
  }

  stats(): WriterStats {
    const oldest = this.queue[0]?.since ?? (this.current.length > 0 ? this.currentSince : 0);
    return {
      ...this.s,
      rowsQueued: this.queuedRows + this.current.length,
      batchesQueued: this.queue.length,
      lagMs: oldest === 0 ? 0 : Date.now() - oldest,
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
      await this.sendWithRetry(batch);
      this.queue.shift();
      this.queuedRows -= batch.rows.length;
      this.s.rowsWritten += batch.rows.length;
      this.s.batchesWritten++;
      while (
        this.roomWaiters.length > 0 &&
        this.queuedRows + this.current.length <= this.o.maxQueuedRows
      ) {
        this.roomWaiters.shift()!();
      }
    }
  }

  private async sendWithRetry(batch: Batch<Row>): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.store.insert(this.o.table, batch.rows, {
          dedupToken: batch.token,
          asyncInsert: this.asyncInsert,
        });
        return;
      } catch (err) {
        this.s.retries++;
        this.s.lastError = errorMessage(err);
        this.o.onError?.(err);
        await sleep(backoffMs(attempt, this.o.retryBaseMs, this.o.retryMaxMs));
      }
    }
  }
}

export function createWriter<In, Row extends object = In & object>(
  store: Store,
  options: WriterOptions<In, Row>,
): Writer<In, Row> {
  return new Writer<In, Row>(store, options);
}
