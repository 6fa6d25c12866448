// Start-up check of a packet store directory: every index entry must point at a whole record.
// Index lines are written only after their bytes are synced, but a disk can still lose a file's
// tail (or someone truncates it); such entries are removed from the index (rewritten atomically)
// and counted, so no reader is ever sent to missing bytes. Only entries near the end of a segment
// can be torn; the others are checked against the size alone.
import {
  closeSync,
  existsSync,
  fstatSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import {
  MAX_RECORD_DATA,
  parseIndexLine,
  readRecordHeader,
  RECORD_HEADER,
  segmentName,
  segmentSeq,
  type IndexLine,
} from './format.js';

export interface SegmentInfo {
  seq: number;
  /** Segment + index bytes. */
  bytes: number;
  /** Last write (wall clock), for the retention. */
  mtimeMs: number;
}

export interface RecoveryResult {
  segments: SegmentInfo[];
  repaired: number;
}

/** Whether the record at `off` lies wholly inside the segment (reads its header near the end). */
export function recordIntact(fd: number, size: number, off: number, hdr: Buffer): boolean {
  if (!Number.isInteger(off) || off < 0 || off + RECORD_HEADER > size) return false;
  if (off + RECORD_HEADER + MAX_RECORD_DATA <= size) return true;
  if (readSync(fd, hdr, 0, RECORD_HEADER, off) !== RECORD_HEADER) return false;
  const h = readRecordHeader(hdr, 0);
  return h !== null && off + h.length <= size;
}

function repairIndex(dir: string, seq: number): number {
  const base = join(dir, segmentName(seq));
  const idx = `${base}.idx`;
  if (!existsSync(idx)) return 0;
  const text = readFileSync(idx, 'utf8');
  let fd: number;
  try {
    fd = openSync(`${base}.pkt`, 'r');
  } catch {
    fd = -1;
  }
  const size = fd >= 0 ? fstatSync(fd).size : 0;
  const hdr = Buffer.alloc(RECORD_HEADER);
  let removed = 0;
  const kept: IndexLine[] = [];
  try {
    const lines = text.split('\n');
    // A torn last line (no newline) is garbage, not an entry.
    for (const [i, raw] of lines.entries()) {
      const line = parseIndexLine(raw);
      if (line === null) {
        if (raw.length > 0 && i === lines.length - 1) removed++;
        continue;
      }
      const o = fd >= 0 ? line.o.filter((off) => recordIntact(fd, size, off, hdr)) : [];
      removed += line.o.length - o.length;
      kept.push({ ...line, o });
    }
  } finally {
    if (fd >= 0) closeSync(fd);
  }
  if (removed > 0) {
    const tmp = `${idx}.tmp`;
    writeFileSync(tmp, kept.map((l) => `${JSON.stringify(l)}\n`).join(''));
    renameSync(tmp, idx);
  }
  return removed;
}

export function recoverStore(dir: string): RecoveryResult {
  const seqs = new Set<number>();
  for (const f of readdirSync(dir)) {
    const s = segmentSeq(f);
    if (s !== null) seqs.add(s);
    else if (f.endsWith('.idx.tmp')) unlinkSync(join(dir, f));
  }
  let repaired = 0;
  const segments: SegmentInfo[] = [];
  for (const seq of [...seqs].sort((a, b) => a - b)) {
    repaired += repairIndex(dir, seq);
    let bytes = 0;
    let mtimeMs = 0;
    for (const ext of ['pkt', 'idx']) {
      try {
        const st = statSync(join(dir, `${segmentName(seq)}.${ext}`));
        bytes += st.size;
        mtimeMs = Math.max(mtimeMs, st.mtimeMs);
      } catch {
        /* one of the pair may be missing */
      }
    }
    segments.push({ seq, bytes, mtimeMs });
  }
  return { segments, repaired };
}
