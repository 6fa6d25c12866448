// The behaviour vector the IP forest sees. Every share is over the IP's requests, the timing CV
// over the gaps of every group (exact: count, sum and sum of squares add up).
// Volume is per person: an IP's requests and paths are divided by the consistent browser pairs
// behind it (a User-Agent whose family agrees with its JA4's), so an office of 30 people is
// judged as the people in it, not as one client 30 times as busy. A cohort's vector is its
// typical member's (cohorts.ts).
import type { GroupRow } from './rows.js';

// `high`: only more than usual is suspicious. The forest isolates in both directions, and a person
// reading two pages (or a phone whose session left this address after one) is rare beside the
// window's median visitor without being any less a person; the forest sees such a volume at the
// window's median (detect-cohort.ts). Few requests an address is what distributed bots do, and the
// cohort judges them, on their pooled traffic.
export const BEHAVIOUR = [
  { name: 'requests_per_person', kind: 'count', log: true, high: true },
  { name: 'paths_per_person', kind: 'count', log: true, high: true },
  { name: 'asset_share', kind: 'share', log: false },
  { name: 'no_cookie_share', kind: 'share', log: false },
  { name: 'ratio_4xx', kind: 'share', log: false },
  { name: 'auth_share', kind: 'share', log: false },
  { name: 'auth_refused_share', kind: 'share', log: false },
  { name: 'interval_cv', kind: 'ratio', log: false },
  { name: 'mean_headers', kind: 'number', log: false },
  { name: 'no_accept_language_share', kind: 'share', log: false },
  { name: 'http1_share', kind: 'share', log: false },
  { name: 'ua_mismatch_share', kind: 'share', log: false },
  { name: 'inconsistent_pairs', kind: 'count', log: false },
] as const;
export type BehaviourName = (typeof BEHAVIOUR)[number]['name'];
export const BEHAVIOUR_NAMES: readonly BehaviourName[] = BEHAVIOUR.map((f) => f.name);
export const CV_COL = BEHAVIOUR_NAMES.indexOf('interval_cv');

const BROWSERS = new Set(['chrome', 'firefox', 'safari']);
/** A pair whose requests are at least this share page assets behaves like a browser. */
export const BROWSER_ASSET_SHARE = 0.2;

/** The UA claims a browser and the JA4 is a known, different client (features/sql-fragments.ts). */
export const isMismatch = (g: Pick<GroupRow, 'ua_family' | 'ja4_family'>): boolean =>
  BROWSERS.has(g.ua_family) && g.ja4_family !== 'unknown' && g.ja4_family !== g.ua_family;

/** The UA claims a browser and the JA4 is that browser: what a person's browser sends. */
export const isConsistent = (g: Pick<GroupRow, 'ua_family' | 'ja4_family'>): boolean =>
  BROWSERS.has(g.ua_family) && g.ja4_family === g.ua_family;

/** Sums over groups of rows; the vector divides them at the end. */
export class Pool {
  requests = 0;
  paths = 0;
  asset = 0;
  noCookie = 0;
  n4xx = 0;
  auth = 0;
  auth4xx = 0;
  authPosts = 0;
  gapN = 0;
  gapSum = 0;
  gapSq = 0;
  headers = 0;
  noLang = 0;
  http1 = 0;
  mismatch = 0;
  /** ja4 + UA pairs: consistent (browser UA on its own JA4) or not (browser UA on another client). */
  readonly consistent = new Set<string>();
  /** Requests and asset requests of each consistent pair (how many people one pair stands for). */
  readonly pairLoad = new Map<string, { n: number; asset: number }>();
  readonly inconsistent = new Set<string>();
  readonly uas = new Set<string>();
  readonly ja4s = new Set<string>();
  /** Requests per path, from the groups' top paths (exact per group; enough for a top share). */
  topPath = '';
  topPathN = 0;

