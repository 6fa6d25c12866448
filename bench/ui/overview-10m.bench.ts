// Overview and IP profile with 10 million rows per table in the embedded store (issue 9): time from
// navigation to "data shown" in Debian's Chromium, 5 runs each, median and max.
//   flock /tmp/bench.lock node --import tsx bench/ui/overview-10m.bench.ts [rows=10000000] [dataDir] [days=7]
// dataDir is reused when it already holds the rows (default /tmp/ja4ws-ui-10m, kept for the next
// run; building it takes minutes). Needs `npm run build` (daemon and UI run as built).
//
// "Data shown": the view's numbers, its chart drawn and its tables holding rows —
//   Overview: the stats ([data-testid=overview-stats]), the traffic chart's SVG, a row in Top JA4s
//     and a row in Recent TLS handshakes;
//   IP profile (a hot IP with 5% of the traffic, and an ordinary one): the stats
//     ([data-testid=ip-profile-stats]), the activity chart's SVG, a row in Fingerprints used and a
//     row in User-Agents vs fingerprints.
// Two navigations are timed: in-app (the app is open on another view and the URL's hash changes,
// as when an analyst follows a link) and a cold page load (performance.now() at "data shown",
// i.e. from the navigation start, including fetching and starting the bundle). Each run uses a
// fresh browser context, so the UI's own 60 s query cache never answers.
//
// Before the daemon starts, each view's API handler is run once against the store with every SQL
// statement timed, so a slow view names its slow query.
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import { chromium, type Browser } from '@playwright/test';
import { recentHandshakes } from '../../main/domain/handshakes/operations.js';
import { ipProfile } from '../../main/domain/ip-profile/operations.js';
import { overviewStats } from '../../main/domain/overview/operations.js';
import { openStore } from '../../main/storage/store.js';
import { chromiumArgs, chromiumPath } from '../../playwright.config.js';
import { projectRoot, startDaemon } from '../../tests/support/daemon.js';
import { buildStore, HOT_IPS } from './store-10m.js';

const rows = Number(process.argv[2] ?? 10_000_000);
const dataDir = process.argv[3] ?? '/tmp/ja4ws-ui-10m';
const days = Number(process.argv[4] ?? 7);
const RUNS = 5;
for (const f of ['dist/main/cli/main.js', 'dist/renderer/index.html'])
  if (!existsSync(join(projectRoot, f))) throw new Error(`${f} is missing: run npm run build`);

const load = () => loadavg().map((x) => Math.round(x * 10) / 10);
const round = (x: number) => Math.round(x);
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return {
    median: round(s[Math.floor(s.length / 2)]!),
    max: round(s[s.length - 1]!),
    runs: xs.map(round),
  };
};

process.stdout.write(`store: ${dataDir}\n`);
const built = await buildStore(dataDir, rows, days);
process.stdout.write(`${JSON.stringify(built)}\n`);

const hotIp = HOT_IPS[0]!;
/** An ordinary client (about 7 rows a day per table) seen in both tables in the last 24 h. */
async function typicalClient(): Promise<string> {
  const store = await openStore({ kind: 'embedded', dataDir: join(dataDir, 'store') });
  try {
    const rs = await store.client.query({
      query: `SELECT replaceRegexpOne(IPv6NumToString(src_ip), '^::ffff:', '') AS ip FROM http_logs
        WHERE ts > now() - INTERVAL 20 HOUR AND correlation = 'matched'
          AND src_ip IN (SELECT src_ip FROM tls_handshakes WHERE ts > now() - INTERVAL 20 HOUR)
          AND NOT startsWith(IPv6NumToString(src_ip), '::ffff:198.51.100.')
        LIMIT 1`,
      format: 'JSONEachRow',
    });
    return (await rs.json<{ ip: string }>())[0]!.ip;
  } finally {
    await store.close();
  }
}
const typicalIp = await typicalClient();
const now = Math.ceil(Date.now() / 60_000) * 60_000;
const windowOf = (hours: number) => ({
  from: new Date(now - hours * 3_600_000).toISOString(),
  to: new Date(now).toISOString(),
});

