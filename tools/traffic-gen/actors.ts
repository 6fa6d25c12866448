// The actors of a scenario. Each writes the request events one client would cause, as the web
// server log joined with the TLS handshake would show them. Behaviour figures (think times, rates,
// header sets) are modelled on what browsers and common bot tools send, not measured here.
import { JA4, UA, type Ja4Entry } from './ja4-catalog.js';
import type { CorrelatedEvent } from '../../common/events/correlated.js';
import type { Draw } from './random.js';

/** A correlated event as the correlator writes it (common/events/correlated.ts). */
export type GeneratedEvent = CorrelatedEvent;

/** The request part the actors choose; the sink fills addresses, times and sizes. */
export interface RequestSpec {
  method: string;
  path: string;
  query?: string;
  http_version: string;
  status: number;
  headers: [string, string][];
}

export interface EntityLabel {
  src_ip: string;
  ja4: string;
  label: 'human' | 'bot';
  kind: string;
}

export const HOST = 'shop.example.com';
const SERVER = '192.0.2.10';
const DAY = 86_400_000;
export const CATEGORIES = ['shoes', 'bags', 'watches', 'jackets', 'hats', 'shirts', 'sale', 'new'];
export const SITE = [
  '/',
  '/cart',
  '/account',
  '/search',
  '/help/shipping',
  '/help/returns',
  ...CATEGORIES.map((c) => `/c/${c}`),
  ...Array.from({ length: 200 }, (_, i) => `/p/${1000 + i * 7}`),
];
export const ASSETS = [
  '/static/app.js',
  '/static/app.css',
  '/static/vendor.js',
  '/static/logo.svg',
  '/static/font.woff2',
];
export const LANGS = [
  'en-US,en;q=0.9',
  'de-DE,de;q=0.9,en;q=0.8',
  'fr-FR,fr;q=0.9',
  'en-GB,en;q=0.8',
  'es-ES,es;q=0.9',
];

export class Sink {
  readonly events: GeneratedEvent[] = [];
  readonly labels: EntityLabel[] = [];
  constructor(
    readonly d: Draw,
    /** End of the scored window (ms); traffic falls in the hour before it. */
    readonly end: number,
  ) {}
  get start(): number {
    return this.end - 3_600_000;
  }
  private stream = 0;
  private handshake(
    ip: string,
    port: number,
    ja4: Ja4Entry,
    tsUs: number,
  ): NonNullable<GeneratedEvent['handshake']> {
    return {
      ts_us: tsUs,
      stream: this.stream++,
      transport: ja4.ja4.startsWith('q') ? 'udp' : 'tcp',
      src: ip,
      src_port: port,
      dst: SERVER,
      dst_port: 443,
      tls_server_name: HOST,
      ja4: ja4.ja4,
    };
  }
  request(ip: string, port: number, ja4: Ja4Entry, t: number, r: RequestSpec): void {
    if (t >= this.end) return;
    const tsUs = Math.round(t * 1000);
    // The connection's handshake precedes its requests (keep-alive: by up to a few seconds).
    const hsUs = tsUs - this.d.int(20_000, 3_000_000);
    this.events.push({
      correlation: 'matched',
      ts_us: tsUs,
      src_ip: ip,
      src_port: port,
      dst_ip: SERVER,
      dst_port: 443,
      conn_id: `${ip}|${port}|${SERVER}|443|${hsUs}`,
      request: {
        ts_us: tsUs,
        src_ip: ip,
        src_port: port,
        dst_ip: SERVER,
        dst_port: 443,
        scheme: 'https',
        host: HOST,
        bytes_out: this.d.int(300, 90_000),
        duration_ms: this.d.int(2, 400),
        ...r,
      },
      handshake: this.handshake(ip, port, ja4, hsUs),
    });
  }
  handshakeOnly(ip: string, ja4: Ja4Entry, t: number): void {
    if (t >= this.end) return;
    const tsUs = Math.round(t * 1000);
    const port = this.d.int(1024, 65535);
    this.events.push({
      correlation: 'handshake-only',
      ts_us: tsUs,
      src_ip: ip,
      src_port: port,
      dst_ip: SERVER,
      dst_port: 443,
      conn_id: `${ip}|${port}|${SERVER}|443|${tsUs}`,
      handshake: this.handshake(ip, port, ja4, tsUs),
    });
  }
  /** One request on each of `days` distinct earlier days (recurrence history). */
  history(ip: string, ja4: Ja4Entry, days: number, ua: string): void {
    const picked = new Set<number>();
    while (picked.size < Math.min(days, 29)) picked.add(this.d.int(1, 29));
    for (const day of picked) {
      this.request(
        ip,
        this.d.int(1024, 65535),
        ja4,
        this.end - day * DAY - this.d.uniform(0, DAY / 2),
        {
          method: 'GET',
          path: this.d.pick(SITE),
          http_version: '2',
          status: 200,
          headers: [
            ['host', HOST],
            ['user-agent', ua],
          ],
        },
      );
    }
  }
  label(ip: string, ja4: Ja4Entry, label: 'human' | 'bot', kind: string): void {
    this.labels.push({ src_ip: ip, ja4: ja4.ja4, label, kind });
  }
}

