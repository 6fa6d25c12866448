// TabSeparated encoding of tls_handshakes rows in table column order, for the raw insert path.
// Escapes per ClickHouse's TSV: backslash, tab, newline; arrays as ['a','b'] with quoted strings.
import type { TlsHandshakeRow } from '../../main/storage/rows/tls-handshake.js';

const esc = (s: string): string =>
  /[\\\t\n']/.test(s)
    ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/'/g, "\\'")
    : s;
const arr = (a: readonly string[]): string =>
  a.length === 0 ? '[]' : `[${a.map((x) => `'${esc(x)}'`).join(',')}]`;
const nul = (v: number | null): string => (v === null ? '\\N' : String(v));
const variants = (a: TlsHandshakeRow['ja4_additional_variants']): string =>
  a.length === 0
    ? '[]'
    : `[${a.map((v) => `('${esc(v.ja4_r)}','${esc(v.ja4_o)}','${esc(v.ja4_ro)}')`).join(',')}]`;

export const TSV_COLUMNS = [
  'ts',
  'sensor',
  'pcap',
  'phase',
  'stream',
  'transport',
  'src_ip',
  'src_port',
  'dst_ip',
  'dst_port',
  'tls_server_name',
  'alpn',
  'tls_version',
  'cipher_count',
  'ja4',
  'ja4_r',
  'ja4_o',
  'ja4_ro',
  'ja4_additional',
  'ja4_additional_variants',
  'ja4s',
  'ja4s_r',
  'ja3',
  'ja3_full',
  'ja3s',
  'ja3s_full',
  'ja3_additional',
  'ja3_full_additional',
  'ja3s_additional',
  'ja3s_full_additional',
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

/** One TSV line per row, columns as TSV_COLUMNS (ingested_at is left to its DEFAULT). */
export function encodeTsv(rows: readonly TlsHandshakeRow[]): Buffer {
  const lines: string[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    lines[i] = [
      r.ts,
      esc(r.sensor),
      esc(r.pcap),
      r.phase,
      r.stream,
      r.transport,
      r.src_ip,
      r.src_port,
      r.dst_ip,
      r.dst_port,
      esc(r.tls_server_name),
      esc(r.alpn),
      esc(r.tls_version),
      nul(r.cipher_count),
      esc(r.ja4),
      esc(r.ja4_r),
      esc(r.ja4_o),
      esc(r.ja4_ro),
      arr(r.ja4_additional),
      variants(r.ja4_additional_variants),
      esc(r.ja4s),
      esc(r.ja4s_r),
      esc(r.ja3),
      esc(r.ja3_full),
      esc(r.ja3s),
      esc(r.ja3s_full),
      arr(r.ja3_additional),
      arr(r.ja3_full_additional),
      arr(r.ja3s_additional),
      arr(r.ja3s_full_additional),
      arr(r.ja4h),
      arr(r.ja4h_r),
      arr(r.ja4h_ro),
      arr(r.ja4x),
      arr(r.ja4x_r),
      esc(r.ja4t),
      esc(r.ja4ts),
      esc(r.ja4l_c),
      esc(r.ja4l_s),
      nul(r.client_ttl),
      nul(r.server_ttl),
      arr(r.ja4ssh),
    ].join('\t');
  }
  return Buffer.from(lines.join('\n') + '\n');
}
