// Flat request events carrying their fingerprints as fields, the way CDN/WAF logs and JA4-enabled
// web servers export them: one JSON object per request with a time, the client address, the
// request line, the status, the User-Agent and `ja4` (and `ja3`, `ja4h`, ...) side by side, no
// handshake object. Field names differ between exporters, so each field is looked up under the
// names in common use (case and punctuation ignored: `ClientIP`, `client_ip`, `c-ip` are one).
// A recognised line becomes the correlated event (common/events/correlated.ts) the rest of the
// detector reads; a line missing what detection needs is refused with the field named.
import { CorrelatedEvent } from '../../../common/events/correlated.js';
import { describeIssues } from '../../../common/util/zod-issues.js';

const ALIASES = {
  time: [
    'timestamp',
    'ts',
    'time',
    'datetime',
    'date',
    'edgestarttimestamp',
    'starttime',
    'requesttime',
    'eventtime',
  ],
  ip: ['srcip', 'clientip', 'remoteaddr', 'remoteip', 'cip', 'sourceip', 'clientaddress', 'ip'],
  port: ['srcport', 'clientport', 'clientsrcport', 'remoteport', 'sourceport'],
  method: ['method', 'requestmethod', 'clientrequestmethod', 'httpmethod', 'csmethod', 'verb'],
  path: [
    'path',
    'uri',
    'requesturi',
    'clientrequestpath',
    'clientrequesturi',
    'csuristem',
    'url',
    'request',
  ],
  query: ['query', 'querystring', 'csuriquery', 'args'],
  status: [
    'status',
    'statuscode',
    'edgeresponsestatus',
    'responsecode',
    'scstatus',
    'originresponsestatus',
  ],
  ua: ['useragent', 'ua', 'httpuseragent', 'clientrequestuseragent', 'csuseragent'],
  version: ['httpversion', 'protocol', 'clientrequestprotocol', 'serverprotocol', 'httpprotocol'],
  host: ['host', 'clientrequesthost', 'httphost', 'servername', 'sni'],
  ja4: ['ja4', 'tlsja4', 'ja4fingerprint', 'clientja4', 'ja4hash'],
  ja3: ['ja3', 'ja3hash', 'tlsja3', 'ja3fingerprint', 'clientja3'],
  ja4h: ['ja4h', 'httpja4h'],
  cookie: ['cookie', 'httpcookie', 'hascookie'],
  lang: ['acceptlanguage', 'httpacceptlanguage', 'hasacceptlanguage'],
  headers: ['headers', 'requestheaders'],
} as const;

/** Names a line may use for the fingerprint (the format's signature). */
export const FLAT_JA4_FIELDS = ALIASES.ja4;

const norm = (k: string) => k.toLowerCase().replace(/[^a-z0-9]/g, '');

function lookup(obj: Record<string, unknown>): Map<string, unknown> {
  const m = new Map<string, unknown>();
  for (const [k, v] of Object.entries(obj)) if (!m.has(norm(k))) m.set(norm(k), v);
  return m;
}

function pick(m: Map<string, unknown>, names: readonly string[]): unknown {
  for (const n of names) {
    const v = m.get(n);
    if (v !== undefined && v !== null && v !== '') return v;
  }
  return undefined;
}

/** Epoch seconds, ms, µs or ns (told apart by size), or an ISO 8601 / RFC 3339 string -> µs. */
export function timeToMicros(v: unknown): number | undefined {
  const n =
    typeof v === 'number'
      ? v
      : typeof v === 'string' && /^\d+(\.\d+)?$/.test(v)
        ? Number(v)
        : undefined;
  if (n !== undefined) {
    if (!Number.isFinite(n) || n <= 0) return undefined;
    if (n > 1e17) return Math.round(n / 1000);
    if (n > 1e14) return Math.round(n);
    if (n > 1e11) return Math.round(n * 1000);
    return Math.round(n * 1e6);
  }
  if (typeof v !== 'string') return undefined;
  const ms = Date.parse(v);
  if (Number.isNaN(ms)) return undefined;
  const frac = /\.(\d{4,6})/.exec(v)?.[1];
  return ms * 1000 + (frac ? Number(frac.padEnd(6, '0').slice(3, 6)) : 0);
}

export type FlatResult = { ok: true; event: CorrelatedEvent } | { ok: false; error: string };

const str = (v: unknown) => (v === undefined ? undefined : String(v));

/** Whether a parsed JSON object looks like a flat event (carries a JA4 field, no correlation). */
export function isFlatEvent(obj: Record<string, unknown>): boolean {
  const m = lookup(obj);
  return pick(m, ALIASES.ja4) !== undefined;
}

