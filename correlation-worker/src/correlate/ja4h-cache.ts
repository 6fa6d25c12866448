// JA4H of logged headers, memoised: a client sends the same header set on every request of a
// keep-alive connection (and a bot fleet on every connection), and two SHA-256s per request are
// most of the correlator's cost. The key is the exact input, so a hit is always the true value.
import type { HttpRequest } from '../../../common/events/http-request.js';
import { ja4h, type Ja4hResult } from '../../../capture-worker/src/fingerprint/ja4h.js';

const MAX_ENTRIES = 8192;
/** Table lookups per hit-rate check; below MIN_HIT_RATE the table is skipped for SKIP lookups. */
const PROBE = 4096;
const MIN_HIT_RATE = 0.05;
const SKIP = 65_536;

export class Ja4hCache {
  private map = new Map<string, Ja4hResult>();
  hits = 0;
  misses = 0;
  /** When every connection has its own header set (per-user cookies), building the table key
   * costs more than it saves; the table then stands aside for a while and is tried again. */
  private probeLookups = 0;
  private probeHits = 0;
  private skipping = 0;

  /** `prev`: the last request on the same connection, whose headers are usually identical. */
  get(req: HttpRequest, prev?: { req: HttpRequest; fp: Ja4hResult }): Ja4hResult {
    if (prev && sameInput(prev.req, req)) {
      this.hits++;
      return prev.fp;
    }
    if (this.skipping > 0) {
      this.skipping--;
      this.misses++;
      return ja4h({ method: req.method, version: req.http_version, headers: req.headers });
    }
    if (++this.probeLookups === PROBE) {
      if (this.probeHits < PROBE * MIN_HIT_RATE) this.skipping = SKIP;
      this.probeLookups = 0;
      this.probeHits = 0;
    }
    const key = inputKey(req);
    const hit = this.map.get(key);
    if (hit) {
      this.hits++;
      this.probeHits++;
      return hit;
    }
    this.misses++;
    const r = ja4h({ method: req.method, version: req.http_version, headers: req.headers });
    // Whole-map reset instead of LRU bookkeeping: cheap, bounded, and refills in one pass.
    if (this.map.size >= MAX_ENTRIES) this.map = new Map();
    this.map.set(key, r);
    return r;
  }
}

/**
 * JA4H reads the method, the version, every header name in order, and the values of Cookie and
 * Accept-Language only (Referer counts by presence). The key holds exactly those, so it stays short
 * (no User-Agent or Accept values) and two requests with the same key always have the same JA4H.
 */
function inputKey(req: HttpRequest): string {
  let key = req.method + '\u0000' + req.http_version;
  for (const [n, v] of req.headers) {
    key += '\u0000' + n;
    if (valueMatters(n)) key += '\u0001' + v;
  }
  return key;
}

/** Cookie or Accept-Language, in any case, without allocating a lowercased copy. */
function valueMatters(name: string): boolean {
  const len = name.length;
  if (len === 6) return equalsLower(name, 'cookie');
  if (len === 15) return equalsLower(name, 'accept-language');
  return false;
}

/** ASCII case-insensitive equality with a lowercase literal of the same length. */
function equalsLower(s: string, lower: string): boolean {
  for (let i = 0; i < lower.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 65 && c <= 90 ? c | 32 : c) !== lower.charCodeAt(i)) return false;
  }
  return true;
}

function sameInput(a: HttpRequest, b: HttpRequest): boolean {
  if (a.method !== b.method || a.http_version !== b.http_version) return false;
  const ha = a.headers;
  const hb = b.headers;
  if (ha.length !== hb.length) return false;
  for (let i = 0; i < ha.length; i++) {
    const x = ha[i] as readonly [string, string];
    const y = hb[i] as readonly [string, string];
    if (x[0] !== y[0]) return false;
    if (x[1] !== y[1] && valueMatters(x[0])) return false;
  }
  return true;
}
