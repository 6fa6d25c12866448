// nginx JSON access log (log_format ... escape=json, documented in docs/ingest.md) to a request
// event. nginx cannot log headers in wire order nor all of them: the headers are the `http_*`
// variables of the log_format, in its order, empty ones left out (header_order "configured").
import type { LineResult } from './validate-line.js';
import { invalid, isRecord, missing, num, splitUri } from './map-result.js';

const REQUIRED = [
  'msec',
  'remote_addr',
  'remote_port',
  'request_method',
  'request_uri',
  'server_protocol',
] as const;

function headerName(key: string, h2: boolean): string {
  const words = key.slice('http_'.length).split('_');
  return h2 ? words.join('-') : words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('-');
}

export function nginxToEvent(json: unknown): LineResult<unknown> {
  if (!isRecord(json)) return invalid('(root)', 'a JSON object');
  for (const k of REQUIRED) {
    const v = json[k];
    if (v === undefined || v === '' || v === '-') return missing(k);
  }
  const msec = num(json.msec);
  if (msec === undefined || Number.isNaN(msec)) return invalid('msec', 'seconds since the epoch');
  const reqTime = num(json.request_time) ?? 0;
  if (Number.isNaN(reqTime)) return invalid('request_time', 'seconds');
  const fields: Record<string, [string, (v: number) => number]> = {
    remote_port: ['src_port', (v) => v],
    server_port: ['dst_port', (v) => v],
    status: ['status', (v) => v],
    request_length: ['bytes_in', (v) => v],
    bytes_sent: ['bytes_out', (v) => v],
  };
  const protocol = String(json.server_protocol);
  const h2 = /^HTTP\/[23]/i.test(protocol);
  const ev: Record<string, unknown> = {
    time: Math.max(0, msec - reqTime),
    duration_ms: Math.round(reqTime * 1000 * 1000) / 1000,
    src_ip: json.remote_addr,
    method: json.request_method,
    http_version: protocol,
    ...splitUri(String(json.request_uri)),
    header_order: 'configured',
    source: 'nginx',
  };
  for (const [k, [to, f]] of Object.entries(fields)) {
    const n = num(json[k]);
    if (n === undefined) continue;
    if (Number.isNaN(n)) return invalid(k, 'a number');
    ev[to] = f(n);
  }
  const server = json.server_addr;
  if (typeof server === 'string' && server !== '') ev.dst_ip = server;
  if (json.scheme === 'http' || json.scheme === 'https') ev.scheme = json.scheme;
  if (typeof json.host === 'string' && json.host !== '') ev.host = json.host;
  const headers: [string, string][] = [];
  for (const [k, v] of Object.entries(json)) {
    if (!k.startsWith('http_') || typeof v !== 'string' || v === '' || v === '-') continue;
    headers.push([headerName(k, h2), v]);
  }
  ev.headers = headers;
  return { ok: true, value: ev };
}
