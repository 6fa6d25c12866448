// Cohorts and NAT awareness on hand-built windows: ordinary visitors (each a browser whose
// User-Agent agrees with its JA4, pages with their assets, cookies, irregular think time) and the
// cases issue 20 names. The truth is what was built: which addresses are the botnet, which the
// office. No store: the rows are what the cohort query returns (rows.ts).
import { describe, expect, it } from 'vitest';
import { createRng } from '../util/prng.js';
import { DEFAULT_DETECT_PARAMS } from '../defaults.js';
import { detectWithCohorts, type CohortParams } from './detect-cohort.js';
import type { CohortRows, GroupRow, PathRow } from './rows.js';

const CHROME = 't13d1516h2_8daaf6152771_e5627efa2ab1';
const FIREFOX = 't13d1715h2_5b57614c22b0_3d5424432f57';
const GO = 't13d1615h2_46e7e9700bed_45f260be83e2';
const chromeUa = (v: number, os = 'Windows NT 10.0; Win64; x64') =>
  `Mozilla/5.0 (${os}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${v}.0.0.0 Safari/537.36`;
const firefoxUa = (v: number) =>
  `Mozilla/5.0 (X11; Linux x86_64; rv:${v}.0) Gecko/20100101 Firefox/${v}.0`;

const rng = createRng(7);
const int = (lo: number, hi: number) => lo + rng.int(hi - lo + 1);

/** Gap statistics of `n` requests with gaps drawn by `gap`. */
function gaps(n: number, gap: () => number) {
  const g = Array.from({ length: Math.max(0, n - 1) }, gap);
  return {
    gap_n: g.length,
    gap_sum: g.reduce((s, x) => s + x, 0),
    gap_sq: g.reduce((s, x) => s + x * x, 0),
  };
}

function group(
  p: Partial<GroupRow> & Pick<GroupRow, 'src_ip' | 'ja4' | 'ua' | 'pclass' | 'n'>,
): GroupRow {
  const n = p.n;
  return {
    ua_family: p.ua.includes('Firefox/')
      ? 'firefox'
      : p.ua.includes('Chrome/')
        ? 'chrome'
        : 'other',
    ja4_family: p.ja4 === CHROME ? 'chrome' : p.ja4 === FIREFOX ? 'firefox' : 'tool',
    n4xx: 0,
    posts: 0,
    no_cookie: 0,
    no_lang: 0,
    http1: 0,
    headers: 10 * n,
    paths: n,
    top_path: '/',
    top_path_n: 1,
    first_ms: 0,
    ...gaps(n, () => 2_000 + rng.next() * 60_000),
    ...p,
  };
}

/** One person browsing: pages (cookies after the first) and their assets. */
function person(ip: string, browser = pickBrowser()): GroupRow[] {
  const pages = int(4, 14);
  const assets = int(pages, 3 * pages);
  const think = () => 1_000 + Math.exp(9 + 1.1 * (rng.next() * 2 - 1));
  return [
    group({
      src_ip: ip,
      ...browser,
      pclass: 'page',
      n: pages,
      no_cookie: 1,
      paths: pages - int(0, 2),
      top_path_n: int(1, 2),
      ...gaps(pages, think),
    }),
    group({
      src_ip: ip,
      ...browser,
      pclass: 'asset',
      n: assets,
      no_cookie: int(0, assets),
      headers: 6 * assets,
      paths: Math.min(5, assets),
      top_path_n: Math.ceil(assets / 4),
      top_path: '/static/app.js',
      ...gaps(assets, () => (rng.next() < 0.7 ? 50 + rng.next() * 800 : think())),
    }),
  ];
}

function pickBrowser(): { ja4: string; ua: string } {
  return rng.next() < 0.6
    ? {
        ja4: CHROME,
        ua: chromeUa(
          int(128, 131),
          rng.next() < 0.7 ? undefined : 'Macintosh; Intel Mac OS X 10_15_7',
        ),
      }
    : { ja4: FIREFOX, ua: firefoxUa(int(130, 133)) };
}

/**
 * Rows of several people behind one address merge per (JA4, UA, path class), as the query does:
 * counts add up, the top path's count too (people share the popular pages and app.js), and
 * distinct paths overlap (zipf-popular pages: a share of each person's pages are someone else's).
 */
