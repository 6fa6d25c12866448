// The worker's durable intake: every line read from the ingest sockets and log files is appended
// to the ingest journal before it is processed, in the process that read it, so the ack protocol
// ({"ack":N} only for journaled lines) keeps its promise whatever happens to main or to this
// process (docs/decisions.md, "The house"). After a restart the sockets listen before main has
// the store's keys for the crash backlog: lines are journaled and acknowledged but held, and
// processed after the backlog's replay (`release`).
//
// The checkpoint is a round trip: P = the last journaled sequence, A = the oldest request the
// correlator has not decided; the worker asks main for a barrier (every row sent before it is in
// the database or the fsync'd spool) and then checkpoints min(P, A - 1). A crash replays what is
// after it; main skips the rows the store already holds.
//
// What a crash loses is the correlator's join state that no replay brings back: handshakes it
// holds that were read before the checkpoint, and local capture's handshakes (main's soft state,
// never journaled here). `unreplayable()` is that figure, reported with every stats frame.
import type { CorrelatedEvent } from '../../../common/events/correlated.js';
import type { HttpRequest } from '../../../common/events/http-request.js';
import type { IntakeHook } from '../ingest/ingest.js';
import type { LineSink } from '../ingest/line-splitter.js';
import type { Journal } from '../journal/journal.js';
import type { JournalEntry } from '../journal/journal-record.js';

/**
 * Lines read before main's `start` are journaled (so acknowledged) but held, not processed: the
 * backlog replays first, and nothing reaches main's writers before it has the store's keys. Above
 * this many bytes held the sockets stop being read until the hold ends.
 */
const MAX_HELD_BYTES = 16 * 1024 * 1024;
/** A request the correlator never reports decided holds the checkpoint at most this long. */
const MAX_AWAIT_MS = 15 * 60_000;
const NETWORK_SOURCE = 'network.socket';

export class WorkerIntake implements IntakeHook {
  /** Sequence of the record being processed right now (synchronous delivery). */
  private current: number | undefined;
  private readonly requestSeq = new WeakMap<object, number>();
  private readonly awaiting = new Map<number, number>();
  private readonly processors = new Map<string, LineSink>();
  /** Journal sequences of network.socket lines after the last checkpoint (ascending). */
  private networkSeqs: number[] = [];
  /** Lines read while holding (before `release`), in order. */
  private held: { seq: number | undefined; processor: LineSink; bytes: Buffer }[] = [];
  private heldBytes = 0;
  private holding = true;
  /** Lines held before the last release (the restart's log). */
  heldLines = 0;
  linesWhileFull = 0;
  replayed = 0;
  replayUnknownSource = 0;
  full = false;

  constructor(
    private readonly journal: Journal | undefined,
    /** The hold reached MAX_HELD_BYTES (true) or ended (false): stop or restart reading. */
    private readonly onHoldFull: (full: boolean) => void = () => undefined,
  ) {}

  wrap(source: string, processor: LineSink): LineSink {
    this.processors.set(source, processor);
    const network = source === NETWORK_SOURCE;
    return {
      line: (bytes) => {
        if (this.full) this.linesWhileFull++;
        const seq = this.journal?.append(source, bytes);
        if (network && seq !== undefined) this.networkSeqs.push(seq);
        if (this.holding) return this.hold(seq, processor, bytes);
        this.deliver(seq, () => processor.line(bytes));
      },
      // Refused whatever happens; nothing to replay.
      oversize: (prefix, length) => processor.oversize(prefix, length),
    };
  }

  private hold(seq: number | undefined, processor: LineSink, bytes: Buffer): void {
    // The splitter may reuse its buffer for the next line: keep a copy.
    this.held.push({ seq, processor, bytes: Buffer.from(bytes) });
    const before = this.heldBytes;
    this.heldBytes += bytes.length;
    if (before <= MAX_HELD_BYTES && this.heldBytes > MAX_HELD_BYTES) this.onHoldFull(true);
  }

  /** Ends the hold: the held lines are processed in the order they were read (after the replay). */
  release(): void {
    if (!this.holding) return;
    this.holding = false;
    const held = this.held;
    this.held = [];
    this.heldLines = held.length;
    for (const h of held) this.deliver(h.seq, () => h.processor.line(h.bytes));
    if (this.heldBytes > MAX_HELD_BYTES) this.onHoldFull(false);
    this.heldBytes = 0;
  }

  private deliver(seq: number | undefined, fn: () => void): void {
    const prev = this.current;
    this.current = seq;
    try {
      fn();
    } finally {
      this.current = prev;
    }
  }

  /** A request reached the correlator (its http_requests row is sent; its http_logs row is not). */
  noteRequest(req: HttpRequest): void {
    if (this.current === undefined) return;
    this.requestSeq.set(req, this.current);
    this.awaiting.set(this.current, Date.now());
  }

  noteCorrelated(e: CorrelatedEvent): void {
    if (!e.request) return;
    const seq = this.requestSeq.get(e.request);
    if (seq !== undefined) this.awaiting.delete(seq);
  }

  /** What the checkpoint may cover now: min(last journaled, oldest undecided request - 1). */
  checkpointTarget(): number {
    const j = this.journal;
    if (!j) return 0;
    const now = Date.now();
    let oldest = Infinity;
    for (const [seq, at] of this.awaiting) {
      if (now - at > MAX_AWAIT_MS) this.awaiting.delete(seq);
      else if (seq < oldest) oldest = seq;
    }
    return Math.min(j.lastSeq, oldest - 1);
  }

  /** Main confirmed the rows up to `seq` durable. */
  checkpoint(seq: number): void {
    this.journal?.checkpoint(seq);
    let i = 0;
    while (i < this.networkSeqs.length && this.networkSeqs[i]! <= seq) i++;
    if (i > 0) this.networkSeqs = this.networkSeqs.slice(i);
  }

  /** Handshakes held by the correlator that a replay would not bring back. */
  unreplayable(openConnections: number): number {
    return Math.max(0, openConnections - this.networkSeqs.length);
  }

  /** Replay the crash backlog through the registered processors (once, after they exist). */
  replay(
    entries: readonly JournalEntry[],
    log: (msg: string, fields: Record<string, unknown>) => void,
  ): void {
    if (entries.length === 0) return;
    const unknown = new Set<string>();
    for (const e of entries) {
      const p = this.processors.get(e.source);
      if (!p) {
        this.replayUnknownSource++;
        unknown.add(e.source);
        continue;
      }
      if (e.source === NETWORK_SOURCE) this.networkSeqs.push(e.seq);
      try {
        this.deliver(e.seq, () => p.line(e.line));
      } catch (err) {
        log('replayed record refused', { source: e.source, seq: e.seq, err: String(err) });
      }
      this.replayed++;
    }
    this.networkSeqs.sort((a, b) => a - b);
    log('intake journal replayed after an unclean stop', {
      replayed: this.replayed,
      unknownSources: [...unknown],
    });
  }
}
