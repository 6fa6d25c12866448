// Record writers for `ja4ws fingerprint`: JSON lines (streamed), CSV (streamed, fixed columns,
// lists joined with ';'), and an aligned table (buffered: column widths need every row).
import type { ConnectionRecord } from '../../../common/events/connection.js';

export type OutputFormat = 'jsonl' | 'csv' | 'table';

export const CSV_COLUMNS = [
  'pcap',
  'stream',
  'transport',
  'src',
  'src_port',
  'dst',
  'dst_port',
  'tls_server_name',
  'ja4',
  'ja4_r',
  'ja4_o',
  'ja4_ro',
  'ja4_additional',
  'ja4s',
  'ja4s_r',
  'ja3',
  'ja3_full',
  'ja3s',
  'ja3s_full',
  'ja4h',
  'ja4h_r',
  'ja4h_ro',
  'ja4x',
  'ja4x_r',
  'ja4t',
  'ja4ts',
  'ja4l_c',
  'ja4l_s',
  'client_ttl',
  'server_ttl',
  'ja4ssh',
] as const;

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

function csvQuote(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export interface RecordWriter {
  write(r: ConnectionRecord): void;
  end(): void;
}

export function createWriter(format: OutputFormat, out: (s: string) => void): RecordWriter {
  if (format === 'jsonl') return { write: (r) => out(JSON.stringify(r) + '\n'), end: () => {} };
  if (format === 'csv') {
    out(CSV_COLUMNS.join(',') + '\n');
    return {
      write: (r) =>
        out(
          CSV_COLUMNS.map((c) => csvQuote(cell((r as Record<string, unknown>)[c]))).join(',') +
            '\n',
        ),
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