function merge(rows: GroupRow[]): GroupRow[] {
  const m = new Map<string, GroupRow>();
  for (const r of rows) {
    const k = `${r.src_ip}|${r.ja4}|${r.ua}|${r.pclass}`;
    const c = m.get(k);
    if (!c) m.set(k, { ...r });
    else {
      for (const f of [
        'n',
        'n4xx',
        'posts',
        'no_cookie',
        'no_lang',
        'http1',
        'headers',
        'gap_n',
        'gap_sum',
        'gap_sq',
        'top_path_n',
      ] as const)
        c[f] += r[f];
      c.paths = Math.min(c.pclass === 'asset' ? 5 : 211, c.paths + Math.round(r.paths * 0.4));
    }
  }
  return [...m.values()];
}

function paths(groups: GroupRow[]): PathRow[] {
  return groups.map((g) => ({ ja4: g.ja4, ua: g.ua, pclass: g.pclass, path: g.top_path, n: g.n }));
}

const params: CohortParams = {
  ...DEFAULT_DETECT_PARAMS,
  minRequests: 5,
  cohortMinIps: 5,
  cohortScoring: true,
};

const people = Array.from({ length: 400 }, (_, i) => person(`198.51.${i >> 8}.${i & 255}`)).flat();
const botnet = Array.from({ length: 200 }, (_, i) =>
  group({
    src_ip: `203.0.${i >> 8}.${(i & 255) + 1}`,
    ja4: GO,
    ua: chromeUa(120 + (i % 6)),
    pclass: 'auth',
    n: 2,
    n4xx: 2,
    posts: 2,
    no_cookie: 2,
    headers: 12,
    paths: 1,
    top_path: '/account/login',
    top_path_n: 2,
    ...gaps(2, () => 2_500 + rng.next() * 1_500),
  }),
);
const OFFICE = '192.0.2.50';
const fleet = { ja4: CHROME, ua: chromeUa(131) };
const office = merge(
  Array.from({ length: 30 }, (_, i) => person(OFFICE, i < 15 ? fleet : pickBrowser())).flat(),
);
const ROTATOR = '192.0.2.99';
const rotator = [128, 129, 130, 131].map((v) =>
  group({
    src_ip: ROTATOR,
    ja4: GO,
    ua: chromeUa(v),
    pclass: 'search',
    n: 40,
    no_cookie: 40,
    headers: 200,
    paths: 40,
    ...gaps(40, () => 1_000 + rng.next() * 200),
  }),
);

/**
 * A scraping library behind a rotating residential proxy pool: 120 exits, 2-10 product pages each
 * (about half at or above min-requests, so in the training set: the masking case), no cookies, no
 * assets, HTTP/1.1, a handful of spoofed Chrome User-Agents over a library's JA4.
 */
const proxy = Array.from({ length: 120 }, (_, i) => {
  const n = int(2, 10);
  return proxyExit(`100.64.${i >> 8}.${(i & 255) + 1}`, i, n, rng.next() < 0.3 ? 1 : 0);
});

/** One exit of a proxy scraper: `n` product pages, no cookies, HTTP/1.1, a spoofed Chrome UA. */
function proxyExit(ip: string, i: number, n: number, n4xx: number): GroupRow {
  return group({
    src_ip: ip,
    ja4: GO,
    ua: chromeUa(124 + (i % 5)),
    pclass: 'page',
    n,
    n4xx,
    no_cookie: n,
    http1: n,
    headers: 5 * n,
    paths: n,
    top_path: `/p/${1000 + i * 10}`,
    top_path_n: 1,
    ...gaps(n, () => 1_000 + rng.next() * 5_000),
  });
}

/**
 * Phones whose session moves between two or three addresses (cell towers, Wi-Fi): each address
 * sees a page or two, some of their assets, the session cookie — few requests an address, all on
 * the one Android Chrome, so the addresses form a cohort of small IPs.
 */
const ANDROID = 'Linux; Android 14; Pixel 8';
const phones = Array.from({ length: 40 }, (_, i) => {
  const ua = chromeUa(130, ANDROID).replace('Safari/', 'Mobile Safari/');
  return Array.from({ length: int(2, 3) }, (_, a) => {
    const ip = `10.${i}.${a}.7`;
    const pages = int(1, 3);
    const assets = int(0, 2 * pages);
    const rows = [
      group({
        src_ip: ip,
        ja4: CHROME,
        ua,
        pclass: 'page',
        n: pages,
        paths: pages,
        ...gaps(pages, () => 3_000 + rng.next() * 20_000),
      }),
    ];
    if (assets > 0)
      rows.push(
        group({
          src_ip: ip,
          ja4: CHROME,
          ua,
          pclass: 'asset',
          n: assets,
          headers: 6 * assets,
          paths: Math.min(5, assets),
          top_path: '/static/app.js',
          ...gaps(assets, () => 50 + rng.next() * 800),
        }),
      );
    return rows;
  }).flat();
}).flat();