export function browserHeaders(
  ua: string,
  lang: string,
  cookie: boolean,
  referer: boolean,
  chromium: boolean,
): [string, string][] {
  const h: [string, string][] = [
    ['host', HOST],
    ['user-agent', ua],
    ['accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'],
    ['accept-language', lang],
    ['accept-encoding', 'gzip, deflate, br, zstd'],
  ];
  if (chromium) {
    h.push(
      ['sec-ch-ua', '"Chromium";v="131", "Not_A Brand";v="24"'],
      ['sec-ch-ua-mobile', '?0'],
      ['sec-ch-ua-platform', '"Windows"'],
    );
  }
  h.push(
    ['sec-fetch-dest', 'document'],
    ['sec-fetch-mode', 'navigate'],
    ['sec-fetch-site', referer ? 'same-origin' : 'none'],
  );
  if (referer) h.push(['referer', `https://${HOST}/`]);
  if (cookie) h.push(['cookie', 'sid=8f14e45fceea167a5a36dedd4bea2543; consent=1']);
  return h;
}

/** What a browser sends the same way on every page: its identity and session state. */
export interface PageContext {
  ua: string;
  lang: string;
  cookie: boolean;
  referer: boolean;
  chromium: boolean;
  version: string;
  /** The session's first page pulls its assets (nothing cached yet). */
  first: boolean;
}

/** One page view by a browser: the page (Zipf over the site) and the assets it pulls. */
export function pageView(
  s: Sink,
  ip: string,
  port: number,
  ja4: Ja4Entry,
  t: number,
  c: PageContext,
): void {
  const d = s.d;
  const path = SITE[d.zipf(SITE.length)]!;
  s.request(ip, port, ja4, t, {
    method: 'GET',
    path,
    ...(path === '/search' ? { query: `q=${d.pick(CATEGORIES)}` } : {}),
    http_version: c.version,
    status: d.chance(0.02) ? 404 : 200,
    headers: browserHeaders(c.ua, c.lang, c.cookie, c.referer, c.chromium),
  });
  const assets = c.first || d.chance(0.3) ? d.int(2, 5) : d.int(0, 1);
  for (let a = 0; a < assets; a++) {
    s.request(ip, port, ja4, t + d.uniform(40, 900), {
      method: 'GET',
      path: ASSETS[a % ASSETS.length]!,
      http_version: c.version,
      status: c.cookie && d.chance(0.6) ? 304 : 200,
      headers: [
        ...browserHeaders(c.ua, c.lang, c.cookie, true, c.chromium).slice(0, 5),
        ['referer', `https://${HOST}${path}`],
      ],
    });
  }
}

/** Sessions a visitor has in the hour: mostly one. */
export const SESSIONS = [
  [1, 60],
  [2, 30],
  [3, 10],
] as const;