export function flatToCorrelated(obj: Record<string, unknown>): FlatResult {
  const m = lookup(obj);
  const missing = (what: string, names: readonly string[]) => ({
    ok: false as const,
    error: `flat event: no ${what} (looked for ${names.slice(0, 5).join(', ')}, …)`,
  });
  const ts = timeToMicros(pick(m, ALIASES.time));
  if (ts === undefined)
    return pick(m, ALIASES.time) === undefined
      ? missing('time', ALIASES.time)
      : {
          ok: false,
          error: `flat event: time ${JSON.stringify(pick(m, ALIASES.time)).slice(0, 40)} is not epoch seconds/ms/µs/ns or an ISO 8601 date`,
        };
  const ip = str(pick(m, ALIASES.ip));
  if (ip === undefined) return missing('client address', ALIASES.ip);
  const ja4 = str(pick(m, ALIASES.ja4));
  if (ja4 === undefined) return missing('ja4', ALIASES.ja4);
  let path = str(pick(m, ALIASES.path)) ?? '/';
  let query = str(pick(m, ALIASES.query));
  // A full URL or "GET /x?y HTTP/1.1" request line: keep the path.
  const line = /^[A-Z]+ (\S+)/.exec(path);
  if (line) path = line[1]!;
  try {
    if (/^https?:\/\//i.test(path)) path = new URL(path).pathname + new URL(path).search;
  } catch {
    /* not a URL: keep as given */
  }
  const q = path.indexOf('?');
  if (q >= 0) {
    query ??= path.slice(q + 1);
    path = path.slice(0, q);
  }
  const statusRaw = pick(m, ALIASES.status);
  const status = statusRaw === undefined ? 0 : Number(statusRaw);
  const version = (str(pick(m, ALIASES.version)) ?? '1.1').replace(/^HTTP\//i, '');
  const port = Number(pick(m, ALIASES.port) ?? 0);
  const headers: [string, string][] = [];
  const given = pick(m, ALIASES.headers);
  if (Array.isArray(given)) {
    for (const h of given)
      if (Array.isArray(h) && h.length === 2) headers.push([String(h[0]), String(h[1])]);
  } else if (given && typeof given === 'object') {
    for (const [k, v] of Object.entries(given as Record<string, unknown>))
      headers.push([k, String(v)]);
  }
  const has = (name: string) => headers.some(([k]) => k.toLowerCase() === name);
  const host = str(pick(m, ALIASES.host));
  if (host !== undefined && !has('host')) headers.push(['host', host]);
  const ua = str(pick(m, ALIASES.ua));
  if (ua !== undefined && !has('user-agent')) headers.push(['user-agent', ua]);
  const lang = pick(m, ALIASES.lang);
  if (lang !== undefined && lang !== false && !has('accept-language'))
    headers.push(['accept-language', lang === true ? '*' : String(lang)]);
  const cookie = pick(m, ALIASES.cookie);
  if (cookie !== undefined && cookie !== false && !has('cookie'))
    headers.push(['cookie', cookie === true ? '(present)' : String(cookie)]);
  const ja3 = str(pick(m, ALIASES.ja3));
  const ja4h = str(pick(m, ALIASES.ja4h));
  const candidate = {
    correlation: 'matched',
    ts_us: ts,
    src_ip: ip,
    src_port: Number.isInteger(port) ? port : 0,
    request: {
      ts_us: ts,
      src_ip: ip,
      src_port: Number.isInteger(port) ? port : 0,
      method: str(pick(m, ALIASES.method)) ?? 'GET',
      path,
      ...(query ? { query } : {}),
      ...(host ? { host } : {}),
      http_version: version,
      status,
      headers,
    },
    ...(ja4h ? { ja4h } : {}),
    handshake: {
      ts_us: ts,
      stream: 0,
      transport: ja4.startsWith('q') ? 'udp' : 'tcp',
      src: ip,
      src_port: Number.isInteger(port) ? port : 0,
      dst: '0.0.0.0',
      dst_port: 443,
      ja4,
      ...(ja3 ? { ja3 } : {}),
      ...(host ? { tls_server_name: host } : {}),
    },
  };
  const parsed = CorrelatedEvent.safeParse(candidate);
  if (!parsed.success)
    return {
      ok: false,
      error: `flat event: ${describeIssues(parsed.error.issues, candidate)[0]?.message ?? 'invalid'}`,
    };
  return { ok: true, event: parsed.data };
}
