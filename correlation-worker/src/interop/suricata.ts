// Suricata EVE JSON (eve.json) to connection records and request events:
// - `tls`: the handshake: tls.ja3 / tls.ja3s ({hash, string}), tls.ja4 (Suricata 7.0.6+/8, a
//   string), tls.sni, tls.version;
// - `quic`: the same over UDP (quic.ja3 / quic.ja4, quic.sni);
// - `http`: a request (hostname, url, http_method, protocol, status, length, http_user_agent,
//   http_refer; request_headers in the order received when dump-all-headers is on);
// - `flow`: a TCP/UDP connection; its record is emitted only for flows that had no tls/quic
//   event (flow_id), so a TLS connection stays one connection.
// Other event types (alert, dns, stats, fileinfo...) are skipped, not errors.
import type { ConnectionRecord } from '../../../common/events/connection.js';
import { BoundedMap } from './bounded-map.js';
import { NONE, type LineOutcome } from './event.js';
import {
  invalidField,
  isObject,
  missingField,
  port,
  splitUri,
  text,
  timeToMicros,
} from './map-util.js';

export class SuricataMapper {
  private stream = 0;
  private readonly tlsFlows: BoundedMap<number | string, true>;
  readonly stats = { skipped_event_types: 0 };

  constructor(
    private readonly sensor = 'suricata',
    maxState = 200_000,
  ) {
    this.tlsFlows = new BoundedMap(maxState);
  }

  map(json: unknown): LineOutcome {
    if (!isObject(json)) return invalidField('(root)', 'a JSON object');
    const type = json.event_type;
    if (typeof type !== 'string') return missingField('event_type');
    if (type !== 'tls' && type !== 'quic' && type !== 'http' && type !== 'flow') {
      this.stats.skipped_event_types++;
      return NONE;
    }
    if (json.timestamp === undefined) return missingField('timestamp');
    let ts = timeToMicros(json.timestamp);
    if (!Number.isFinite(ts)) return invalidField('timestamp', 'an ISO 8601 time');
    const src = text(json.src_ip);
    const dst = text(json.dest_ip);
    if (src === undefined) return missingField('src_ip');
    if (dst === undefined) return missingField('dest_ip');
    const sp = port(json.src_port);
    const dp = port(json.dest_port);
    if (sp === undefined) return invalidField('src_port', 'a port number');
    if (dp === undefined) return invalidField('dest_port', 'a port number');
    const flowId =
      typeof json.flow_id === 'number' || typeof json.flow_id === 'string'
        ? json.flow_id
        : undefined;
    const proto = typeof json.proto === 'string' ? json.proto.toLowerCase() : '';

    if (type === 'http') return this.http(json, ts, src, sp, dst, dp);

    if (type === 'flow') {
      if (proto !== 'tcp' && proto !== 'udp') return NONE;
      if (flowId !== undefined && this.tlsFlows.get(flowId)) {
        this.tlsFlows.delete(flowId);
        return NONE;
      }
      const flow = json.flow;
      if (isObject(flow) && flow.start !== undefined) {
        const start = timeToMicros(flow.start);
        if (Number.isFinite(start)) ts = start;
      }
      return {
        ok: true,
        events: [{ kind: 'handshake', record: this.base(ts, proto, src, sp, dst, dp) }],
      };
    }

    const body = json[type];
    if (!isObject(body)) return missingField(type);
    const rec = this.base(ts, type === 'quic' ? 'udp' : 'tcp', src, sp, dst, dp);
    const sni = text(body.sni);
    if (sni !== undefined) rec.tls_server_name = sni;
    const version = text(body.version);
    if (version !== undefined) rec.tls_version = String(version);
    const hash = (v: unknown): string | undefined => (isObject(v) ? text(v.hash) : undefined);
    const full = (v: unknown): string | undefined => (isObject(v) ? text(v.string) : undefined);
    const ja3 = hash(body.ja3);
    if (ja3 !== undefined) rec.ja3 = ja3;
    const ja3Full = full(body.ja3);
    if (ja3Full !== undefined) rec.ja3_full = ja3Full;
    const ja3s = hash(body.ja3s);
    if (ja3s !== undefined) rec.ja3s = ja3s;
    const ja3sFull = full(body.ja3s);
    if (ja3sFull !== undefined) rec.ja3s_full = ja3sFull;
    // A string in Suricata's output; an object {hash} is accepted too.
    const ja4 = text(body.ja4) ?? hash(body.ja4);
    if (ja4 !== undefined) rec.ja4 = ja4;
    if (flowId !== undefined) this.tlsFlows.set(flowId, true);
    return { ok: true, events: [{ kind: 'handshake', record: rec }] };
  }

  private base(
    ts: number,
    transport: 'tcp' | 'udp',
    src: string,
    sp: number,
    dst: string,
    dp: number,
  ): ConnectionRecord {
    return {
      ts_us: ts,
      stream: this.stream++,
      transport,
      src,
      src_port: sp,
      dst,
      dst_port: dp,
      sensor: this.sensor,
    };
  }

  private http(
    json: Record<string, unknown>,
    ts: number,
    src: string,
    sp: number,
    dst: string,
    dp: number,
  ): LineOutcome {
    const h = json.http;
    if (!isObject(h)) return missingField('http');
    const url = text(h.url);
    if (url === undefined) return missingField('http.url');
    // Suricata leaves http_method out of non-extended logs; GET is then the only safe reading.
    const method = text(h.http_method) ?? 'GET';
    const protocol = text(h.protocol);
    let headers: [string, string][] = [];
    let order: 'wire' | 'configured' = 'configured';
    if (Array.isArray(h.request_headers)) {
      order = 'wire';
      for (const [i, x] of h.request_headers.entries()) {
        if (!isObject(x) || typeof x.name !== 'string' || typeof x.value !== 'string')
          return invalidField(`http.request_headers.${i}`, 'an object {name, value}');
        headers.push([x.name, x.value]);
      }
    } else {
      const host = text(h.hostname);
      if (host !== undefined) headers.push(['Host', host]);
      const ua = text(h.http_user_agent);
      if (ua !== undefined) headers.push(['User-Agent', ua]);
      const ref = text(h.http_refer);
      if (ref !== undefined) headers.push(['Referer', ref]);
    }
    headers = headers.slice(0, 512);
    const req: Record<string, unknown> = {
      time: ts / 1e6,
      src_ip: src,
      src_port: sp,
      dst_ip: dst,
      dst_port: dp,
      method,
      ...splitUri(url),
      http_version: protocol ?? '1.1',
      headers,
      header_order: order,
      source: this.sensor,
    };
    const host = text(h.hostname);
    if (host !== undefined) req.host = host;
    const status = typeof h.status === 'string' ? Number(h.status) : h.status;
    if (typeof status === 'number' && Number.isInteger(status)) req.status = status;
    if (typeof h.length === 'number') req.bytes_out = h.length;
    return { ok: true, events: [{ kind: 'request', request: req }] };
  }
}
