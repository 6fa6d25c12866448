// Canonical forms so that the web server's view of an address and the sensor's view compare equal:
// Node reports IPv4 clients of a dual-stack server as '::ffff:a.b.c.d', sensors print 'a.b.c.d'.
import type { HttpRequest, HttpRequestEvent } from '../../../common/events/http-request.js';

const MAPPED = /^::ffff:(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/i;

export function canonicalIp(ip: string): string {
  if (ip.indexOf(':') < 0) return ip;
  const m = MAPPED.exec(ip);
  if (m) return m[1] as string;
  try {
    // WHATWG URL serialises IPv6 in RFC 5952 form (lowercase, longest zero run compressed).
    return new URL(`http://[${ip}]/`).hostname.slice(1, -1);
  } catch {
    return ip.toLowerCase();
  }
}

/** RFC 3339 to microseconds, keeping the sub-millisecond digits that Date.parse drops. */
export function rfc3339ToMicros(s: string): number {
  const ms = Date.parse(s);
  if (!Number.isFinite(ms)) return NaN;
  const frac = /T\d\d:\d\d:\d\d\.(\d+)/.exec(s);
  const micros = frac ? Number(((frac[1] as string) + '000000').slice(0, 6)) : 0;
  return Math.floor(ms / 1000) * 1_000_000 + micros;
}

export function eventTimeToMicros(t: string | number): number {
  return typeof t === 'number' ? Math.round(t * 1_000_000) : rfc3339ToMicros(t);
}

export function normalizeRequest(ev: HttpRequestEvent): HttpRequest {
  const { time, ...rest } = ev;
  const out: HttpRequest = {
    ...rest,
    ts_us: eventTimeToMicros(time),
    src_ip: canonicalIp(ev.src_ip),
  };
  if (ev.dst_ip !== undefined) out.dst_ip = canonicalIp(ev.dst_ip);
  return out;
}
