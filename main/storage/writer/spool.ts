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
import {
  closeSync,
  fstatSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';

const MAGIC = Buffer.from('J4SP');
const HEADER = 12;

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
  file: string;
  offset: number;
  reason: string;
  recordsBefore: number;
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

  constructor(o: SpoolOptions) {
    this.dir = o.dir;
    this.maxBytes = o.maxBytes ?? 1024 ** 3;
    this.segmentBytes = o.segmentBytes ?? 16 * 1024 ** 2;
    this.fsync = o.fsync ?? 'batch';
    mkdirSync(this.dir, { recursive: true });
    for (const name of readdirSync(this.dir).sort()) {
      const m = SEGMENT_RE.exec(name);
      if (!m) continue;
      const seg = {
        seq: Number(m[1]),
        path: join(this.dir, name),
        bytes: statSync(join(this.dir, name)).size,
      };
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
    writeSync(a.fd, buf);
    if (this.fsync === 'batch') fsyncSync(a.fd);
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
    const data = readFileSync(seg.path);
    let offset = 0;
    let records = 0;
    while (offset < data.length) {
      const problem = checkRecord(data, offset);
      if (problem) {
        this.quarantine(seg);
        onCorrupt({ file: seg.path, offset, reason: problem, recordsBefore: records });
        return true;
      }
      const len = data.readUInt32LE(offset + 4);
      const rec = JSON.parse(
        data.subarray(offset + HEADER, offset + HEADER + len).toString('utf8'),
      ) as SpoolRecord<Row>;
      await send(rec);
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

  private quarantine(seg: Segment): void {
    const qdir = join(this.dir, 'quarantine');
    mkdirSync(qdir, { recursive: true });
    renameSync(seg.path, join(qdir, `${Date.now()}-${seg.path.split('/').pop()!}`));
    this.drop(seg);
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

function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    fsyncSync(fd);
    closeSync(fd);
  } catch {
    /* not supported on every platform */
  }
}
