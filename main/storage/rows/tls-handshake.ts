// ConnectionRecord (capture engine) <-> tls_handshakes row. The record's optional fields become
// empty strings / empty arrays / NULL so the columns stay non-Nullable where "absent" and "empty"
// mean the same for an analyst; cipher_count and TTLs keep NULL because 0 is a real value.
import type { ConnectionRecord } from '../../../common/events/connection.js';
import { displayIp, toStoredIp } from './ip.js';
import { dateTime64ToMicros, microsToDateTime64 } from './time.js';

export const TLS_HANDSHAKES = 'tls_handshakes';
/** Final records of live connections whose early row is in tls_handshakes (migrations/0014). */
export const TLS_HANDSHAKE_FINALS = 'tls_handshake_finals';

export interface TlsHandshakeRow {
  ts: string;
  sensor: string;
  pcap: string;
  phase: '' | 'handshake' | 'final';
  stream: number;
  transport: 'tcp' | 'udp';
  src_ip: string;
  src_port: number;
  dst_ip: string;
  dst_port: number;
  tls_server_name: string;
  alpn: string;
  tls_version: string;
  cipher_count: number | null;
  ja4: string;
  ja4_r: string;
  ja4_o: string;
  ja4_ro: string;
  ja4_additional: string[];
  ja4_additional_variants: { ja4_r: string; ja4_o: string; ja4_ro: string }[];
  ja4s: string;
  ja4s_r: string;
  ja3: string;
  ja3_full: string;
  ja3s: string;
  ja3s_full: string;
  ja3_additional: string[];
  ja3_full_additional: string[];
  ja3s_additional: string[];
  ja3s_full_additional: string[];
  ja4h: string[];
  ja4h_r: string[];
  ja4h_ro: string[];
  ja4x: string[];
  ja4x_r: string[];
  ja4t: string;
  ja4ts: string;
  ja4l_c: string;
  ja4l_s: string;
  client_ttl: number | null;
  server_ttl: number | null;
  ja4ssh: string[];
  /** What the connection spoke before its TLS (migrations/0015); '' when it began with TLS. */
  tls_upgrade: string;
}

// Compile-time guard: a field added to ConnectionRecord must get a column here (and a migration).
type Unmapped = Exclude<keyof ConnectionRecord, keyof TlsHandshakeRow | 'ts_us' | 'src' | 'dst'>;
const allMapped: [Unmapped] extends [never] ? true : Unmapped = true;
void allMapped;

export function handshakeToRow(r: ConnectionRecord, defaultSensor = ''): TlsHandshakeRow {
  return {
    ts: microsToDateTime64(r.ts_us),
    sensor: r.sensor ?? defaultSensor,
    pcap: r.pcap ?? '',
    phase: r.phase ?? '',
    stream: r.stream,
    transport: r.transport,
    src_ip: toStoredIp(r.src),
    src_port: r.src_port,
    dst_ip: toStoredIp(r.dst),
    dst_port: r.dst_port,
    tls_server_name: r.tls_server_name ?? '',
    alpn: r.alpn ?? '',
    tls_version: r.tls_version ?? '',
    cipher_count: r.cipher_count ?? null,
    ja4: r.ja4 ?? '',
    ja4_r: r.ja4_r ?? '',
    ja4_o: r.ja4_o ?? '',
    ja4_ro: r.ja4_ro ?? '',
    ja4_additional: r.ja4_additional ?? [],
    ja4_additional_variants: r.ja4_additional_variants ?? [],
    ja4s: r.ja4s ?? '',
    ja4s_r: r.ja4s_r ?? '',
    ja3: r.ja3 ?? '',
    ja3_full: r.ja3_full ?? '',
    ja3s: r.ja3s ?? '',
    ja3s_full: r.ja3s_full ?? '',
    ja3_additional: r.ja3_additional ?? [],
    ja3_full_additional: r.ja3_full_additional ?? [],
    ja3s_additional: r.ja3s_additional ?? [],
    ja3s_full_additional: r.ja3s_full_additional ?? [],
    ja4h: r.ja4h ?? [],
    ja4h_r: r.ja4h_r ?? [],
    ja4h_ro: r.ja4h_ro ?? [],
    ja4x: r.ja4x ?? [],
    ja4x_r: r.ja4x_r ?? [],
    ja4t: r.ja4t ?? '',
    ja4ts: r.ja4ts ?? '',
    ja4l_c: r.ja4l_c ?? '',
    ja4l_s: r.ja4l_s ?? '',
    client_ttl: r.client_ttl ?? null,
    server_ttl: r.server_ttl ?? null,
    ja4ssh: r.ja4ssh ?? [],
    tls_upgrade: r.tls_upgrade ?? '',
  };
}

const str = (v: string): string | undefined => (v === '' ? undefined : v);
const arr = (v: string[]): string[] | undefined => (v.length === 0 ? undefined : v);

/** A row read back with `SELECT *` (JSONEachRow) -> ConnectionRecord; absent fields are omitted. */
export function rowToHandshake(row: TlsHandshakeRow): ConnectionRecord {
  const rec: ConnectionRecord = {
    ts_us: dateTime64ToMicros(row.ts),
    stream: Number(row.stream),
    transport: row.transport,
    src: displayIp(row.src_ip),
    src_port: row.src_port,
    dst: displayIp(row.dst_ip),
    dst_port: row.dst_port,
    sensor: str(row.sensor),
    pcap: str(row.pcap),
    phase: row.phase === '' ? undefined : row.phase,
    tls_server_name: str(row.tls_server_name),
    alpn: str(row.alpn),
    tls_version: str(row.tls_version),
    cipher_count: row.cipher_count ?? undefined,
    ja4: str(row.ja4),
    ja4_r: str(row.ja4_r),
    ja4_o: str(row.ja4_o),
    ja4_ro: str(row.ja4_ro),
    ja4_additional: arr(row.ja4_additional),
    ja4_additional_variants:
      row.ja4_additional_variants.length === 0 ? undefined : row.ja4_additional_variants,
    ja4s: str(row.ja4s),
    ja4s_r: str(row.ja4s_r),
    ja3: str(row.ja3),
    ja3_full: str(row.ja3_full),
    ja3s: str(row.ja3s),
    ja3s_full: str(row.ja3s_full),
    ja3_additional: arr(row.ja3_additional),
    ja3_full_additional: arr(row.ja3_full_additional),
    ja3s_additional: arr(row.ja3s_additional),
    ja3s_full_additional: arr(row.ja3s_full_additional),
    ja4h: arr(row.ja4h),
    ja4h_r: arr(row.ja4h_r),
    ja4h_ro: arr(row.ja4h_ro),
    ja4x: arr(row.ja4x),
    ja4x_r: arr(row.ja4x_r),
    ja4t: str(row.ja4t),
    ja4ts: str(row.ja4ts),
    ja4l_c: str(row.ja4l_c),
    ja4l_s: str(row.ja4l_s),
    client_ttl: row.client_ttl ?? undefined,
    server_ttl: row.server_ttl ?? undefined,
    ja4ssh: arr(row.ja4ssh),
    // Rows read from a store older than migrations/0015 have no column.
    tls_upgrade: str(row.tls_upgrade ?? ''),
  };
  for (const k of Object.keys(rec) as (keyof ConnectionRecord)[])
    if (rec[k] === undefined) delete rec[k];
  return rec;
}
