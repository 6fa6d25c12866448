// Reads connections' packets back from live packet store directories (one per capture worker).
// The index is scanned for the wanted connection ids only; every record is checked (magic,
// length, inside the file) before it is returned, so a segment deleted by the retention or torn
// by a crash yields "missing" packets, counted, never an exception or garbage.
import { existsSync, readdirSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  parseIndexLine,
  readRecordHeader,
  RECORD_HEADER,
  segmentName,
  segmentSeq,
} from './format.js';

export interface StoredPacket {
  tsSec: number;
  tsNsec: number;
  linkType: number;
  origLen: number;
  dir: 0 | 1;
  data: Uint8Array;
}

export interface StoredConnection {
  id: string;
  /** Segment file and record offsets, in write order. */
  refs: { file: string; offsets: number[] }[];
  /** [packets, bytes] beyond the per-direction cap: [p0, b0, p1, b1]. */
  skipped: [number, number, number, number];
  lost: number;
  ended: boolean;
}

/** Live store directories under `root` (<dataDir>/packets): every subdirectory but `imports`. */
export function liveStoreDirs(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== 'imports')
    .map((d) => join(root, d.name));
}

export async function lookupStored(
  dirs: readonly string[],
  ids: ReadonlySet<string>,
): Promise<Map<string, StoredConnection>> {
  const out = new Map<string, StoredConnection>();
  for (const dir of dirs) {
    let files: string[];
    try {
      files = readdirSync(dir);
    } catch {
      continue;
    }
    const seqs = files
      .filter((f) => f.endsWith('.idx'))
      .map((f) => segmentSeq(f))
      .filter((s): s is number => s !== null)
      .sort((a, b) => a - b);
    for (const seq of seqs) {
      let text: string;
      try {
        text = await readFile(join(dir, `${segmentName(seq)}.idx`), 'utf8');
      } catch {
        continue; // deleted by the retention meanwhile
      }
      for (const raw of text.split('\n')) {
        // Cheap pre-filter before JSON: the id appears verbatim in its lines.
        const q = raw.indexOf('"c":"');
        if (q < 0) continue;
        const end = raw.indexOf('"', q + 5);
        if (!ids.has(raw.slice(q + 5, end))) continue;
        const l = parseIndexLine(raw);
        if (l === null) continue;
        let c = out.get(l.c);
        if (c === undefined) {
          c = { id: l.c, refs: [], skipped: [0, 0, 0, 0], lost: 0, ended: false };
          out.set(l.c, c);
        }
        if (l.o.length > 0) {
          const file = join(dir, `${segmentName(seq)}.pkt`);
          const last = c.refs.at(-1);
          if (last?.file === file) last.offsets.push(...l.o);
          else c.refs.push({ file, offsets: [...l.o] });
        }
        if (l.s) for (let i = 0; i < 4; i++) c.skipped[i] = Math.max(c.skipped[i]!, l.s[i] ?? 0);
        c.lost = Math.max(c.lost, l.l ?? 0);
        if (l.e === 1) c.ended = true;
      }
    }
  }
  return out;
}

/** The connection's packets in stored order; `missing` counts index entries whose bytes are gone. */
export async function readStored(
  c: StoredConnection,
): Promise<{ packets: StoredPacket[]; missing: number }> {
  const packets: StoredPacket[] = [];
  let missing = 0;
  const hdr = Buffer.alloc(RECORD_HEADER);
  for (const ref of c.refs) {
    let fh;
    try {
      fh = await open(ref.file, 'r');
    } catch {
      missing += ref.offsets.length;
      continue;
    }
    try {
      const size = (await fh.stat()).size;
      for (const off of ref.offsets) {
        const got = off + RECORD_HEADER <= size ? await fh.read(hdr, 0, RECORD_HEADER, off) : null;
        const h = got?.bytesRead === RECORD_HEADER ? readRecordHeader(hdr, 0) : null;
        if (h === null || off + h.length > size) {
          missing++;
          continue;
        }
        const data = Buffer.alloc(h.length - RECORD_HEADER);
        const r = await fh.read(data, 0, data.length, off + RECORD_HEADER);
        if (r.bytesRead !== data.length) {
          missing++;
          continue;
        }
        packets.push({ ...h, data });
      }
    } finally {
      await fh.close();
    }
  }
  return { packets, missing };
}
