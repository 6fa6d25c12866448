// JA4H of logged headers, memoised: a client sends the same header set on every request of a
// keep-alive connection (and a bot fleet on every connection), and two SHA-256s per request are
// most of the correlator's cost. The key is the exact input, so a hit is always the true value.
import type { HttpRequest } from '../../../common/events/http-request.js';
import { ja4h, type Ja4hResult } from '../fingerprint/ja4h.js';

const MAX_ENTRIES = 8192;

export class Ja4hCache {
  private map = new Map<string, Ja4hResult>();
  hits = 0;
  misses = 0;

  /** `prev`: the last request on the same connection, whose headers are usually identical. */
  get(req: HttpRequest, prev?: { req: HttpRequest; fp: Ja4hResult }): Ja4hResult {
    if (prev && sameInput(prev.req, req)) {
      this.hits++;
      return prev.fp;
    }
    let key = req.method + '\u0000' + req.http_version;
    for (const [n, v] of req.headers) key += '\u0000' + n + '\u0001' + v;
    const hit = this.map.get(key);
    if (hit) {
      this.hits++;
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

function sameInput(a: HttpRequest, b: HttpRequest): boolean {
  if (a.method !== b.method || a.http_version !== b.http_version) return false;
  const ha = a.headers;
  const hb = b.headers;
  if (ha.length !== hb.length) return false;
  for (let i = 0; i < ha.length; i++) {
    const x = ha[i] as readonly [string, string];
    const y = hb[i] as readonly [string, string];
    if (x[0] !== y[0] || x[1] !== y[1]) return false;
  }
  return true;
}