function run(groups: GroupRow[], p: CohortParams = params) {
  const rows: CohortRows = { groups, paths: paths(groups) };
  return detectWithCohorts(rows, p);
}

describe('cohorts (issue 20)', () => {
  const d = run([...people, ...botnet, ...office, ...rotator, ...proxy, ...phones]);
  const byIp = new Map(d.results.map((r) => [r.src_ip, r]));

  it('flags every IP of a 200-IP botnet sending 2 requests each, through its cohort', () => {
    const members = botnet.map((g) => byIp.get(g.src_ip)!);
    expect(members.every((r) => r.is_anomaly)).toBe(true);
    expect(members[0]!.reasons[0]!.text).toMatch(
      /^one of 200 IPs sharing JA4 t13d1615h2_46e7e9700bed_45f260be83e2.*under 5 requests.*posting to \/account\/login with 100% 4xx/,
    );
  });

  it('without cohorts the same IPs are not scored at all (under the minimum)', () => {
    const alone = run([...people, ...botnet], { ...params, cohortScoring: false });
    const ip = botnet[0]!.src_ip;
    expect(alone.results.find((r) => r.src_ip === ip)!.is_anomaly).toBe(false);
    expect(alone.results.find((r) => r.src_ip === ip)!.score).toBe(0);
  });

  it('does not flag a 30-person office behind one IP, and says why it is people', () => {
    const o = byIp.get(OFFICE)!;
    expect(o.features.requests).toBeGreaterThan(500);
    expect(o.features.consistent_pairs).toBeGreaterThanOrEqual(5);
    expect(o.is_anomaly).toBe(false);
  });

  it('flags one IP rotating browser User-Agents over one non-browser JA4, and says so', () => {
    const r = byIp.get(ROTATOR)!;
    expect(r.is_anomaly).toBe(true);
    expect(r.reasons.map((x) => x.text).join(' | ')).toMatch(
      /rotates 4 browser User-Agents over one JA4 that is not that browser/,
    );
  });

  it('flags every exit of a residential-proxy scraper, half of them big enough to train on', () => {
    const exits = proxy.map((g) => byIp.get(g.src_ip)!);
    expect(exits.filter((r) => (r.features.requests ?? 0) >= 5).length).toBeGreaterThan(40);
    expect(exits.every((r) => r.is_anomaly)).toBe(true);
    expect(exits[0]!.reasons[0]!.text).toMatch(
      /^one of \d+ IPs sharing JA4 t13d1615h2_46e7e9700bed/,
    );
  });

  it('flags a proxy scraper with more exits than there are people, every exit above the minimum', () => {
    // 500 exits of 5-10 requests: the scraper is most of the training set, one dense cluster. Only
    // when its exits count as one client does it stand apart from the 400 people.
    const wide = Array.from({ length: 500 }, (_, i) =>
      proxyExit(`100.65.${i >> 8}.${(i & 255) + 1}`, i, int(5, 10), 0),
    );
    const w = run([...people, ...wide]);
    const flagged = new Set(w.results.filter((r) => r.is_anomaly).map((r) => r.src_ip));
    expect(wide.filter((g) => !flagged.has(g.src_ip))).toEqual([]);
    const humans = new Set(people.map((g) => g.src_ip));
    expect([...flagged].filter((ip) => humans.has(ip)).length).toBeLessThanOrEqual(20);
  });

  it('does not flag phones whose session moved between addresses (a cohort of people)', () => {
    const ips = [...new Set(phones.map((g) => g.src_ip))];
    expect(ips.length).toBeGreaterThanOrEqual(80);
    const flagged = ips.filter((ip) => byIp.get(ip)!.is_anomaly);
    expect(flagged).toEqual([]);
    // They do form a cohort (one phone model): it is scored, but lifts nobody.
    const own = d.cohorts.find((c) => c.kind === 'ja4_ua' && c.detail.includes(ANDROID))!;
    expect(own.ips).toBe(ips.length);
    expect(own.browsing).toBe(true);
  });
});
