// Zeek logs (ssl, conn, http, x509; TSV or JSON) to connection records and request events,
// joined on Zeek's connection `uid` and certificate fingerprint:
// - ssl.log is the handshake: ja3/ja3s (salesforce/ja3 package), ja4/ja4s (FoxIO JA4+ package),
//   server_name, version. It leaves as a record with phase 'handshake' at once;
// - conn.log is written when the connection ends. For a uid whose ssl line was seen it completes
//   that record (phase 'final': transport, and ja4t/ja4ts/ja4l/ja4ls that the JA4+ package adds to
//   conn.log); any other TCP/UDP connection becomes a record without TLS (tcp_events);
// - x509.log (fingerprint `fp`, Zeek >= 6; `ja4x` when the package logs it) gives JA4X to the
//   ssl lines whose cert_chain_fps start with that certificate (x509 is logged before ssl);
// - http.log rows are request events (Zeek logs Host, User-Agent and Referer, not the header
//   order: header_order 'configured').
// The joins hold bounded state (oldest forgotten first, counted).
import type { ConnectionRecord } from '../../../common/events/connection.js';
import { BoundedMap } from './bounded-map.js';
import { NONE, type InteropEvent, type LineOutcome } from './event.js';
import {
  invalidField,
  isObject,
  missingField,
  port,
  splitUri,
  text,
  timeToMicros,
} from './map-util.js';

export type ZeekPath = 'ssl' | 'conn' | 'http' | 'x509';

/** Flat ("id.orig_h", Zeek's default) or nested ({"id":{"orig_h"}}) JSON keys. */
function get(row: Record<string, unknown>, key: string): unknown {
  if (key in row) return row[key];
  let v: unknown = row;
  for (const part of key.split('.')) {
    if (!isObject(v)) return undefined;
    v = v[part];
  }
  return v;
}

/** Which log a JSON row comes from when it does not say (`_path`) and its file name does not. */
export function guessZeekPath(row: Record<string, unknown>): ZeekPath | undefined {
  const p = row._path;
  if (p === 'ssl' || p === 'conn' || p === 'http' || p === 'x509') return p;
  if (get(row, 'certificate.subject') !== undefined || get(row, 'certificate.serial') !== undefined)
    return 'x509';
  if ('conn_state' in row || ('proto' in row && 'history' in row)) return 'conn';
  if ('method' in row && 'uri' in row) return 'http';
  if (
    'cipher' in row ||
    'server_name' in row ||
    'ja4' in row ||
    'ja3' in row ||
    'established' in row
  )
    return 'ssl';
  return undefined;
}

interface Tuple {
  uid: string | undefined;
  ts_us: number;
  src: string;
  src_port: number;
  dst: string;
  dst_port: number;
}

function tuple(row: Record<string, unknown>): Tuple | LineOutcome {
  const ts = timeToMicros(row.ts);
  if (row.ts === undefined) return missingField('ts');
  if (!Number.isFinite(ts)) return invalidField('ts', 'epoch seconds or an ISO 8601 time');
  const src = text(get(row, 'id.orig_h'));
  const dst = text(get(row, 'id.resp_h'));
  if (src === undefined) return missingField('id.orig_h');
  if (dst === undefined) return missingField('id.resp_h');
  const sp = port(get(row, 'id.orig_p'));
  const dp = port(get(row, 'id.resp_p'));
  if (sp === undefined) return invalidField('id.orig_p', 'a port number');
  if (dp === undefined) return invalidField('id.resp_p', 'a port number');
  return { uid: text(row.uid), ts_us: ts, src, src_port: sp, dst, dst_port: dp };
}

const isTuple = (t: Tuple | LineOutcome): t is Tuple => 'src' in t;

export interface ZeekJoinStats {
  ssl_completed_by_conn: number;
  ja4x_joined: number;
  evicted: number;
}

export class ZeekMapper {
  private stream = 0;
  private readonly sslByUid: BoundedMap<string, ConnectionRecord>;
  private readonly ja4xByFp: BoundedMap<string, string>;
  readonly stats: ZeekJoinStats = { ssl_completed_by_conn: 0, ja4x_joined: 0, evicted: 0 };

  constructor(
    private readonly sensor = 'zeek',
    maxState = 200_000,
  ) {
    this.sslByUid = new BoundedMap(maxState);
    this.ja4xByFp = new BoundedMap(maxState);
  }

  map(path: ZeekPath, row: Record<string, unknown>): LineOutcome {
    switch (path) {
      case 'x509':
        return this.x509(row);
      case 'ssl':
        return this.ssl(row);
      case 'conn':
        return this.conn(row);
      case 'http':
        return this.http(row);
    }
  }

  private base(t: Tuple, transport: 'tcp' | 'udp'): ConnectionRecord {
    return {
      ts_us: t.ts_us,
      stream: this.stream++,
      transport,
      src: t.src,
      src_port: t.src_port,
      dst: t.dst,
      dst_port: t.dst_port,
      sensor: this.sensor,
    };
  }

