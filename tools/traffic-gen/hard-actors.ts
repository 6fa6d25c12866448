// The harder cast of issue 20: bots that look normal one address at a time, and people who look
// abnormal one address at a time. Realism notes (docs/detector.md, "The harder scenario"):
// - distributed credential stuffing: combo-list tools spread over a botnet or proxy pool send one
//   to three login attempts per address per hour to stay under per-IP rate limits, nearly all
//   refused; one HTTP stack (one JA4), a spoofed browser User-Agent;
// - residential-proxy scrapers: a scraping library behind a rotating residential proxy pool, a
//   handful of product pages per exit address, no cookies, no assets, a spoofed Chrome UA;
// - browser-identical stealth scrapers: a real Chrome (automation) with its own JA4 and UA, full
//   browser headers and a session cookie, human-like jittered pacing, but no page assets (blocked
//   to save bandwidth) and far more distinct pages than a person reads;
// - offices: 10-40 people behind one address, most on the company's one browser build (identical
//   User-Agent), the rest varied; carrier-grade NAT: 30-80 phone users behind one address, short
//   sessions; mobile users whose session moves between addresses (cell towers, Wi-Fi) with the
//   session cookie kept;
// - people log in now and then (a typo gets a 401).
import { JA4, type Ja4Entry } from './ja4-catalog.js';
import {
  ASSETS,
  CATEGORIES,
  HOST,
  LANGS,
  SESSIONS,
  browserHeaders,
  cadence,
  loginPost,
  pageView,
  productGet,
  toolHeaders,
  type Sink,
} from './actors.js';
import type { Draw } from './random.js';

export interface Browser {
  ja4: Ja4Entry;
  ua: string;
  chromium: boolean;
}

const WIN = 'Windows NT 10.0; Win64; x64';
const MAC = 'Macintosh; Intel Mac OS X 10_15_7';
const LINUX = 'X11; Linux x86_64';
const ANDROID = [
  'Linux; Android 14; Pixel 8',
  'Linux; Android 13; SM-S911B',
  'Linux; Android 14; K',
];

const chromeUa = (platform: string, v: number, mobile = false) =>
  `Mozilla/5.0 (${platform}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${v}.0.0.0 ${mobile ? 'Mobile ' : ''}Safari/537.36`;
const edgeUa = (v: number) => `${chromeUa(WIN, v)} Edg/${v}.0.0.0`;
const firefoxUa = (platform: string, v: number) =>
  `Mozilla/5.0 (${platform}; rv:${v}.0) Gecko/20100101 Firefox/${v}.0`;

/** A desktop browser as people have them: recent versions across platforms, JA4 to match. */
export function desktopBrowser(d: Draw): Browser {
  const v = d.int(128, 131);
  return d.weighted<Browser>([
    [{ ja4: JA4.chrome, ua: chromeUa(WIN, v), chromium: true }, 30],
    [{ ja4: JA4.chrome2, ua: chromeUa(MAC, v), chromium: true }, 15],
    [{ ja4: JA4.chrome, ua: chromeUa(LINUX, v), chromium: true }, 5],
    [{ ja4: JA4.chromeQuic, ua: edgeUa(v), chromium: true }, 15],
    [{ ja4: JA4.firefox, ua: firefoxUa(WIN, v + 2), chromium: false }, 20],
    [{ ja4: JA4.firefox, ua: firefoxUa(LINUX, v + 2), chromium: false }, 10],
    [{ ja4: JA4.firefox, ua: firefoxUa(MAC, v + 2), chromium: false }, 5],
  ]);
}

export function mobileBrowser(d: Draw): Browser {
  const v = d.int(128, 131);
  return d.chance(0.85)
    ? { ja4: JA4.chrome2, ua: chromeUa(d.pick(ANDROID), v, true), chromium: true }
    : { ja4: JA4.firefox, ua: firefoxUa('Android 14; Mobile', v + 2), chromium: false };
}

export interface VisitOptions {
  /** Where each session comes from: one IP, or a session that moves between addresses. */
  ips: readonly string[];
  browser: Browser;
  kind: string;
  sessions?: number;
  /** Short phone sessions. */
  mobile?: boolean;
}

/** One person: sessions of pages with their assets, think time, cookies, sometimes a login. */
export function visit(s: Sink, o: VisitOptions): void {
  const d = s.d;
  const { ja4, ua, chromium } = o.browser;
  const version = ja4 === JA4.chromeQuic ? '3' : d.chance(0.05) ? '1.1' : '2';
  const lang = d.pick(LANGS);
  const identity = { ua, lang, chromium, version };
  let cookie = o.ips.length > 1 || d.chance(0.5);
  const sessions = o.sessions ?? d.weighted(SESSIONS);
  for (let si = 0; si < sessions; si++) {
    let t = d.uniform(s.start, s.end);
    const pages = o.mobile
      ? 1 + Math.floor(d.logNormal(3, 0.7))
      : 2 + Math.floor(d.logNormal(6, 0.7));
    let referer = false;
    let ipIdx = d.int(0, o.ips.length - 1);
    let port = d.int(1024, 65535);
    if (d.chance(0.15)) s.handshakeOnly(o.ips[ipIdx]!, ja4, t - d.uniform(100, 2000));
    for (let p = 0; p < pages; p++) {
      // A moving phone changes address between pages now and then (new connection).
      if (o.ips.length > 1 && p > 0 && d.chance(0.3)) {
        ipIdx = (ipIdx + 1) % o.ips.length;
        port = d.int(1024, 65535);
      }
      const ip = o.ips[ipIdx]!;
      if (p === 1 && d.chance(0.08)) {
        // Signing in: a typo now and then.
        const tries = d.chance(0.15) ? 2 : 1;
        for (let k = 0; k < tries; k++) {
          s.request(ip, port, ja4, t, {
            method: 'POST',
            path: '/account/login',
            http_version: version,
            status: k < tries - 1 ? 401 : 302,
            headers: [
              ...browserHeaders(ua, lang, cookie, true, chromium),
              ['content-type', 'application/x-www-form-urlencoded'],
              ['origin', `https://${HOST}`],
            ],
          });
          t += d.logNormal(6_000, 0.5);
        }
      }
      pageView(s, ip, port, ja4, t, { ...identity, cookie, referer, first: p === 0 });
      cookie = true;
      referer = true;
      t += d.logNormal(o.mobile ? 8_000 : 12_000, 1.1);
    }
  }
  if (d.chance(0.5)) s.history(o.ips[0]!, ja4, d.int(1, 20), ua);
  for (const ip of new Set(o.ips)) s.label(ip, ja4, 'human', o.kind);
}

