// Per-fingerprint cohorts of a window: the IPs whose traffic is mostly one JA4, one JA4 +
// User-Agent, or one JA4 + path class (at least MEMBER_SHARE of their requests). A cohort pools
// its members' whole traffic into one behaviour vector (behaviour.ts), so it is judged like an IP
// and compared with IPs: 25 people who signed in are 25 people browsing (they are not members of
// the login cohort: login is a small part of their traffic), while 200 addresses that only post
// to the login form are one client posting 400 times. What only a group has is kept beside it:
// how many IPs, how their request counts are spread, how many were too small to judge alone,
// how concentrated the cohort's own requests are on one path.
import { median } from '../util/stats.js';
import { BEHAVIOUR_NAMES, BROWSER_ASSET_SHARE, CV_COL, Pool } from './behaviour.js';
import type { CohortRows, GroupRow } from './rows.js';

export type CohortKind = 'ja4' | 'ja4_ua' | 'ja4_path';
export const COHORT_KINDS: readonly CohortKind[] = ['ja4', 'ja4_ua', 'ja4_path'];

/** An IP belongs to a cohort when at least this share of its requests carries the cohort's key. */
export const MEMBER_SHARE = 0.5;

export interface Cohort {
  kind: CohortKind;
  ja4: string;
  /** The User-Agent (ja4_ua) or the path class (ja4_path); '' for ja4. */
  detail: string;
  /** The members' whole traffic. */
  pool: Pool;
  /** Member IP -> its requests in the window. */
  members: Map<string, number>;
  ips: number;
  /** Median and coefficient of variation of the members' request counts. */
  medianRequests: number;
  medianPaths: number;
  requestsCv: number;
  /** Share of members below the minimum requests: invisible one by one. */
  smallIpShare: number;
  /** The most requested path among the cohort's own requests, and its share of them. */
  topPath: string;
  topPathShare: number;
  /**
   * The typical member: the median of the members' behaviour vectors, feature by feature (a mean
   * of people who either do or do not use HTTP/1.1 is nobody). Timing: the median member's CV;
   * when most members sent too little for one (two requests each), the CV of all their gaps
   * together — how regular the cohort is as a whole.
   */
  vector: number[];
  /**
   * The typical member is a person's browser: its User-Agent agrees with its JA4 on every request
   * and it loads page assets (the NAT awareness rule, behaviour.ts). Such a cohort is people who
   * share a popular browser build (phones of one model, an office fleet), not one client.
   */
  browsing: boolean;
}

export const cohortKey = (kind: CohortKind, g: Pick<GroupRow, 'ja4' | 'ua' | 'pclass'>): string =>
  kind === 'ja4'
    ? `ja4\u0000${g.ja4}`
    : kind === 'ja4_ua'
      ? `ja4_ua\u0000${g.ja4}\u0000${g.ua}`
      : `ja4_path\u0000${g.ja4}\u0000${g.pclass}`;

export function ipPools(rows: CohortRows): Map<string, Pool> {
  const out = new Map<string, Pool>();
  for (const g of rows.groups) {
    let p = out.get(g.src_ip);
    if (!p) out.set(g.src_ip, (p = new Pool()));
    p.add(g);
  }
  return out;
}

function cv(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = values.reduce((s, v) => s + v, 0) / values.length;
  const v = values.reduce((s, x) => s + (x - m) * (x - m), 0) / values.length;
  return m > 0 ? Math.sqrt(v) / m : 0;
}

export function buildCohorts(
  rows: CohortRows,
  pools: ReadonlyMap<string, Pool>,
  minRequests: number,
  typical = 0,
): Cohort[] {
  // Requests per (IP, key), and each key's kind, JA4 and detail.
  const perIpKey = new Map<string, Map<string, number>>();
  const meta = new Map<string, { kind: CohortKind; ja4: string; detail: string }>();
  for (const g of rows.groups) {
    let m = perIpKey.get(g.src_ip);
    if (!m) perIpKey.set(g.src_ip, (m = new Map()));
    for (const kind of COHORT_KINDS) {
      const key = cohortKey(kind, g);
      m.set(key, (m.get(key) ?? 0) + g.n);
      if (!meta.has(key))
        meta.set(key, {
          kind,
          ja4: g.ja4,
          detail: kind === 'ja4' ? '' : kind === 'ja4_ua' ? g.ua : g.pclass,
        });
    }
  }
  const members = new Map<string, Map<string, number>>();
  for (const [ip, keys] of perIpKey) {
    const total = pools.get(ip)?.requests ?? 0;
    for (const [key, n] of keys) {
      if (total === 0 || n < MEMBER_SHARE * total) continue;
      let m = members.get(key);
      if (!m) members.set(key, (m = new Map()));
      m.set(ip, total);
    }
  }
  // The cohort's own requests per path (the groups only know their top path).
  const pathCounts = new Map<string, Map<string, number>>();
  for (const p of rows.paths) {
    for (const kind of COHORT_KINDS) {
      const key = cohortKey(kind, p);
      if (!members.has(key)) continue;
      let m = pathCounts.get(key);
      if (!m) pathCounts.set(key, (m = new Map()));
      m.set(p.path, (m.get(p.path) ?? 0) + p.n);
    }
  }
  const out: Cohort[] = [];
  for (const [key, m] of members) {
    const pool = new Pool();
    const counts: number[] = [];
    const paths: number[] = [];
    let small = 0;
    for (const [ip, total] of m) {
      const p = pools.get(ip)!;
      pool.merge(p);
      counts.push(total);
      paths.push(p.paths);
      if (total < minRequests) small++;
    }
    let best = '';
    let bestN = 0;
    let all = 0;
    for (const [path, n] of pathCounts.get(key) ?? []) {
      all += n;
      if (n > bestN || (n === bestN && path < best)) {
        best = path;
        bestN = n;
      }
    }
    const vs = [...m.keys()].map((ip) => pools.get(ip)!.vector(typical));
    const vector = BEHAVIOUR_NAMES.map((_, c) => median(vs.map((v) => v[c]!)));
    const cvs = vs.map((v) => v[CV_COL]!).filter(Number.isFinite);
    vector[CV_COL] = cvs.length * 2 >= vs.length ? median(cvs) : pool.intervalCv;
    const col = (name: (typeof BEHAVIOUR_NAMES)[number]) => vector[BEHAVIOUR_NAMES.indexOf(name)]!;
    out.push({
      ...meta.get(key)!,
      vector,
      browsing:
        pool.consistent.size > 0 &&
        col('ua_mismatch_share') === 0 &&
        col('asset_share') >= BROWSER_ASSET_SHARE,
      pool,
      members: m,
      ips: m.size,
      medianRequests: median(counts),
      medianPaths: median(paths),
      requestsCv: cv(counts),
      smallIpShare: small / m.size,
      topPath: best,
      topPathShare: all > 0 ? bestN / all : 0,
    });
  }
  return out.sort((a, b) => (a.kind + a.ja4 + a.detail).localeCompare(b.kind + b.ja4 + b.detail));
}