/** One person browsing: sessions of page views, each page pulling its assets, human think time. */
export function person(s: Sink, ip: string, kind = 'person'): void {
  const d = s.d;
  const [ja4, ua, chromium] = d.weighted<readonly [Ja4Entry, string, boolean]>([
    [[JA4.chrome, UA.chrome, true], 35],
    [[JA4.chrome2, UA.chromeMac, true], 15],
    [[JA4.chromeQuic, UA.edge, true], 15],
    [[JA4.firefox, UA.firefox, false], 20],
    [[JA4.firefox, UA.firefoxLinux, false], 15],
  ]);
  const version = ja4 === JA4.chromeQuic ? '3' : d.chance(0.05) ? '1.1' : '2';
  const lang = d.pick(LANGS);
  const identity = { ua, lang, chromium, version };
  let cookie = d.chance(0.5); // returning visitors already hold a session cookie
  const sessions = d.weighted(SESSIONS);
  for (let si = 0; si < sessions; si++) {
    let t = d.uniform(s.start, s.end);
    const port = d.int(1024, 65535);
    if (d.chance(0.15)) s.handshakeOnly(ip, ja4, t - d.uniform(100, 2000)); // speculative preconnect
    const pages = 2 + Math.floor(d.logNormal(6, 0.7));
    let referer = false;
    for (let p = 0; p < pages; p++) {
      pageView(s, ip, port, ja4, t, { ...identity, cookie, referer, first: p === 0 });
      cookie = true;
      referer = true;
      t += d.logNormal(12_000, 1.1);
    }
  }
  if (d.chance(0.6)) s.history(ip, ja4, d.int(1, 20), ua);
  s.label(ip, ja4, 'human', kind);
}

export function toolHeaders(ua: string, extra: [string, string][] = []): [string, string][] {
  return [
    ['host', HOST],
    ['user-agent', ua],
    ['accept', '*/*'],
    ['accept-encoding', 'gzip, deflate'],
    ...extra,
  ];
}

/** A script's GET of product page `id` on a new connection; missing (404) with probability `p404`. */
export function productGet(
  s: Sink,
  at: { ip: string; ja4: Ja4Entry; t: number },
  id: number,
  p404: number,
  headers: [string, string][],
): void {
  const port = s.d.int(1024, 65535);
  s.request(at.ip, port, at.ja4, at.t, {
    method: 'GET',
    path: `/p/${id}`,
    http_version: '1.1',
    status: s.d.chance(p404) ? 404 : 200,
    headers,
  });
}

/** A tool's login attempt with a stolen credential; the status is drawn from `statuses` weights. */
export function loginPost(
  d: Draw,
  ua: string,
  statuses: { 401: number; 429: number; 200: number; 403: number },
): RequestSpec {
  return {
    method: 'POST',
    path: '/account/login',
    http_version: '1.1',
    status: d.weighted([
      [401, statuses[401]],
      [429, statuses[429]],
      [200, statuses[200]],
      [403, statuses[403]],
    ] as const),
    headers: toolHeaders(ua, [
      ['content-type', 'application/x-www-form-urlencoded'],
      ['accept-language', 'en-US,en;q=0.9'],
      ['origin', `https://${HOST}`],
    ]),
  };
}

/** Fixed cadence with relative jitter: scripts sleep a constant between requests. */
export function cadence(
  s: Sink,
  from: number,
  meanMs: number,
  jitter: number,
  count: number,
  each: (t: number, i: number) => void,
): void {
  let t = from;
  for (let i = 0; i < count && t < s.end; i++) {
    each(t, i);
    t += Math.max(50, meanMs * (1 + jitter * s.d.gauss()));
  }
}

/** Product scraper: walks the catalogue in order at a steady rate, no cookies, no language. */
export function scraper(s: Sink, ip: string): void {
  const d = s.d;
  const spoof = d.chance(0.5);
  const ja4 = d.chance(0.5) ? JA4.script : JA4.curl;
  const ua = spoof ? UA.chrome : UA.requests;
  const count = d.int(300, 1500);
  let id = d.int(1000, 5000);
  cadence(s, s.start + d.uniform(0, 600_000), 3_400_000 / count, 0.15, count, (t) => {
    productGet(s, { ip, ja4, t }, id++, 0.12, toolHeaders(ua, [['connection', 'keep-alive']]));
  });
  s.label(ip, ja4, 'bot', 'scraper');
}