  add(g: GroupRow): void {
    this.requests += g.n;
    this.paths += g.paths;
    if (g.pclass === 'asset') this.asset += g.n;
    if (g.pclass === 'auth') {
      this.auth += g.n;
      this.auth4xx += g.n4xx;
      this.authPosts += g.posts;
    }
    this.noCookie += g.no_cookie;
    this.n4xx += g.n4xx;
    this.gapN += g.gap_n;
    this.gapSum += g.gap_sum;
    this.gapSq += g.gap_sq;
    this.headers += g.headers;
    this.noLang += g.no_lang;
    this.http1 += g.http1;
    const pair = `${g.ja4}\u0000${g.ua}`;
    if (isMismatch(g)) {
      this.mismatch += g.n;
      this.inconsistent.add(pair);
    } else if (isConsistent(g)) {
      this.consistent.add(pair);
      const l = this.pairLoad.get(pair) ?? { n: 0, asset: 0 };
      l.n += g.n;
      if (g.pclass === 'asset') l.asset += g.n;
      this.pairLoad.set(pair, l);
    }
    this.uas.add(g.ua);
    this.ja4s.add(g.ja4);
    if (g.top_path_n > this.topPathN) {
      this.topPathN = g.top_path_n;
      this.topPath = g.top_path;
    }
  }

  /** Adds another pool (a cohort pools its member IPs' whole traffic). */
  merge(o: Pool): void {
    this.requests += o.requests;
    this.paths += o.paths;
    this.asset += o.asset;
    this.noCookie += o.noCookie;
    this.n4xx += o.n4xx;
    this.auth += o.auth;
    this.auth4xx += o.auth4xx;
    this.authPosts += o.authPosts;
    this.gapN += o.gapN;
    this.gapSum += o.gapSum;
    this.gapSq += o.gapSq;
    this.headers += o.headers;
    this.noLang += o.noLang;
    this.http1 += o.http1;
    this.mismatch += o.mismatch;
    for (const x of o.consistent) this.consistent.add(x);
    for (const x of o.inconsistent) this.inconsistent.add(x);
    for (const x of o.uas) this.uas.add(x);
    for (const x of o.ja4s) this.ja4s.add(x);
    if (o.topPathN > this.topPathN) {
      this.topPathN = o.topPathN;
      this.topPath = o.topPath;
    }
  }

  /**
   * People the requests stand for: each consistent browser pair is at least one person, and a
   * pair that behaves like a browser (loads page assets) and carries several people's traffic
   * stands for that many (`typical`: a person's requests in this window) — an office's people
   * mostly run the same browser build, so one pair can be twenty people. A pair without assets
   * (a scraper in a real browser) stays one.
   */
  people(typical = 0): number {
    let people = 0;
    for (const { n, asset } of this.pairLoad.values())
      people +=
        typical > 0 && asset >= BROWSER_ASSET_SHARE * n ? Math.max(1, Math.floor(n / typical)) : 1;
    return Math.max(1, people);
  }

  /** CV of the gaps between requests (NaN below 2 gaps: unknown, imputed by the caller). */
  get intervalCv(): number {
    const k = this.gapN;
    if (k < 2 || this.gapSum <= 0) return Number.NaN;
    const v = k * this.gapSq - this.gapSum * this.gapSum;
    return Math.sqrt(Math.max(0, v)) / this.gapSum;
  }

  /** Raw values in BEHAVIOUR order; `typical`: a person's requests in the window (people()). */
  vector(typical = 0): number[] {
    const people = this.people(typical);
    const r = Math.max(1, this.requests);
    return [
      this.requests / people,
      this.paths / people,
      this.asset / r,
      this.noCookie / r,
      this.n4xx / r,
      this.auth / r,
      this.auth4xx / r,
      this.intervalCv,
      this.headers / r,
      this.noLang / r,
      this.http1 / r,
      this.mismatch / r,
      this.inconsistent.size,
    ];
  }
}
