// Edge logs that carry the TLS fingerprint of the request's connection: Cloudflare Logpush
// (dataset http_requests) and AWS WAF. Each line is both a handshake (the edge computed JA4/JA3
// on the client's ClientHello) and a request; both leave with the same client tuple and time so
// the correlator joins them as 'matched'. Neither is the wire: the edge logs a fixed header set
// (header_order 'configured'), and AWS WAF logs no client port (src_port 0).
import type { ConnectionRecord } from '../../../common/events/connection.js';
import type { InteropEvent, LineOutcome } from './event.js';
import { invalidField, isObject, missingField, port, splitUri, text } from './map-util.js';

/** Logpush `timestamp_format`: rfc3339 (string), unix (s), unixnano (ns, the default); ms too. */
export function edgeTimeToMicros(v: unknown): number {
  if (typeof v === 'string') {
    if (/^\d+$/.test(v)) return edgeTimeToMicros(Number(v));
    const ms = Date.parse(v);
    if (!Number.isFinite(ms)) return NaN;
    const frac = /T\d\d:\d\d:\d\d\.(\d+)/.exec(v);
    const micros = frac ? Number(((frac[1] as string) + '000000').slice(0, 6)) : 0;
    return Math.floor(ms / 1000) * 1e6 + micros;
  }
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return NaN;
  if (v >= 1e17) return Math.floor(v / 1000); // nanoseconds
  if (v >= 1e14) return Math.floor(v); // microseconds
  if (v >= 1e11) return Math.round(v * 1000); // milliseconds
  return Math.round(v * 1e6); // seconds
}

function pair(
  rec: ConnectionRecord,
  req: Record<string, unknown>,
  hasFingerprint: boolean,
): LineOutcome {
  const events: InteropEvent[] = [];
  if (hasFingerprint) events.push({ kind: 'handshake', record: rec });
  events.push({ kind: 'request', request: req });
  return { ok: true, events };
}

export class CloudflareMapper {
  private stream = 0;
  constructor(private readonly sensor = 'cloudflare') {}

  map(json: unknown): LineOutcome {
    if (!isObject(json)) return invalidField('(root)', 'a JSON object');
    const ip = text(json.ClientIP);
    if (ip === undefined) return missingField('ClientIP');
    if (json.EdgeStartTimestamp === undefined) return missingField('EdgeStartTimestamp');
    const ts = edgeTimeToMicros(json.EdgeStartTimestamp);
    if (!Number.isFinite(ts))
      return invalidField('EdgeStartTimestamp', 'RFC 3339, or unix seconds / nanoseconds');
    const method = text(json.ClientRequestMethod);
    if (method === undefined) return missingField('ClientRequestMethod');
    const uri = text(json.ClientRequestURI) ?? text(json.ClientRequestPath);
    if (uri === undefined) return missingField('ClientRequestURI');
    const sp = json.ClientSrcPort === undefined ? 0 : port(json.ClientSrcPort);
    if (sp === undefined) return invalidField('ClientSrcPort', 'a port number');
    const scheme = json.ClientRequestScheme === 'http' ? 'http' : 'https';
    const dst = text(json.EdgeServerIP);
    const dp = scheme === 'https' ? 443 : 80;
    const protocol = text(json.ClientRequestProtocol) ?? 'HTTP/1.1';
    const host = text(json.ClientRequestHost);
    const headers: [string, string][] = [];
    if (host !== undefined) headers.push(['Host', host]);
    const ua = text(json.ClientRequestUserAgent);
    if (ua !== undefined) headers.push(['User-Agent', ua]);
    const ref = text(json.ClientRequestReferer);
    if (ref !== undefined) headers.push(['Referer', ref]);
    const req: Record<string, unknown> = {
      time: ts / 1e6,
      src_ip: ip,
      src_port: sp,
      method,
      scheme,
      ...splitUri(uri),
      http_version: protocol,
      headers,
      header_order: 'configured',
      source: this.sensor,
    };
    if (dst !== undefined) {
      req.dst_ip = dst;
      req.dst_port = dp;
    }
    if (host !== undefined) req.host = host;
    if (typeof json.EdgeResponseStatus === 'number') req.status = json.EdgeResponseStatus;
    if (typeof json.ClientRequestBytes === 'number') req.bytes_in = json.ClientRequestBytes;
    if (typeof json.EdgeResponseBytes === 'number') req.bytes_out = json.EdgeResponseBytes;
    const rec: ConnectionRecord = {
      ts_us: ts,
      stream: this.stream++,
      // HTTP/3 reaches the edge over QUIC.
      transport: /^HTTP\/3/i.test(protocol) ? 'udp' : 'tcp',
      src: ip,
      src_port: sp,
      dst: dst ?? '0.0.0.0',
      dst_port: dp,
      sensor: this.sensor,
    };
    const ja4 = text(json.JA4);
    const ja3 = text(json.JA3Hash);
    if (ja4 !== undefined) rec.ja4 = ja4;
    if (ja3 !== undefined) rec.ja3 = ja3;
    if (host !== undefined) rec.tls_server_name = host;
    const tlsv = text(json.ClientSSLProtocol);
    if (tlsv !== undefined && tlsv !== 'none') rec.tls_version = tlsv;
    return pair(rec, req, ja4 !== undefined || ja3 !== undefined);
  }
}