/** Credential stuffing: POST /login over and over, mostly rejected. */
export function credentialStuffer(s: Sink, ip: string): void {
  const d = s.d;
  const ja4 = d.chance(0.5) ? JA4.goClient : JA4.script;
  const count = d.int(150, 600);
  const port = d.int(1024, 65535);
  cadence(s, s.start + d.uniform(0, 1_200_000), d.uniform(2_000, 5_000), 0.3, count, (t) => {
    s.request(ip, port, ja4, t, loginPost(d, UA.chrome, { 401: 80, 429: 12, 200: 3, 403: 5 }));
  });
  s.label(ip, ja4, 'bot', 'credential-stuffing');
}

/** curl with a Chrome User-Agent: the fingerprint says curl, the header says Chrome. */
export function curlWithChromeUa(s: Sink, ip: string): void {
  const d = s.d;
  const count = d.int(30, 150);
  const paths = ['/api/v1/products', '/api/v1/prices', '/api/v1/stock', '/api/v1/search'];
  cadence(s, s.start + d.uniform(0, 2_400_000), d.uniform(5_000, 20_000), 0.25, count, (t) => {
    s.request(ip, d.int(1024, 65535), JA4.curl, t, {
      method: 'GET',
      path: d.pick(paths),
      query: `page=${d.int(1, 50)}`,
      http_version: '2',
      status: d.chance(0.05) ? 403 : 200,
      headers: toolHeaders(UA.chrome),
    });
  });
  s.label(ip, JA4.curl, 'bot', 'curl-chrome-ua');
}

/** Low-and-slow crawler: a real (headless) Chrome fingerprint, one new page every ~90 s, every day. */
export function lowAndSlowCrawler(s: Sink, ip: string): void {
  const d = s.d;
  const ua = d.chance(0.5) ? UA.headless : UA.chrome;
  const every = d.uniform(60_000, 150_000);
  let page = d.int(0, 1000);
  cadence(s, s.start + d.uniform(0, every), every, 0.05, 100, (t) => {
    s.request(ip, d.int(1024, 65535), JA4.chrome, t, {
      method: 'GET',
      path: `/p/${1000 + (page++ % 2000) * 7}`,
      http_version: '2',
      status: 200,
      headers: [
        ['host', HOST],
        ['user-agent', ua],
        ['accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'],
        ['accept-encoding', 'gzip, deflate, br'],
        ['sec-fetch-mode', 'navigate'],
      ],
    });
  });
  s.history(ip, JA4.chrome, 29, ua);
  s.label(ip, JA4.chrome, 'bot', 'low-and-slow');
}

/** Rotating-IP botnet: many residential-looking IPs, one shared kit fingerprint, rotating UAs. */
export function botnetMember(s: Sink, ip: string, burstAt: number): void {
  const d = s.d;
  const ja4 = JA4.goClient;
  const count = d.int(5, 40);
  const uas = [UA.chrome, UA.chromeMac, UA.edge, UA.firefox, UA.firefoxLinux];
  cadence(s, burstAt + d.uniform(0, 300_000), d.uniform(1_000, 8_000), 0.6, count, (t) => {
    s.request(ip, d.int(1024, 65535), ja4, t, {
      method: 'GET',
      path: '/search',
      query: `q=${d.pick(CATEGORIES)}+${d.int(0, 99999)}`,
      http_version: '2',
      status: d.chance(0.2) ? 429 : 200,
      headers: [
        ['host', HOST],
        ['user-agent', d.pick(uas)],
        ['accept', 'text/html,*/*'],
        ['accept-language', 'en-US,en;q=0.9'],
        ['accept-encoding', 'gzip'],
      ],
    });
  });
  for (let i = d.int(0, 8); i > 0; i--) s.handshakeOnly(ip, ja4, burstAt + d.uniform(0, 600_000));
  s.label(ip, ja4, 'bot', 'botnet');
}
