// One intake journal record on disk:  "J4JR" | u32 LE body length | u32 LE CRC-32 of body | body
// body = {"q":<seq>,"s":"<source>","t":<ms epoch>} "\n" <the line's bytes as received>
// The line stays raw bytes (not re-encoded), so a replay sees exactly what the socket delivered,
// invalid UTF-8 included, and is judged by the same decoder.
import { crc32 } from 'node:zlib';

export const MAGIC = Buffer.from('J4JR');
export const HEADER = 12;

export interface JournalEntry {
  seq: number;
  source: string;
  /** When it was read (ms epoch). */
  at: number;
  line: Buffer;
}

const quoted = new Map<string, string>();

export function encodeRecord(e: JournalEntry): Buffer {
  // Hot path (once per ingested line): one allocation, the header written in place, the
  // source's JSON form cached.
  let s = quoted.get(e.source);
  if (s === undefined) {
    s = JSON.stringify(e.source);
    if (quoted.size < 1024) quoted.set(e.source, s);
  }
  const head = `{"q":${e.seq},"s":${s},"t":${e.at}}\n`;
  const headLen = Buffer.byteLength(head);
  const len = headLen + e.line.length;
  const out = Buffer.allocUnsafe(HEADER + len);
  MAGIC.copy(out, 0);
  out.writeUInt32LE(len, 4);
  out.write(head, HEADER, 'utf8');
  e.line.copy(out, HEADER + headLen);
  out.writeUInt32LE(crc32(out.subarray(HEADER)), 8);
  return out;
}

/** Damage (bad marker, torn, checksum): the rest of the file cannot be trusted. */
export function checkFrame(data: Buffer, offset: number): string | undefined {
  if (data.length - offset < HEADER) return `torn record header (${data.length - offset} bytes)`;
  if (!data.subarray(offset, offset + 4).equals(MAGIC)) return 'bad record marker';
  const len = data.readUInt32LE(offset + 4);
  if (offset + HEADER + len > data.length)
    return `torn record (${len} bytes announced, ${data.length - offset - HEADER} present)`;
  if (
    crc32(data.subarray(offset + HEADER, offset + HEADER + len)) !== data.readUInt32LE(offset + 8)
  )
    return 'checksum mismatch';
  return undefined;
}

/** The entry in a well-framed body, or why it is not one (poison: skip it alone). */
export function decodeBody(body: Buffer): JournalEntry | string {
  const nl = body.indexOf(10);
  if (nl < 0) return 'no header line';
  let h: unknown;
  try {
    h = JSON.parse(body.subarray(0, nl).toString('utf8'));
  } catch (err) {
    return `header is not JSON (${(err as Error).message})`;
  }
  if (h === null || typeof h !== 'object' || Array.isArray(h)) return 'header is not an object';
  const { q, s, t } = h as Record<string, unknown>;
  if (typeof q !== 'number' || !Number.isSafeInteger(q) || q < 1)
    return '"q" (sequence) is not a positive integer';
  if (typeof s !== 'string' || s.length === 0) return '"s" (source) is not a non-empty string';
  if (typeof t !== 'number' || !Number.isFinite(t)) return '"t" (time) is not a number';
  return { seq: q, source: s, at: t, line: body.subarray(nl + 1) };
}
