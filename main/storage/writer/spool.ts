// The writer's disk spool: where batches wait while the database is unreachable.
//
// Layout: <dir>/seg-<seq>.spool, append-only; <dir>/quarantine/ for what cannot be replayed.
// A record is one batch:  "J4SP" | u32 LE payload length | u32 LE CRC-32 of payload | payload
// where the payload is JSON { token, since, rows }. Segments roll over at segmentBytes and are
// deleted once every record in them is in the database.
//
// Durability (fsync policy): with fsync 'batch' (the default) every appended record is fsync'd
// before append() returns, so a batch reported spooled survives kill -9 and power loss; with
// 'none' the OS decides (survives a process crash, not a power cut). Records are replayed in
// append order; a replayed record that had already landed is dropped by the server thanks to its
// insert_deduplication_token.
//
// A record that fails its length or checksum stops the replay of that segment: the records
// before it are replayed, the segment file is moved to quarantine/ and reported (never deleted).
// A torn last record (the process died mid-write) is reported the same way.
// A record whose checksum is right but whose body is not a batch (not JSON, `rows` not an array
// of objects, no token) is poison, not damage: it alone is copied to quarantine/ with its reason
// and the rest of the segment replays. A segment path that is not a regular file (a directory, a
// FIFO) or cannot be read is moved aside the same way. Nothing found on disk can stop the replay.
import {
  closeSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  lstatSync,
  renameSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { fsyncDir } from '../../../correlation-worker/src/journal/fsync-dir.js';
import { crc32 } from 'node:zlib';

const MAGIC = Buffer.from('J4SP');
const HEADER = 12;
/** Bytes before a record's JSON payload (marker, length, CRC). */
export const SPOOL_HEADER = HEADER;

export interface SpoolRecord<Row> {
  token: string;
  since: number;
  rows: Row[];
}

export interface SpoolOptions {
  dir: string;
  /** Total bytes the spool may hold; appends beyond it are refused (the writer then waits). */
  maxBytes?: number;
  segmentBytes?: number;
  fsync?: 'batch' | 'none';
}

export interface CorruptSegment {
  /** 'segment': the whole file was moved aside; 'record': one record was, the rest replayed. */
  kind: 'segment' | 'record';
  file: string;
  offset: number;
  reason: string;
  recordsBefore: number;
  /** Where the quarantined bytes are now. */
  quarantined: string;
}

interface Segment {
  seq: number;
  path: string;
  bytes: number;
}

const SEGMENT_RE = /^seg-(\d{16})\.spool$/;

export class Spool<Row> {
  readonly dir: string;
  readonly maxBytes: number;
  private readonly segmentBytes: number;
  private readonly fsync: 'batch' | 'none';
  private segments: Segment[] = [];
  private active: { seg: Segment; fd: number } | undefined;
  private nextSeq = 1;
  bytes = 0;
  oldestSince = 0;
  /** Segment paths found unusable when the spool opened (moved aside); the writer reports them. */
  readonly openProblems: CorruptSegment[] = [];

  constructor(o: SpoolOptions) {
    this.dir = o.dir;
    this.maxBytes = o.maxBytes ?? 1024 ** 3;
    this.segmentBytes = o.segmentBytes ?? 16 * 1024 ** 2;
    this.fsync = o.fsync ?? 'batch';
    mkdirSync(this.dir, { recursive: true });
    for (const name of readdirSync(this.dir).sort()) {
      const m = SEGMENT_RE.exec(name);
      if (!m) continue;
      const path = join(this.dir, name);
      const st = lstatSync(path);
      if (!st.isFile()) {
        const quarantined = this.moveAside(path);
        this.openProblems.push({
          kind: 'segment',
          file: path,
          offset: 0,
          reason: `not a regular file (${st.isDirectory() ? 'a directory' : 'a special file'})`,
          recordsBefore: 0,
          quarantined,
        });
        continue;
      }
      const seg = { seq: Number(m[1]), path, bytes: st.size };
      this.segments.push(seg);
      this.bytes += seg.bytes;
      this.nextSeq = Math.max(this.nextSeq, seg.seq + 1);
    }
    if (this.segments.length > 0) this.oldestSince = this.peekSince(this.segments[0]!);
  }

  get segmentCount(): number {
    return this.segments.length;
  }

  get empty(): boolean {
    return this.segments.length === 0;
  }

  /** Encoded size of a record, to check the cap before appending. */
  static encode<Row>(rec: SpoolRecord<Row>): Buffer {
    const payload = Buffer.from(JSON.stringify(rec));
    const header = Buffer.alloc(HEADER);
    MAGIC.copy(header, 0);
    header.writeUInt32LE(payload.length, 4);
    header.writeUInt32LE(crc32(payload), 8);
    return Buffer.concat([header, payload]);
  }

  /** Append one batch; false (nothing written) when it would exceed maxBytes. */
  append(rec: SpoolRecord<Row>): boolean {
    const buf = Spool.encode(rec);
    if (this.bytes + buf.length > this.maxBytes && this.bytes > 0) return false;
    if (!this.active || this.active.seg.bytes >= this.segmentBytes) this.roll();
    const a = this.active!;
    try {
      writeSync(a.fd, buf);
      if (this.fsync === 'batch') fsyncSync(a.fd);
    } catch (err) {
      // No space (or an I/O error) part-way: cut the partial record off so the segment stays
      // whole, and let the writer wait and retry.
      try {
        ftruncateSync(a.fd, a.seg.bytes);
      } catch {
        /* the replay reports a torn tail if this failed too */
      }
      throw err;
    }
    a.seg.bytes += buf.length;
    this.bytes += buf.length;
    if (this.segments.length === 1 && a.seg.bytes === buf.length) this.oldestSince = rec.since;
    return true;
  }

  private roll(): void {
    this.closeActive();
    const seq = this.nextSeq++;
    const seg = {
      seq,
      path: join(this.dir, `seg-${String(seq).padStart(16, '0')}.spool`),
      bytes: 0,
    };
    const fd = openSync(seg.path, 'a');
    if (this.fsync === 'batch') fsyncDir(this.dir);
    this.segments.push(seg);
    this.active = { seg, fd };
  }

  private closeActive(): void {
    if (!this.active) return;
    closeSync(this.active.fd);
    this.active = undefined;
  }

  /**
   * Replay the oldest segment: `send` each record in order (it throws to stop). The segment is
   * deleted once all its records were sent. Returns false when the spool is empty.
   */
  async replayOldest(
    send: (rec: SpoolRecord<Row>) => Promise<void>,
    onCorrupt: (c: CorruptSegment) => void,
  ): Promise<boolean> {
    const seg = this.segments[0];
    if (!seg) return false;
    // Appends go to a new segment while this one is replayed.
    if (this.active?.seg === seg) this.closeActive();
    let data: Buffer;
    try {
      data = readFileSync(seg.path);
    } catch (err) {
      const quarantined = this.quarantine(seg);
      onCorrupt({
        kind: 'segment',
        file: seg.path,
        offset: 0,
        reason: `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
        recordsBefore: 0,
        quarantined,
      });
      return true;
    }
    let offset = 0;
    let records = 0;
    while (offset < data.length) {
      const problem = checkRecord(data, offset);
      if (problem) {
        const quarantined = this.quarantine(seg);
        onCorrupt({
          kind: 'segment',
          file: seg.path,
          offset,
          reason: problem,
          recordsBefore: records,
          quarantined,
        });
        return true;
      }
      const len = data.readUInt32LE(offset + 4);
      const body = data.subarray(offset + HEADER, offset + HEADER + len);
      const rec = decodeRecord<Row>(body);
      if (typeof rec === 'string') {
        const quarantined = this.quarantineRecord(
          seg,
          offset,
          data.subarray(offset, offset + HEADER + len),
        );
        onCorrupt({
          kind: 'record',
          file: seg.path,
          offset,
          reason: rec,
          recordsBefore: records,
          quarantined,
        });
      } else {
        await send(rec);
      }
      offset += HEADER + len;
      records++;
    }
    this.drop(seg);
    unlinkSync(seg.path);
    return true;
  }

  private drop(seg: Segment): void {
    this.segments = this.segments.filter((s) => s !== seg);
    this.bytes -= seg.bytes;
    this.oldestSince = this.segments[0] ? this.peekSince(this.segments[0]) : 0;
  }

  private quarantine(seg: Segment): string {
    const to = this.moveAside(seg.path);
    this.drop(seg);
    return to;
  }

  private moveAside(path: string): string {
    const qdir = join(this.dir, 'quarantine');
    mkdirSync(qdir, { recursive: true });
    const to = join(qdir, `${Date.now()}-${path.split('/').pop()!}`);
    renameSync(path, to);
    return to;
  }

  /** Copy one poisoned record (header included, so it can be inspected as it was) aside. */
  private quarantineRecord(seg: Segment, offset: number, bytes: Buffer): string {
    const qdir = join(this.dir, 'quarantine');
    mkdirSync(qdir, { recursive: true });
    const to = join(qdir, `${Date.now()}-${seg.path.split('/').pop()!}@${offset}.record`);
    writeFileSync(to, bytes);
    return to;
  }

  /** `since` of the segment's first record, reading only that record (segments run to 16 MB). */
  private peekSince(seg: Segment): number {
    let fd: number | undefined;
    try {
      fd = openSync(seg.path, 'r');
      const size = fstatSync(fd).size;
      const header = Buffer.alloc(HEADER);
      if (readSync(fd, header, 0, HEADER, 0) < HEADER) return Date.now();
      const len = header.readUInt32LE(4);
      if (HEADER + len > size) return Date.now();
      const data = Buffer.alloc(HEADER + len);
      header.copy(data);
      if (readSync(fd, data, HEADER, len, HEADER) < len || checkRecord(data, 0)) return Date.now();
      return (JSON.parse(data.subarray(HEADER).toString('utf8')) as SpoolRecord<Row>).since;
    } catch {
      return Date.now();
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  close(): void {
    this.closeActive();
  }
}

/** The batch in a record body, or why it is not one. */
function decodeRecord<Row>(body: Buffer): SpoolRecord<Row> | string {
  let v: unknown;
  try {
    v = JSON.parse(body.toString('utf8'));
  } catch (err) {
    return `body is not JSON (${(err as Error).message})`;
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return 'body is not a JSON object';
  const r = v as Record<string, unknown>;
  if (typeof r.token !== 'string' || r.token.length === 0)
    return '"token" is not a non-empty string';
  if (!Array.isArray(r.rows))
    return `"rows" is ${r.rows === null ? 'null' : typeof r.rows}, not an array`;
  const bad = r.rows.findIndex((x) => x === null || typeof x !== 'object' || Array.isArray(x));
  if (bad >= 0) return `"rows"[${bad}] is not an object`;
  return {
    token: r.token,
    since: typeof r.since === 'number' ? r.since : Date.now(),
    rows: r.rows as Row[],
  };
}

function checkRecord(data: Buffer, offset: number): string | undefined {
  if (data.length - offset < HEADER)
    return `torn record header (${data.length - offset} bytes at the end)`;
  if (!data.subarray(offset, offset + 4).equals(MAGIC)) return 'bad record marker';
  const len = data.readUInt32LE(offset + 4);
  if (offset + HEADER + len > data.length)
    return `torn record (${len} bytes announced, ${data.length - offset - HEADER} present)`;
  const crc = data.readUInt32LE(offset + 8);
  if (crc32(data.subarray(offset + HEADER, offset + HEADER + len)) !== crc)
    return 'checksum mismatch';
  return undefined;
}