/** Every statement a handler sends, with its time (ms), slowest first. */
async function profileSql(run: (ch: ClickHouseClient) => Promise<unknown>) {
  const store = await openStore({ kind: 'embedded', dataDir: join(dataDir, 'store') });
  const seen: { ms: number; sql: string }[] = [];
  const timed = new Proxy(store.client, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      if (prop !== 'query' || typeof v !== 'function') return v;
      return async (params: { query: string }) => {
        const t0 = performance.now();
        const rs = await (v as (p: unknown) => Promise<{ json: () => Promise<unknown> }>).call(
          target,
          params,
        );
        const data = await rs.json();
        seen.push({
          ms: round(performance.now() - t0),
          sql: params.query.replace(/\s+/g, ' ').trim().slice(0, 140),
        });
        return { json: async () => data };
      };
    },
  });
  try {
    await run(timed); // warm (file cache), then measured
    seen.length = 0;
    const t0 = performance.now();
    await run(timed);
    return {
      totalMs: round(performance.now() - t0),
      slowest: seen.sort((a, b) => b.ms - a.ms).slice(0, 4),
    };
  } finally {
    await store.close();
  }
}

const sql = {
  overview24h: await profileSql((ch) => overviewStats(ch, { window: windowOf(24), top: 10 })),
  [`overview${days}d`]: await profileSql((ch) =>
    overviewStats(ch, { window: windowOf(days * 24), top: 10 }),
  ),
  recentHandshakes: await profileSql((ch) => recentHandshakes(ch, 25)),
  ipProfileHot24h: await profileSql((ch) => ipProfile(ch, { ip: hotIp, window: windowOf(24) })),
  [`ipProfileHot${days}d`]: await profileSql((ch) =>
    ipProfile(ch, { ip: hotIp, window: windowOf(days * 24) }),
  ),
};
process.stdout.write(`${JSON.stringify({ sql })}\n`);

const OVERVIEW_READY = `!!(document.querySelector('[data-testid=overview-stats]')
  && document.querySelector('.view .recharts-surface')
  && document.querySelector('[aria-label="Top JA4s"] tbody tr')
  && document.querySelector('table[aria-label="Recent TLS handshakes"] tbody tr'))`;
const IP_READY = `!!(document.querySelector('[data-testid=ip-profile-stats]')
  && document.querySelector('figure[aria-label="Activity over time"] .recharts-surface')
  && document.querySelector('[aria-labelledby=ip-fps] tbody tr')
  && document.querySelector('[aria-labelledby=ip-ua] tbody tr'))`;

/** Resolves with performance.now() of the first frame where `ready` holds. */
const waitReady = (ready: string) => `new Promise((resolve, reject) => {
  const stop = setTimeout(() => reject(new Error('data not shown within 60 s')), 60000);
  const check = () => { if (${ready}) { clearTimeout(stop); resolve(performance.now()); } else requestAnimationFrame(check); };
  check();
})`;

async function inApp(browser: Browser, url: string, token: string, hash: string, ready: string) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(`${url}/#/settings?token=${token}`);
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    return (await page.evaluate(`(async () => {
      const t0 = performance.now();
      location.hash = ${JSON.stringify(hash)};
      return (await ${waitReady(ready)}) - t0;
    })()`)) as number;
  } finally {
    await context.close();
  }
}

async function cold(browser: Browser, url: string, token: string, hash: string, ready: string) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  try {
    const page = await context.newPage();
    const sep = hash.includes('?') ? '&' : '?';
    await page.goto(`${url}/${hash}${sep}token=${token}`, { waitUntil: 'commit' });
    return (await page.evaluate(waitReady(ready))) as number;
  } finally {
    await context.close();
  }
}

const daemon = await startDaemon(dataDir);
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
try {
  const views = {
    overview24h: ['#/overview?range=24h', OVERVIEW_READY],
    [`overview${days}d`]: ['#/overview?range=7d', OVERVIEW_READY],
    ipProfileTypical24h: [`#/ip?ip=${typicalIp}&range=24h`, IP_READY],
    ipProfileHot24h: [`#/ip?ip=${hotIp}&range=24h`, IP_READY],
    [`ipProfileHot${days}d`]: [`#/ip?ip=${hotIp}&range=7d`, IP_READY],
  } as const;
  const result: Record<string, unknown> = {};
  for (const [name, [hash, ready]] of Object.entries(views)) {
    const app: number[] = [];
    const page: number[] = [];
    const before = load();
    for (let i = 0; i < RUNS; i++) {
      app.push(await inApp(browser, daemon.url, daemon.token, hash, ready));
      page.push(await cold(browser, daemon.url, daemon.token, hash, ready));
    }
    result[name] = { inAppMs: stats(app), pageLoadMs: stats(page), loadAverage: [before, load()] };
    process.stdout.write(`${name}: ${JSON.stringify(result[name])}\n`);
  }
  process.stdout.write(
    `${JSON.stringify({ date: new Date().toISOString(), rows: built, days, hotIp, typicalIp, views: result })}\n`,
  );
} finally {
  await browser.close();
  await daemon.stop();
}
