// Caddy JSON access log (logger http.log.access) to a request event. Caddy logs the log time and
// the duration (start = ts - duration) and headers as a map that Go marshals sorted by name, so
// header order is lost (header_order "sorted"); it does not log the server address.
import type { LineResult } from './validate-line.js';
import { invalid, isRecord, missing, num, splitUri } from './map-result.js';

export function caddyToEvent(json: unknown): LineResult<unknown> {
  if (!isRecord(json)) return invalid('(root)', 'a JSON object');
  const req = json.request;
  if (!isRecord(req)) return missing('request');
  let ts: number | undefined;
  if (typeof json.ts === 'number') ts = json.ts;
  else if (typeof json.ts === 'string') ts = Date.parse(json.ts) / 1000;
  if (ts === undefined) return missing('ts');
  if (!Number.isFinite(ts)) return invalid('ts', 'epoch seconds or an RFC 3339 time');
  const duration = typeof json.duration === 'number' ? json.duration : 0;
  for (const k of ['remote_ip', 'remote_port', 'method', 'uri', 'proto'] as const) {
    if (req[k] === undefined || req[k] === '') return missing(`request.${k}`);
  }
  const port = num(req.remote_port);
  if (port === undefined || Number.isNaN(port))
    return invalid('request.remote_port', 'a port number');
  const headers: [string, string][] = [];
  if (typeof req.host === 'string' && req.host !== '') headers.push(['Host', req.host]);
  if (req.headers !== undefined) {
    if (!isRecord(req.headers))
      return invalid('request.headers', 'an object of header name to values');
    for (const [name, values] of Object.entries(req.headers)) {
      if (!Array.isArray(values)) return invalid(`request.headers.${name}`, 'an array of strings');
      for (const v of values) headers.push([name, String(v)]);
    }
  }
  const ev: Record<string, unknown> = {
    time: Math.max(0, ts - duration),
    duration_ms: duration * 1000,
    src_ip: req.remote_ip,
    src_port: port,
    method: req.method,
    scheme: isRecord(req.tls) ? 'https' : 'http',
    http_version: req.proto,
    ...splitUri(String(req.uri)),
    headers,
    header_order: 'sorted',
    source: 'caddy',
  };
  if (typeof req.host === 'string') ev.host = req.host;
  if (typeof json.status === 'number') ev.status = json.status;
  if (typeof json.size === 'number') ev.bytes_out = json.size;
  if (typeof json.bytes_read === 'number') ev.bytes_in = json.bytes_read;
  return { ok: true, value: ev };
}
