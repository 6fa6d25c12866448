// The intake journal: an append-only log of every line read from the ingest sockets and log files
// (and of capture workers' connection records), written before the line is processed, so that a
// process killed mid-flight replays what it had read but not yet stored.
//
// Layout: <dir>/jr-<first seq>.journal segments (records: journal-record.ts), <dir>/checkpoint.json
// ({seq, at}: every record up to seq has all its effects durable in the store or its spool),
// <dir>/quarantine/ for what cannot be replayed.
//
// Writes: records appended in one event-loop turn are written with one write() at the end of the
// turn, so a record is in the kernel's page cache before the pipeline's batches could have stored
// anything from it: kill -9 loses none of them. fsync runs every fsyncMs for all records written
// since the last one (group commit): a power cut or kernel crash loses at most that interval.
// New records always go to a new segment after a restart; segments wholly at or below the
// checkpoint are deleted.
//
// Damage: a record whose frame is broken (torn by a power cut, bad checksum) ends what can be
// trusted in that segment: the rest is copied to quarantine/ and cut off, and reported. A record
// framed correctly whose header is not valid (poison) is copied to quarantine/ alone and skipped.
// A path named like a segment that is not a regular file is moved aside. None of this stops the
// replay of the rest.
import {
  closeSync,
  copyFileSync,
  fsync,
  fsyncSync,
  ftruncateSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  truncateSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { fsyncDir } from './fsync-dir.js';
import {
  HEADER,
  checkFrame,
  decodeBody,
  encodeRecord,
  type JournalEntry,
} from './journal-record.js';

export interface JournalOptions {
  dir: string;
  fsyncMs: number;
  segmentBytes: number;
  maxBytes: number;
  /** A write, fsync or checkpoint failed (no space, I/O error). */
  onError?: (err: unknown) => void;
  /** Something on disk was quarantined. */
  onProblem?: (p: JournalProblem) => void;
}

export interface JournalProblem {
  kind: 'segment' | 'record' | 'tail' | 'checkpoint';
  file: string;
  offset: number;
  reason: string;
  quarantined: string;
}

export interface JournalStats {
  /** Records written to the journal since start. */
  appended: number;
  /** Records processed without a journal copy (disk full, journal over its cap): not replayable. */
  unjournaled: number;
  bytes: number;
  segments: number;
  fsyncs: number;
  writeErrors: number;
  quarantined: number;
  lastSeq: number;
  checkpointSeq: number;
  /** Records found after the checkpoint at start (the crash backlog). */
  backlog: number;
  /** The last write failed; records are being counted as unjournaled. */
  blocked: boolean;
}

interface Segment {
  first: number;
  last: number;
  path: string;
  bytes: number;
}

const SEGMENT_RE = /^jr-(\d{16})\.journal$/;
const CHECKPOINT = 'checkpoint.json';
/** After a failed write, lines are counted as unjournaled for this long before trying again. */
const RETRY_MS = 500;

export class Journal {
  private segments: Segment[] = [];
  private active: { seg: Segment; fd: number } | undefined;
  private pending: Buffer[] = [];
  private pendingFirst = 0;
  private pendingLast = 0;
  private scheduled = false;
  private dirty = false;
  private fsyncing = false;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private overCap = false;
  /** After a failed write, the next attempt waits until then. */
  private retryAt = 0;
  private backlogEntries: JournalEntry[] = [];
  readonly problems: JournalProblem[] = [];
  private readonly s: JournalStats = {
    appended: 0,
    unjournaled: 0,
    bytes: 0,
    segments: 0,
    fsyncs: 0,
    writeErrors: 0,
    quarantined: 0,
    lastSeq: 0,
    checkpointSeq: 0,
    backlog: 0,
    blocked: false,
  };

  constructor(private readonly o: JournalOptions) {
    mkdirSync(o.dir, { recursive: true });
    this.s.checkpointSeq = this.readCheckpoint();
    this.s.lastSeq = this.s.checkpointSeq;
    for (const name of readdirSync(o.dir).sort()) {
      const m = SEGMENT_RE.exec(name);
      if (m) this.scan(join(o.dir, name), Number(m[1]));
    }
    this.s.backlog = this.backlogEntries.length;
    this.timer = setInterval(() => this.sync(), o.fsyncMs);
    this.timer.unref();
  }

  /** Records after the checkpoint found at start, oldest first; handed out once. */
  takeBacklog(): JournalEntry[] {
    const b = this.backlogEntries;
    this.backlogEntries = [];
    return b;
  }

  get lastSeq(): number {
    return this.s.lastSeq;
  }

  stats(): JournalStats {
    return {
      ...this.s,
      bytes: this.segments.reduce((n, g) => n + g.bytes, 0),
      segments: this.segments.length,
    };
  }

  /** Journal one line; returns its sequence number (also when it could not be written: counted). */
  append(source: string, line: Buffer): number {
    const seq = ++this.s.lastSeq;
    if (this.closed || (this.s.blocked && Date.now() < this.retryAt) || this.overBudget()) {
      this.s.unjournaled++;
      return seq;
    }
    if (this.pending.length === 0) this.pendingFirst = seq;
    this.pending.push(encodeRecord({ seq, source, at: Date.now(), line }));
    this.pendingLast = seq;
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.writePending());
    }
    return seq;
  }

  /** Try writing again after a failure (the disk guard calls this when space is back). */
  unblock(): void {
    this.retryAt = 0;
  }

  /** Everything up to `seq` is durable downstream: record it and delete segments behind it. */
  checkpoint(seq: number): void {
    if (seq <= this.s.checkpointSeq) return;
    this.writePending();
    const file = join(this.o.dir, CHECKPOINT);
    try {
      const tmp = `${file}.tmp`;
      writeFileSync(tmp, JSON.stringify({ seq, at: Date.now() }));
      const fd = openSync(tmp, 'r+');
      fsyncSync(fd);
      closeSync(fd);
      renameSync(tmp, file);
      fsyncDir(this.o.dir);
    } catch (err) {
      this.o.onError?.(err);
      return;
    }
    this.s.checkpointSeq = seq;
    for (const g of [...this.segments]) {
      if (g.last <= seq && g !== this.active?.seg) {
        try {
          unlinkSync(g.path);
        } catch {
          /* gone already */
        }
        this.segments = this.segments.filter((x) => x !== g);
      }
    }
    if (this.overCap && !this.overBudget()) this.overCap = false;
  }

  /** Hand what is pending to the OS now (a process crash no longer loses it; no fsync). */
  writeNow(): void {
    this.writePending();
  }

  /** Write what is pending and fsync it. */
  flush(): void {
    this.writePending();
    if (this.active && this.dirty) {
      try {
        fsyncSync(this.active.fd);
        this.s.fsyncs++;
        this.dirty = false;
      } catch (err) {
        this.o.onError?.(err);
      }
    }
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    if (this.active) closeSync(this.active.fd);
    this.active = undefined;
  }

  private overBudget(): boolean {
    const bytes = this.segments.reduce((n, g) => n + g.bytes, 0);
    if (bytes < this.o.maxBytes) return false;
    if (!this.overCap) {
      this.overCap = true;
      this.o.onError?.(
        new Error(
          `intake journal ${this.o.dir} reached its cap of ${this.o.maxBytes} bytes (the checkpoint is not advancing); ` +
            'lines are processed without a journal copy until it does',
        ),
      );
    }
    return true;
  }

  private writePending(): void {
    this.scheduled = false;
    if (this.pending.length === 0) return;
    const buf = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
    const count = this.pending.length;
    this.pending = [];
    let seg: Segment | undefined;
    try {
      if (!this.active || this.active.seg.bytes >= this.o.segmentBytes)
        this.roll(this.pendingFirst);
      const a = this.active!;
      seg = a.seg;
      let off = 0;
      while (off < buf.length) off += writeSync(a.fd, buf, off);
      seg.bytes += buf.length;
      seg.last = this.pendingLast;
      this.dirty = true;
      this.s.appended += count;
      this.s.blocked = false;
    } catch (err) {
      // No space or an I/O error: keep the segment whole (cut a partial write off), count these
      // records as unjournaled, and stop writing until unblock() (the disk guard's recovery).
      if (seg && this.active) {
        try {
          ftruncateSync(this.active.fd, seg.bytes);
        } catch {
          /* a torn tail is found and quarantined at the next start */
        }
      }
      this.s.unjournaled += count;
      this.s.writeErrors++;
      this.s.blocked = true;
      this.retryAt = Date.now() + RETRY_MS;
      this.o.onError?.(err);
    }
  }

  private sync(): void {
    if (!this.active || !this.dirty || this.fsyncing) return;
    this.dirty = false;
    this.fsyncing = true;
    fsync(this.active.fd, (err) => {
      this.fsyncing = false;
      if (err && err.code !== 'EBADF') this.o.onError?.(err);
      else if (!err) this.s.fsyncs++;
    });
  }

  private roll(firstSeq: number): void {
    if (this.active) {
      try {
        fsyncSync(this.active.fd);
      } finally {
        closeSync(this.active.fd);
        this.active = undefined;
      }
    }
    const path = join(this.o.dir, `jr-${String(firstSeq).padStart(16, '0')}.journal`);
    const fd = openSync(path, 'a');
    fsyncDir(this.o.dir);
    const seg = { first: firstSeq, last: firstSeq - 1, path, bytes: 0 };
    this.segments.push(seg);
    this.active = { seg, fd };
  }

  private readCheckpoint(): number {
    const file = join(this.o.dir, CHECKPOINT);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return 0;
    }
    try {
      const v = JSON.parse(text) as { seq?: unknown };
      if (typeof v.seq === 'number' && Number.isSafeInteger(v.seq) && v.seq >= 0) return v.seq;
      throw new Error('"seq" is not a non-negative integer');
    } catch (err) {
      // Replaying everything retained is safe (the replay skips what the store holds).
      this.problem({
        kind: 'checkpoint',
        file,
        offset: 0,
        reason: `unreadable checkpoint (${(err as Error).message}); everything retained is replayed`,
        quarantined: this.moveAside(file),
      });
      return 0;
    }
  }

  private scan(path: string, first: number): void {
    const st = lstatSync(path);
    if (!st.isFile()) {
      this.problem({
        kind: 'segment',
        file: path,
        offset: 0,
        reason: `not a regular file (${st.isDirectory() ? 'a directory' : 'a special file'})`,
        quarantined: this.moveAside(path),
      });
      return;
    }
    let data: Buffer;
    try {
      data = readFileSync(path);
    } catch (err) {
      this.problem({
        kind: 'segment',
        file: path,
        offset: 0,
        reason: `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
        quarantined: this.moveAside(path),
      });
      return;
    }
    const seg: Segment = { first, last: first - 1, path, bytes: data.length };
    let offset = 0;
    while (offset < data.length) {
      const damage = checkFrame(data, offset);
      if (damage) {
        const q = this.quarantinePath(path, offset, 'tail');
        try {
          writeFileSync(q, data.subarray(offset));
          truncateSync(path, offset);
          seg.bytes = offset;
        } catch {
          /* reported below all the same; the next start finds it again */
        }
        this.problem({ kind: 'tail', file: path, offset, reason: damage, quarantined: q });
        break;
      }
      const len = data.readUInt32LE(offset + 4);
      const e = decodeBody(data.subarray(offset + HEADER, offset + HEADER + len));
      if (typeof e === 'string') {
        const q = this.quarantinePath(path, offset, 'record');
        writeFileSync(q, data.subarray(offset, offset + HEADER + len));
        this.problem({ kind: 'record', file: path, offset, reason: e, quarantined: q });
      } else {
        if (e.seq > seg.last) seg.last = e.seq;
        if (e.seq > this.s.lastSeq) this.s.lastSeq = e.seq;
        // Copy: the entry must not pin the whole segment buffer.
        if (e.seq > this.s.checkpointSeq)
          this.backlogEntries.push({ ...e, line: Buffer.from(e.line) });
      }
      offset += HEADER + len;
    }
    this.segments.push(seg);
  }

  private problem(p: JournalProblem): void {
    this.s.quarantined++;
    this.problems.push(p);
    this.o.onProblem?.(p);
  }

  private quarantinePath(path: string, offset: number, what: string): string {
    const qdir = join(this.o.dir, 'quarantine');
    mkdirSync(qdir, { recursive: true });
    return join(qdir, `${Date.now()}-${path.split('/').pop()!}@${offset}.${what}`);
  }

  private moveAside(path: string): string {
    const to = this.quarantinePath(path, 0, 'moved');
    try {
      renameSync(path, to);
    } catch {
      copyFileSync(path, to);
    }
    return to;
  }
}
