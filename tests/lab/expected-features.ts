// The detector's features per (client IP, JA4), computed here from the lab's truth table, written
// from the definitions in docs/detector.md and main/detector/features/catalog.ts without the
// product's SQL, so the store's per-minute aggregates and the feature query are checked against
// what the servers really served.
import { JA4_FAMILIES } from '../../main/detector/features/ja4-families.js';
import { AUTOMATION_UA } from '../../main/detector/features/automation-ua.js';
import type { TruthConnection } from './truth.js';

export type Features = Record<string, number>;

/** The User-Agent's claimed family (the same classes as the detector's). */
function uaFamily(ua: string): string {
  if (new RegExp(AUTOMATION_UA).test(ua)) return 'automation';
  if (
    /(curl|wget|python|go-http|java\/|okhttp|libwww|scrapy|httpclient|axios|node-fetch)/i.test(ua)
  )
    return 'tool';
  if (ua.includes('Firefox/')) return 'firefox';
  if (/Chrome\/|Chromium\/|Edg\/|CriOS\//.test(ua)) return 'chrome';
  if (ua.includes('Safari/')) return 'safari';
  return ua === '' ? 'none' : 'other';
}

function ja4Family(ja4: string): string {
  const exact = JA4_FAMILIES.find((f) => f.key === ja4);
  if (exact) return exact.family;
  return JA4_FAMILIES.find((f) => f.key === ja4.split('_')[1])?.family ?? 'unknown';
}

/** Shannon entropy in bits of the values' distribution. */
function entropy(values: readonly string[]): number {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let h = 0;
  for (const c of counts.values()) {
    const p = c / values.length;
    h -= p * Math.log2(p);
  }
  return h;
}

function cv(times: number[]): number {
  const ts = [...times].sort((a, b) => a - b);
  const gaps = ts.slice(1).map((t, i) => t - ts[i]!);
  if (gaps.length < 2) return 0;
  const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
  if (mean <= 0) return 0;
  const sd = Math.sqrt(gaps.reduce((a, g) => a + (g - mean) ** 2, 0) / gaps.length);
  return sd / mean;
}

/** Expected features keyed `ip|ja4`, for entities with at least one request. */
export function expectedFeatures(conns: readonly TruthConnection[]): Map<string, Features> {
  const out = new Map<string, Features>();
  const byEntity = new Map<string, TruthConnection[]>();
  for (const c of conns) {
    const k = `${c.ip}|${c.ja4}`;
    byEntity.set(k, [...(byEntity.get(k) ?? []), c]);
  }
  const withRequests = conns.filter((c) => c.requests.length > 0);
  for (const [k, cs] of byEntity) {
    const [ip, ja4] = k.split('|') as [string, string];
    const reqs = cs.flatMap((c) => c.requests);
    const n = reqs.length;
    if (n === 0) continue;
    const perMinute = new Map<number, number>();
    for (const r of reqs) {
      const m = Math.floor(r.t / 60_000);
      perMinute.set(m, (perMinute.get(m) ?? 0) + 1);
    }
    const handshakeOnly = cs.filter((c) => c.requests.length === 0).length;
    const portsWithRequests = new Set(cs.filter((c) => c.requests.length > 0).map((c) => c.port))
      .size;
    const jf = ja4Family(ja4);
    out.set(k, {
      requests: n,
      peak_rpm: Math.max(...perMinute.values()),
      distinct_paths: new Set(reqs.map((r) => r.path)).size,
      path_entropy: entropy(reqs.map((r) => r.path)),
      ratio_4xx: reqs.filter((r) => r.status >= 400 && r.status < 500).length / n,
      ratio_5xx: reqs.filter((r) => r.status >= 500 && r.status < 600).length / n,
      ip_distinct_ja4: new Set(withRequests.filter((c) => c.ip === ip).map((c) => c.ja4)).size,
      ua_distinct: new Set(reqs.map((r) => r.ua)).size,
      ja4_ua_distinct: new Set(
        withRequests.filter((c) => c.ja4 === ja4).flatMap((c) => c.requests.map((r) => r.ua)),
      ).size,
      ua_mismatch_share:
        reqs.filter((r) => {
          const uf = uaFamily(r.ua);
          return ['chrome', 'firefox', 'safari'].includes(uf) && jf !== 'unknown' && jf !== uf;
        }).length / n,
      mean_headers: reqs.reduce((a, r) => a + r.headers, 0) / n,
      no_accept_language_share: reqs.filter((r) => !r.acceptLanguage).length / n,
      no_cookie_share: reqs.filter((r) => !r.cookie).length / n,
      http1_share: reqs.filter((r) => r.http.startsWith('1')).length / n,
      interval_cv: cv(reqs.map((r) => Math.floor(r.t))),
      handshake_only_share: handshakeOnly / (handshakeOnly + portsWithRequests),
      recurrence_days: new Set(reqs.map((r) => new Date(r.t).toISOString().slice(0, 10))).size,
    });
  }
  return out;
}
