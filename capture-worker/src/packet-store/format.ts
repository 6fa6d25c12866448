// On-disk format of the live packet store. A segment (`seg-<seq>.pkt`) is append-only records:
//   magic u32 'J4PK' | record length u32 (header + data) | ts seconds u32 | ts nanoseconds u32 |
//   original length u32 | link type u16 | direction u8 | reserved u8 | captured bytes
// all little-endian. Its index (`seg-<seq>.idx`) is JSON lines, one per connection and flush:
// { c: connection id, o: record offsets in this segment, s: [packets, bytes] not kept per
// direction (beyond the cap), l: packets lost (queue or disk full), e: 1 once the connection ended }.
// An index line is appended only after the bytes it points at are written and synced, so after a
// crash the index points at no missing bytes; recovery (recover.ts) still checks, for disks that
// lose a tail anyway.

export const RECORD_MAGIC = 0x4b50344a; // 'J4PK' little-endian
export const RECORD_HEADER = 24;
/** Largest captured length a record may claim (the worker's snaplen maximum). */
export const MAX_RECORD_DATA = 262_144;

export interface IndexLine {
  c: string;
  o: number[];
  s?: [number, number, number, number];
  l?: number;
  e?: 1;
}

export function segmentName(seq: number): string {
  return `seg-${String(seq).padStart(10, '0')}`;
}

export function segmentSeq(file: string): number | null {
  const m = /^seg-(\d{10})\.(pkt|idx)$/.exec(file);
  return m ? Number(m[1]) : null;
}

/** Parses an index line; null for a torn or foreign line (never throws). */
export function parseIndexLine(line: string): IndexLine | null {
  if (line.length === 0) return null;
  try {
    const v = JSON.parse(line) as Partial<IndexLine>;
    if (typeof v.c !== 'string' || !Array.isArray(v.o)) return null;
    return v as IndexLine;
  } catch {
    return null;
  }
}

export interface RecordHeader {
  length: number;
  tsSec: number;
  tsNsec: number;
  origLen: number;
  linkType: number;
  dir: 0 | 1;
}

/** The header at `off` of `b`, or null when it is not a record header. */
export function readRecordHeader(b: Uint8Array, off: number): RecordHeader | null {
  if (off + RECORD_HEADER > b.length) return null;
  const dv = new DataView(b.buffer, b.byteOffset + off, RECORD_HEADER);
  if (dv.getUint32(0, true) !== RECORD_MAGIC) return null;
  const length = dv.getUint32(4, true);
  if (length < RECORD_HEADER || length > RECORD_HEADER + MAX_RECORD_DATA) return null;
  return {
    length,
    tsSec: dv.getUint32(8, true),
    tsNsec: dv.getUint32(12, true),
    origLen: dv.getUint32(16, true),
    linkType: dv.getUint16(20, true),
    dir: (dv.getUint8(22) & 1) as 0 | 1,
  };
}
