// Apache httpd access-log lines in the JSON-shaped LogFormat of docs/ingest.md, to a request event.
// mod_log_config has no JSON escaping: it writes `"` and `\` as `\"` and `\\` (valid JSON) but
// every other non-printable byte, and every byte of a non-ASCII character, as `\xhh` (not JSON).
// Runs of `\xhh` are decoded as the UTF-8 bytes they stand for before JSON.parse sees the line.
// Headers are the `%{Name}i` pairs of the format, in its order; Apache writes `-` for an absent
// header, so `-` pairs are left out (header_order "configured", as for nginx).
import { isUtf8 } from 'node:buffer';
import type { LineResult } from './validate-line.js';
import { invalid, isRecord, missing, num, splitUri } from './map-result.js';

const HEX = /^[0-9a-fA-F]{2}$/;
const utf8 = new TextDecoder('utf-8', { fatal: false });

/** `\xhh` runs (outside `\\`) to JSON `\uXXXX` escapes of the characters their bytes encode. */
export function apacheEscapesToJson(text: string): string {
  if (text.indexOf('\\x') < 0) return text;
  let out = '';
  let i = 0;
  let from = 0;
  while (i < text.length) {
    if (text.charCodeAt(i) !== 0x5c /* \ */) {
      i++;
      continue;
    }
    if (text[i + 1] !== 'x' || !HEX.test(text.slice(i + 2, i + 4))) {
      i += 2; // `\\`, `\"`: keep both characters, so `\\x41` stays a backslash and "x41"
      continue;
    }
    const bytes: number[] = [];
    const start = i;
    while (text[i] === '\\' && text[i + 1] === 'x' && HEX.test(text.slice(i + 2, i + 4))) {
      bytes.push(parseInt(text.slice(i + 2, i + 4), 16));
      i += 4;
    }
    out += text.slice(from, start);
    // A byte run that is not UTF-8 (a Latin-1 header, a cut sequence) becomes U+FFFD per bad byte:
    // the line is kept, the damage is visible.
    for (const ch of utf8.decode(Uint8Array.from(bytes)))
      out += `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
    from = i;
  }
  return out + text.slice(from);
}

export function parseApacheJsonLine(line: Buffer): LineResult<unknown> {
  if (!isUtf8(line))
    return { ok: false, bad: { kind: 'invalid_utf8', message: 'line is not valid UTF-8' } };
  try {
    return { ok: true, value: JSON.parse(apacheEscapesToJson(line.toString('utf8'))) as unknown };
  } catch (err) {
    return { ok: false, bad: { kind: 'malformed_json', message: (err as Error).message } };
  }
}

const REQUIRED = ['time', 'remote_addr', 'remote_port', 'request'] as const;
const dash = (v: unknown): boolean => v === undefined || v === '' || v === '-';

/**
 * "GET /a%20b?x=1 HTTP/1.1" -> its parts; the URI is kept raw (Apache's %U would decode it). A
 * line that is not HTTP ("GARBAGE", answered 400) is kept as what the client sent: a method and no
 * path, since a malformed request is worth seeing.
 */
function splitRequestLine(line: string): { method: string; uri: string; protocol?: string } {
  const parts = line.split(' ');
  const last = parts[parts.length - 1] as string;
  const hasProtocol = parts.length >= 3 && /^HTTP\//i.test(last);
  return {
    method: parts[0] as string,
    uri: parts.slice(1, hasProtocol ? -1 : undefined).join(' '),
    ...(hasProtocol ? { protocol: last } : {}),
  };
}

export function apacheToEvent(json: unknown): LineResult<unknown> {
  if (!isRecord(json)) return invalid('(root)', 'a JSON object');
  // A request of "-" is a connection closed or timed out before its request line (logged 408):
  // nothing to join. The documented CustomLog condition keeps those out of the pipe.
  if (json.request === '-')
    return invalid('request', 'a request line; "-" is a connection that sent none (408)');
  for (const k of REQUIRED) if (dash(json[k])) return missing(k);
  const time = num(json.time);
  if (time === undefined || Number.isNaN(time))
    return invalid('time', 'seconds since the epoch (%{begin:sec}t.%{begin:usec_frac}t)');
  if (typeof json.request !== 'string')
    return invalid('request', 'the request line "METHOD URI PROTOCOL" as a string (%r)');
  const req = splitRequestLine(json.request);
  if (req.method === '') return invalid('request', 'a request line starting with its method (%r)');
  const protocol =
    typeof json.protocol === 'string' && !dash(json.protocol)
      ? json.protocol
      : (req.protocol ?? 'HTTP/0.9');
  const h2 = /^HTTP\/[23]/i.test(protocol);
  const ev: Record<string, unknown> = {
    time,
    src_ip: json.remote_addr,
    method: req.method,
    http_version: protocol,
    ...splitUri(req.uri),
    header_order: 'configured',
    source: 'apache',
  };
  const numbers: [string, string, number][] = [
    ['remote_port', 'src_port', 1],
    ['local_port', 'dst_port', 1],
    ['status', 'status', 1],
    ['bytes_in', 'bytes_in', 1],
    ['bytes_out', 'bytes_out', 1],
    ['duration_us', 'duration_ms', 1e-3],
  ];
  for (const [k, to, scale] of numbers) {
    const n = num(json[k]);
    if (n === undefined) continue;
    if (Number.isNaN(n)) return invalid(k, 'a number');
    ev[to] = n * scale;
  }
  if (!dash(json.local_addr)) ev.dst_ip = json.local_addr;
  if (json.https === 'on') ev.scheme = 'https';
  else if (json.https === '-' || json.https === 'off') ev.scheme = 'http';
  const headers: [string, string][] = [];
  if (json.headers !== undefined) {
    if (!Array.isArray(json.headers)) return invalid('headers', 'an array of [name, value] pairs');
    for (const [i, pair] of (json.headers as unknown[]).entries()) {
      if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string')
        return invalid(`headers[${i}]`, 'a [name, value] pair');
      const [name, value] = pair as [string, unknown];
      if (typeof value !== 'string') return invalid(`headers[${i}]`, 'a string value');
      if (dash(value)) continue;
      headers.push([h2 ? name.toLowerCase() : name, value]);
    }
  }
  ev.headers = headers;
  const host = headers.find(([n]) => n.toLowerCase() === 'host');
  if (host) ev.host = host[1];
  return { ok: true, value: ev };
}