/** An office: most people on the company's browser build, the rest on their own. */
export function office(s: Sink, ip: string, people: number): void {
  const d = s.d;
  const fleet = desktopBrowser(d);
  for (let i = 0; i < people; i++)
    visit(s, { ips: [ip], browser: d.chance(0.7) ? fleet : desktopBrowser(d), kind: 'office' });
}

/** Carrier-grade NAT: many phones behind one address, short sessions. */
export function carrierNat(s: Sink, ip: string, people: number): void {
  for (let i = 0; i < people; i++)
    visit(s, { ips: [ip], browser: mobileBrowser(s.d), kind: 'cgnat', mobile: true, sessions: 1 });
}

/** A phone whose session moves between 2-3 addresses. */
export function mobileMover(s: Sink, ips: readonly string[]): void {
  visit(s, { ips, browser: mobileBrowser(s.d), kind: 'mobile', mobile: true, sessions: 1 });
}

const spoofUas = (d: Draw, n: number) =>
  Array.from({ length: n }, () => chromeUa(d.pick([WIN, MAC, LINUX]), d.int(120, 131)));

/** Distributed credential stuffing: 1-3 refused logins per address, one tool, spoofed browser UAs. */
export function distributedStuffing(s: Sink, ips: readonly string[]): void {
  const d = s.d;
  const ja4 = d.chance(0.5) ? JA4.goClient : JA4.script;
  const uas = spoofUas(d, d.int(1, 6));
  const campaignStart = s.start + d.uniform(0, 1_200_000);
  const campaignLen = d.uniform(1_200_000, 2_400_000);
  for (const ip of ips) {
    const count = d.int(1, 3);
    const ua = d.pick(uas);
    const port = d.int(1024, 65535);
    cadence(
      s,
      campaignStart + d.uniform(0, campaignLen),
      d.uniform(2_000, 5_000),
      0.3,
      count,
      (t) => s.request(ip, port, ja4, t, loginPost(d, ua, { 401: 90, 429: 4, 200: 2, 403: 4 })),
    );
    s.label(ip, ja4, 'bot', 'distributed-stuffing');
  }
}

/** A scraping library behind a rotating residential proxy pool: a few product pages per exit. */
export function residentialProxyScraper(s: Sink, ips: readonly string[]): void {
  const d = s.d;
  const ja4 = d.chance(0.5) ? JA4.script : JA4.curl;
  const uas = spoofUas(d, d.int(3, 20));
  let id = d.int(1000, 5000);
  for (const ip of ips) {
    const ua = d.pick(uas);
    cadence(s, s.start + d.uniform(0, 3_300_000), d.uniform(1_000, 6_000), 0.4, d.int(2, 10), (t) =>
      productGet(
        s,
        { ip, ja4, t },
        id++,
        0.1,
        toolHeaders(ua, [['accept-language', 'en-US,en;q=0.9']]),
      ),
    );
    s.label(ip, ja4, 'bot', 'residential-proxy-scraper');
  }
}

/** Real Chrome under automation: browser-identical TLS and headers, no assets, many pages. */
export function stealthScraper(s: Sink, ip: string): void {
  const d = s.d;
  const browser: Browser = { ja4: JA4.chrome, ua: chromeUa(WIN, d.int(129, 131)), chromium: true };
  const lang = d.pick(LANGS);
  const port = d.int(1024, 65535);
  let id = d.int(1000, 5000);
  let cookie = false;
  let t = s.start + d.uniform(0, 600_000);
  const count = d.int(120, 400);
  for (let i = 0; i < count && t < s.end; i++) {
    s.request(ip, port, browser.ja4, t, {
      method: 'GET',
      path: d.chance(0.8) ? `/p/${id++}` : `/c/${d.pick(CATEGORIES)}`,
      http_version: '2',
      status: d.chance(0.03) ? 404 : 200,
      headers: browserHeaders(browser.ua, lang, cookie, i > 0, true),
    });
    if (d.chance(0.05)) {
      s.request(ip, port, browser.ja4, t + d.uniform(40, 400), {
        method: 'GET',
        path: ASSETS[0]!,
        http_version: '2',
        status: 200,
        headers: browserHeaders(browser.ua, lang, true, true, true).slice(0, 5),
      });
    }
    cookie = true;
    t += d.logNormal(9_000, 0.6);
  }
  s.label(ip, browser.ja4, 'bot', 'stealth-scraper');
}
