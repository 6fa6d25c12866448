// HttpRequest (ingest) -> http_requests row, and CorrelatedEvent (correlator) -> http_logs row.
import type { ConnectionRecord } from '../../../common/events/connection.js';
import type { CorrelatedEvent } from '../../../common/events/correlated.js';
import type { HttpRequest } from '../../../common/events/http-request.js';
import { toStoredIp } from './ip.js';
import { microsToDateTime64 } from './time.js';

export const HTTP_REQUESTS = 'http_requests';
export const HTTP_LOGS = 'http_logs';
const NO_IP = '::';

type Header = [string, string];
/** Array(Tuple(name String, value String)) travels as objects in JSONEachRow. */
export interface HeaderColumn {
  name: string;
  value: string;
}
const headerColumn = (headers: readonly Header[]): HeaderColumn[] =>
  headers.map(([name, value]) => ({ name, value }));

/** '1.1' from 'HTTP/1.1', '2' from 'HTTP/2.0' or '2'. */
export function normaliseHttpVersion(v: string): string {
  const bare = v.replace(/^HTTP\//i, '');
  return bare === '2.0' ? '2' : bare === '3.0' ? '3' : bare;
}

function header(headers: readonly Header[], name: string): string | undefined {
  const n = name.toLowerCase();
  return headers.find(([k]) => k.toLowerCase() === n)?.[1];
}

export interface HttpRequestRow {
  ts: string;
  src_ip: string;
  src_port: number;
  dst_ip: string;
  dst_port: number;
  method: string;
  scheme: string;
  host: string;
  path: string;
  query: string;
  http_version: string;
  status: number;
  bytes_in: number;
  bytes_out: number;
  duration_ms: number;
  headers: HeaderColumn[];
  header_order: 'wire' | 'configured' | 'sorted';
  user_agent: string;
  source: string;
}

export function httpRequestToRow(r: HttpRequest): HttpRequestRow {
  return {
    ts: microsToDateTime64(r.ts_us),
    src_ip: toStoredIp(r.src_ip),
    src_port: r.src_port,
    dst_ip: r.dst_ip ? toStoredIp(r.dst_ip) : NO_IP,
    dst_port: r.dst_port ?? 0,
    method: r.method,
    scheme: r.scheme ?? '',
    host: r.host ?? header(r.headers, 'host') ?? '',
    path: r.path,
    query: r.query ?? '',
    http_version: normaliseHttpVersion(r.http_version),
    status: r.status ?? 0,
    bytes_in: r.bytes_in ?? 0,
    bytes_out: r.bytes_out ?? 0,
    duration_ms: r.duration_ms ?? 0,
    headers: headerColumn(r.headers),
    header_order: r.header_order ?? 'wire',
    user_agent: header(r.headers, 'user-agent') ?? '',
    source: r.source ?? '',
  };
}

export interface HttpLogRow extends Omit<HttpRequestRow, 'header_order'> {
  correlation: CorrelatedEvent['correlation'];
  conn_id: string;
  header_order: '' | 'wire' | 'configured' | 'sorted';
  header_count: number;
  has_accept_language: boolean;
  has_cookie: boolean;
  ja4h: string;
  ja4h_r: string;
  ja4h_ro: string;
  hs_ts: string;
  sensor: string;
  tls_server_name: string;
  alpn: string;
  tls_version: string;
  ja4: string;
  ja4_r: string;
  ja4s: string;
  ja3: string;
  ja3s: string;
  ja4x: string[];
  ja4t: string;
  ja4l_c: string;
  candidate_ja4s: string[];
  finalized: '' | 'window' | 'late' | 'evicted' | 'flush';
}

export function correlatedToRow(e: CorrelatedEvent): HttpLogRow {
  const q = e.request;
  const h: ConnectionRecord | undefined = e.handshake;
  const headers = (q?.headers ?? []) as Header[];
  return {
    ts: microsToDateTime64(e.ts_us),
    correlation: e.correlation,
    src_ip: toStoredIp(e.src_ip),
    src_port: e.src_port,
    dst_ip: e.dst_ip ? toStoredIp(e.dst_ip) : NO_IP,
    dst_port: e.dst_port ?? 0,
    conn_id: e.conn_id ?? '',
    method: q?.method ?? '',
    scheme: q?.scheme ?? '',
    host: q?.host ?? header(headers, 'host') ?? '',
    path: q?.path ?? '',
    query: q?.query ?? '',
    http_version: q ? normaliseHttpVersion(q.http_version) : '',
    status: q?.status ?? 0,
    bytes_in: q?.bytes_in ?? 0,
    bytes_out: q?.bytes_out ?? 0,
    duration_ms: q?.duration_ms ?? 0,
    headers: headerColumn(headers),
    header_order: q ? (q.header_order ?? 'wire') : '',
    header_count: headers.length,
    has_accept_language: header(headers, 'accept-language') !== undefined,
    has_cookie: header(headers, 'cookie') !== undefined,
    user_agent: header(headers, 'user-agent') ?? '',
    source: q?.source ?? '',
    ja4h: e.ja4h ?? '',
    ja4h_r: e.ja4h_r ?? '',
    ja4h_ro: e.ja4h_ro ?? '',
    // No handshake: the epoch, spelled out (ClickHouse does not read a bare '0' or '0.000000' here).
    hs_ts: h ? microsToDateTime64(h.ts_us) : '1970-01-01 00:00:00.000000',
    sensor: h?.sensor ?? '',
    tls_server_name: h?.tls_server_name ?? '',
    alpn: h?.alpn ?? '',
    tls_version: h?.tls_version ?? '',
    ja4: h?.ja4 ?? '',
    ja4_r: h?.ja4_r ?? '',
    ja4s: h?.ja4s ?? '',
    ja3: h?.ja3 ?? '',
    ja3s: h?.ja3s ?? '',
    ja4x: h?.ja4x ?? [],
    ja4t: h?.ja4t ?? '',
    ja4l_c: h?.ja4l_c ?? '',
    candidate_ja4s: (e.candidates ?? []).map((c) => c.ja4 ?? ''),
    finalized: e.finalized ?? '',
  };
}
