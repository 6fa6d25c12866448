// Record writers for `ja4ws fingerprint`: JSON lines (streamed), CSV (streamed, fixed columns,
// lists joined with ';', formula-safe), and an aligned table (buffered: column widths need every row).
import { Buffer } from 'node:buffer';
import type { ConnectionRecord } from '../../../common/events/connection.js';
import { csvLine } from '../../../common/util/csv.js';
import { RECORD_KEY_ORDER } from '../engine/record.js';

export type OutputFormat = 'jsonl' | 'csv' | 'table';

// Columns in the record's own key order; these stay out of the CSV: bookkeeping (sensor, phase,
// ts_us), TLS details the JA4's a part already spells (version, cipher count, ALPN), and the
// extra-hello variants.
const CSV_OMITS: ReadonlySet<string> = new Set([
  'sensor',
  'phase',
  'ts_us',
  'alpn',
  'tls_version',
  'cipher_count',
  'ja4_additional_variants',
  'ja3_additional',
  'ja3_full_additional',
  'ja3s_additional',
  'ja3s_full_additional',
]);
export const CSV_COLUMNS: readonly string[] = RECORD_KEY_ORDER.filter((k) => !CSV_OMITS.has(k));

const TABLE_COLUMNS = [
  'pcap',
  'stream',
  'transport',
  'src',
  'src_port',
  'dst',
  'dst_port',
  'tls_server_name',
  'ja4',
  'ja4s',
  'ja3',
  'ja4h',
  'ja4t',
  'ja4ts',
] as const;

function cell(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return v.join(';');
  return String(v);
}

/**
 * Joins small writes into chunks of about `limit` bytes: stdout to a pipe or a file is a
 * synchronous write(2) per call on Linux, and one per record cost more than the record's JSON on
 * handshake-heavy captures (13.8k records of ~1.2 KB). Call flush() at the end of each file.
 *
 * Each string is encoded as UTF-8 straight into the chunk, instead of joining the strings into a
 * 64 KB string that was then flattened and encoded into a new Buffer (peak RSS on the x200
 * benchmark file 116-122 MB against 125-127 MB, time the same; docs/handshake-heavy-speed.md).
 * A chunk given to `out` is never written again (the next one is a new buffer), so `out` may
 * keep it, as an asynchronous stream does.
 */
export function batched(
  out: (chunk: Buffer) => void,
  limit = 1 << 16,
): { write: (s: string) => void; flush: () => void } {
  let buf: Buffer | null = null;
  let len = 0;
  const flush = (): void => {
    if (buf !== null && len > 0) out(buf.subarray(0, len));
    buf = null;
    len = 0;
  };
  return {
    write: (s) => {
      // UTF-8 takes at most 3 bytes per UTF-16 code unit (a surrogate pair: 4 for 2).
      const most = 3 * s.length;
      if (buf !== null && len + most > limit) flush();
      if (most > limit) {
        out(Buffer.from(s, 'utf8'));
        return;
      }
      buf ??= Buffer.allocUnsafe(limit);
      len += buf.write(s, len, 'utf8');
    },
    flush,
  };
}

export interface RecordWriter {
  write(r: ConnectionRecord): void;
  end(): void;
}

export function createWriter(format: OutputFormat, out: (s: string) => void): RecordWriter {
  if (format === 'jsonl') return { write: (r) => out(JSON.stringify(r) + '\n'), end: () => {} };
  if (format === 'csv') {
    out(csvLine(CSV_COLUMNS) + '\n');
    return {
      // Formula-safe cells (common/util/csv.ts): SNI and file names are chosen by whoever sent
      // the traffic.
      write: (r) => out(csvLine(CSV_COLUMNS.map((c) => (r as Record<string, unknown>)[c])) + '\n'),
      end: () => {},
    };
  }
  const rows: string[][] = [];
  return {
    write: (r) => rows.push(TABLE_COLUMNS.map((c) => cell((r as Record<string, unknown>)[c]))),
    end: () => {
      const all = [TABLE_COLUMNS.map(String), ...rows];
      const w = TABLE_COLUMNS.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
      for (const row of all)
        out(
          row
            .map((c, i) => c.padEnd(w[i] ?? 0))
            .join('  ')
            .trimEnd() + '\n',
        );
    },
  };
}