export class AwsWafMapper {
  private stream = 0;
  constructor(private readonly sensor = 'aws-waf') {}

  map(json: unknown): LineOutcome {
    if (!isObject(json)) return invalidField('(root)', 'a JSON object');
    const hr = json.httpRequest;
    if (!isObject(hr)) return missingField('httpRequest');
    const ip = text(hr.clientIp);
    if (ip === undefined) return missingField('httpRequest.clientIp');
    if (json.timestamp === undefined) return missingField('timestamp');
    const ts = edgeTimeToMicros(json.timestamp);
    if (!Number.isFinite(ts)) return invalidField('timestamp', 'epoch milliseconds');
    const method = text(hr.httpMethod);
    if (method === undefined) return missingField('httpRequest.httpMethod');
    const uri = text(hr.uri);
    if (uri === undefined) return missingField('httpRequest.uri');
    const headers: [string, string][] = [];
    if (hr.headers !== undefined) {
      if (!Array.isArray(hr.headers)) return invalidField('httpRequest.headers', 'an array');
      for (const [i, h] of hr.headers.entries()) {
        if (!isObject(h) || typeof h.name !== 'string' || typeof h.value !== 'string')
          return invalidField(`httpRequest.headers.${i}`, 'an object {name, value}');
        if (headers.length < 512) headers.push([h.name, h.value]);
      }
    }
    const hostHeader = headers.find(([n]) => n.toLowerCase() === 'host')?.[1];
    const host = text(hr.host) ?? hostHeader;
    const args = text(hr.args);
    const scheme = hr.scheme === 'http' ? 'http' : 'https';
    const version = text(hr.httpVersion) ?? 'HTTP/1.1';
    const req: Record<string, unknown> = {
      time: ts / 1e6,
      src_ip: ip,
      src_port: 0,
      method,
      scheme,
      path: uri,
      http_version: version,
      headers,
      header_order: 'configured',
      source: this.sensor,
    };
    if (args !== undefined) req.query = args;
    if (host !== undefined) req.host = host;
    if (typeof json.responseCodeSent === 'number') req.status = json.responseCodeSent;
    const rec: ConnectionRecord = {
      ts_us: ts,
      stream: this.stream++,
      transport: /^HTTP\/3/i.test(version) ? 'udp' : 'tcp',
      src: ip,
      src_port: 0,
      dst: '0.0.0.0',
      dst_port: scheme === 'https' ? 443 : 80,
      sensor: this.sensor,
    };
    const ja4 = text(json.ja4Fingerprint);
    const ja3 = text(json.ja3Fingerprint);
    if (ja4 !== undefined) rec.ja4 = ja4;
    if (ja3 !== undefined) rec.ja3 = ja3;
    if (host !== undefined) rec.tls_server_name = host;
    return pair(rec, req, ja4 !== undefined || ja3 !== undefined);
  }
}