  private x509(row: Record<string, unknown>): LineOutcome {
    const fp = text(row.fp) ?? text(row.fingerprint);
    const ja4x = text(row.ja4x);
    if (fp !== undefined && ja4x !== undefined) this.ja4xByFp.set(fp, ja4x);
    return NONE;
  }

  private ssl(row: Record<string, unknown>): LineOutcome {
    const t = tuple(row);
    if (!isTuple(t)) return t;
    const version = text(row.version);
    const ja4 = text(row.ja4);
    // DTLS runs over UDP, and so does QUIC (JA4 'q' prefix); conn.log corrects it otherwise.
    const udp = version?.startsWith('DTLS') === true || ja4?.startsWith('q') === true;
    const rec = this.base(t, udp ? 'udp' : 'tcp');
    rec.phase = 'handshake';
    const sni = text(row.server_name);
    if (sni !== undefined) rec.tls_server_name = sni;
    if (version !== undefined) rec.tls_version = version;
    if (ja4 !== undefined) rec.ja4 = ja4;
    for (const k of ['ja4_r', 'ja4_o', 'ja4_ro', 'ja4s', 'ja4s_r', 'ja3', 'ja3s'] as const) {
      const v = text(row[k]);
      if (v !== undefined) rec[k] = v;
    }
    const fps = row.cert_chain_fps;
    const leaf = Array.isArray(fps) ? text(fps[0]) : undefined;
    const ja4x = leaf !== undefined ? this.ja4xByFp.get(leaf) : undefined;
    if (ja4x !== undefined) {
      rec.ja4x = [ja4x];
      this.stats.ja4x_joined++;
    }
    if (t.uid !== undefined) this.sslByUid.set(t.uid, rec);
    this.stats.evicted = this.sslByUid.evicted + this.ja4xByFp.evicted;
    return { ok: true, events: [{ kind: 'handshake', record: rec }] };
  }

  private conn(row: Record<string, unknown>): LineOutcome {
    const t = tuple(row);
    if (!isTuple(t)) return t;
    const proto = text(row.proto);
    if (proto !== 'tcp' && proto !== 'udp') return NONE; // ICMP and unknown: no connection record
    const extra: Partial<ConnectionRecord> = {};
    for (const [from, to] of [
      ['ja4t', 'ja4t'],
      ['ja4ts', 'ja4ts'],
      ['ja4l', 'ja4l_c'],
      ['ja4ls', 'ja4l_s'],
    ] as const) {
      const v = text(row[from]);
      if (v !== undefined) extra[to] = v;
    }
    const ssl = t.uid !== undefined ? this.sslByUid.get(t.uid) : undefined;
    if (ssl !== undefined) {
      this.sslByUid.delete(t.uid as string);
      this.stats.ssl_completed_by_conn++;
      // Same identity as the early record (time, tuple) so the pipeline sees one connection.
      const final: ConnectionRecord = { ...ssl, ...extra, transport: proto, phase: 'final' };
      return { ok: true, events: [{ kind: 'handshake', record: final }] };
    }
    const rec = this.base(t, proto);
    Object.assign(rec, extra);
    return { ok: true, events: [{ kind: 'handshake', record: rec }] };
  }

  private http(row: Record<string, unknown>): LineOutcome {
    const t = tuple(row);
    if (!isTuple(t)) return t;
    const method = text(row.method);
    if (method === undefined) return missingField('method');
    const uri = text(row.uri);
    if (uri === undefined) return missingField('uri');
    const headers: [string, string][] = [];
    const host = text(row.host);
    if (host !== undefined) headers.push(['Host', host]);
    const ua = text(row.user_agent);
    if (ua !== undefined) headers.push(['User-Agent', ua]);
    const ref = text(row.referrer);
    if (ref !== undefined) headers.push(['Referer', ref]);
    const req: Record<string, unknown> = {
      time: t.ts_us / 1e6,
      src_ip: t.src,
      src_port: t.src_port,
      dst_ip: t.dst,
      dst_port: t.dst_port,
      method,
      ...splitUri(uri),
      // Zeek 2.x http.log has no version column; requests it logged are HTTP/1.x.
      http_version: text(row.version) ?? '1.1',
      headers,
      header_order: 'configured',
      scheme: 'http',
      source: this.sensor,
    };
    if (host !== undefined) req.host = host;
    if (typeof row.status_code === 'number') req.status = row.status_code;
    if (typeof row.request_body_len === 'number') req.bytes_in = row.request_body_len;
    if (typeof row.response_body_len === 'number') req.bytes_out = row.response_body_len;
    const events: InteropEvent[] = [{ kind: 'request', request: req }];
    return { ok: true, events };
  }
}
