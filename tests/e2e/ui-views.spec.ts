// The analyst UI end to end: reference captures and a labelled synthetic scenario in the store,
// the built daemon, Debian's Chromium. Each view renders real data, pivots lead from an IP to its
// fingerprint to a search, a shared URL restores its view, the full result exports, and axe finds
// no serious or critical accessibility violation. Screenshots of every view: tests/artifacts/ui-*.png.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect as baseExpect, type Page, test } from '@playwright/test';
import {
  projectRoot,
  type RunningDaemon,
  removeDir,
  startDaemon,
  tempDataDir,
} from '../support/daemon.js';
import { capturePath } from '../../capture-worker/test-fixtures/captures.js';
import { feedLive } from './live-feed.js';
import { seedUiStore } from './seed-store.js';

interface Seeded {
  window: { from: string; to: string };
  requests: number;
  anomalies: number;
  entities: number;
  twiceFlagged: boolean;
  curlIp: string;
  chromeJa4: string;
  chromeRequests: number;
  chromeIps: number;
  curlJa4: string;
  captures: { from: string; to: string };
  firstDay: string;
}

const artifacts = join(projectRoot, 'tests/artifacts');
// Views ask the daemon for several things in turn (the fleet mismatch table after the figures);
// on a loaded 2-core CI machine five seconds is not enough for the last of them.
const expect = baseExpect.configure({ timeout: 15_000 });

// The imported captures' time range (from the seed); the scenario ends a few minutes ago.
let CAPTURES: string;
// The analyst review's screen (issue 21).
test.use({ actionTimeout: 10_000, viewport: { width: 1440, height: 900 } });
// Each view is checked in both themes (two screenshots, two axe runs); on a loaded 2-core CI
// machine a flow with three views takes minutes, not the default two.
test.describe.configure({ timeout: 240_000 });

let dataDir: string;
let daemon: RunningDaemon | undefined;
let seeded: Seeded;
let RECENT: string;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  dataDir = tempDataDir('ja4ws-ui-');
  seeded = seedUiStore<Seeded>(dataDir);
  RECENT = `from=${seeded.window.from}&to=${seeded.window.to}`;
  CAPTURES = `from=${seeded.captures.from}&to=${seeded.captures.to}`;
  // The daemon's own detector schedule is off: its window runs flag entities beside the seed's
  // (the bot IP as a whole-IP entity too, more runs of the same pair) at whatever 5-minute
  // boundary the run happens to cross, so the queue these tests check against the seed's labels
  // would depend on the clock. On-demand runs (the Model view's Apply) still work.
  daemon = await startDaemon(dataDir, [], { JA4WS_DETECTOR__SCHEDULE: 'false' });
  mkdirSync(artifacts, { recursive: true });
});

test.afterAll(async () => {
  await daemon?.stop();
  if (dataDir) removeDir(dataDir);
});

async function open(page: Page, hash: string): Promise<void> {
  const sep = hash.includes('?') ? '&' : '?';
  await page.goto(`${daemon!.url}/#${hash}${sep}token=${daemon!.token}`);
}

async function noSeriousA11yViolations(page: Page): Promise<void> {
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    bad.map(
      (v) =>
        `${v.id}: ${v.help} (${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')})`,
    ),
  ).toEqual([]);
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(artifacts, `ui-${name}.png`), fullPage: true });
}

/** The theme switched with its shortcut `t` (also on the token form, which has no top bar
 * button), from outside any text box. */
async function switchTheme(page: Page, to: 'light' | 'dark'): Promise<void> {
  const html = page.locator('html');
  if ((await html.getAttribute('data-theme')) === to) return;
  await page.evaluate('document.activeElement?.blur()');
  await page.keyboard.press('t');
  await expect(html).toHaveAttribute('data-theme', to);
}

/** The view as it stands in both themes: a screenshot of each (ui-<name>-light.png,
 * ui-<name>-dark.png) and axe on each (a contrast problem often lives in one theme only); the
 * theme is put back afterwards. */
async function views(page: Page, name: string): Promise<void> {
  const first =
    (await page.locator('html').getAttribute('data-theme')) === 'dark' ? 'dark' : 'light';
  for (const theme of [first, first === 'dark' ? 'light' : 'dark'] as const) {
    await switchTheme(page, theme);
    await shot(page, `${name}-${theme}`);
    await noSeriousA11yViolations(page);
  }
  await switchTheme(page, first);
}

test('overview shows the scenario traffic, top talkers and anomalies', async ({ page }) => {
  const t0 = Date.now();
  await open(page, `/overview?${RECENT}`);
  await expect(page.getByRole('heading', { name: 'Overview', level: 1 })).toBeVisible();
  const requests = page.locator('.stat', { hasText: 'Requests' }).locator('.stat-value');
  await expect(requests).toHaveText(seeded.requests.toLocaleString('en-US'));
  // Reported, not asserted: navigation to data on screen (small store; see docs/ui.md).
  console.log(`[timing] overview: data shown ${Date.now() - t0} ms after navigation`);
  await expect(page.getByRole('region', { name: 'Sensor health' })).toContainText('capture worker');
  await expect(page.locator('.stat', { hasText: 'Flagged IPs' }).locator('.stat-value')).toHaveText(
    String(seeded.anomalies),
  );
  await expect(
    page.getByRole('region', { name: 'Top server names (SNI)' }).getByRole('link').first(),
  ).toBeVisible();
  await expect(
    page.getByRole('region', { name: 'Top JA4s' }).getByRole('link').first(),
  ).toBeVisible();
  await expect(
    page.getByRole('region', { name: 'Top hosts' }).getByRole('link', { name: 'shop.example.com' }),
  ).toBeVisible();
  await expect(page.locator('.recharts-surface').first()).toBeVisible();
  await views(page, 'overview');
});

test('an empty range says so and offers the stored range', async ({ page }) => {
  await open(page, '/overview?from=2001-01-01T00:00:00.000Z&to=2001-01-02T00:00:00.000Z');
  await expect(page.getByText('No traffic in this time range.')).toBeVisible();
  await page.getByRole('button', { name: 'Show that range' }).click();
  await expect(
    page.locator('.stat', { hasText: 'Handshakes' }).locator('.stat-value'),
  ).not.toHaveText('0');
  expect(page.url()).toContain(`from=${seeded.firstDay}`);
  // Search's empty state offers the same way out (docs/ui.md).
  await open(page, '/search?from=2001-01-01T00:00:00.000Z&to=2001-01-02T00:00:00.000Z');
  await expect(
    page.getByText('No handshakes match these filters in this time range.'),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Search that range' }).click();
  await expect(page.locator('.results-bar [role=status]').first()).toContainText(
    'matching handshakes',
  );
  expect(page.url()).toContain(`from=${seeded.firstDay}`);
});

test('pivot: IP -> fingerprint -> search, and the shared URL restores each view', async ({
  page,
  context,
}) => {
  const t0 = Date.now();
  await open(page, `/ip?ip=${seeded.curlIp}&${RECENT}`);
  await expect(page.getByRole('heading', { name: `IP profile ${seeded.curlIp}` })).toBeVisible();
  const ua = page.getByRole('region', { name: 'User-Agents vs fingerprints' });
  // The profile's one call does a dozen reads; on a loaded CI machine it can take a while.
  await expect(ua.getByText('Mismatch').first()).toBeVisible({ timeout: 20_000 });
  console.log(`[timing] IP profile: data shown ${Date.now() - t0} ms after navigation`);
  await expect(
    page
      .getByRole('region', { name: 'Anomaly history' })
      .getByText(/labelled/)
      .first(),
  ).toBeVisible();
  await views(page, 'ip-profile');

  await page
    .getByRole('region', { name: 'Fingerprints used' })
    .getByRole('link', { name: seeded.curlJa4 })
    .click();
  await expect(page.getByRole('heading', { name: `Fingerprint ${seeded.curlJa4}` })).toBeVisible();
  await expect(page.getByText('What this JA4 says')).toBeVisible();
  await expect(page.getByText('TLS 1.2', { exact: true })).toBeVisible();
  await expect(
    page.getByRole('region', { name: 'Client IPs' }).getByRole('link', { name: seeded.curlIp }),
  ).toBeVisible();
  await expect(
    page.getByRole('region', { name: 'Per-hour signals', exact: true }).getByRole('table'),
  ).toBeVisible();
  await views(page, 'fingerprint');
  const fingerprintUrl = page.url();

  await page.getByRole('link', { name: 'Search the whole family' }).click();
  await expect(page.getByRole('heading', { name: 'Search', level: 1 })).toBeVisible();
  await expect(page.locator('input[name=ja4]')).toHaveValue(`*_${seeded.curlJa4.split('_')[1]}_*`);

  // A colleague opens the fingerprint link (token given separately): same view, same range.
  const other = await context.browser()!.newContext();
  const page2 = await other.newPage();
  const shared = new URL(fingerprintUrl);
  await page2.goto(`${shared.origin}/${shared.hash}&token=${daemon!.token}`);
  await expect(page2.getByRole('heading', { name: `Fingerprint ${seeded.curlJa4}` })).toBeVisible();
  await expect(page2.getByLabel('Time range')).toHaveValue('custom');
  await expect(page2.getByLabel('From (UTC)')).toHaveValue(seeded.window.from.slice(0, 16));
  await other.close();
});

test('a pivot opened in a new tab needs no token; a wrong token is refused in words', async ({
  page,
  context,
  browser,
}) => {
  await open(page, `/ip?ip=${seeded.curlIp}&${RECENT}`);
  await expect(page.getByRole('heading', { name: `IP profile ${seeded.curlIp}` })).toBeVisible();
  // The token left the address bar; what stays is an HttpOnly cookie page scripts cannot read.
  expect(page.url()).not.toContain('token=');
  expect(await page.evaluate('document.cookie')).toBe('');
  const [tab] = await Promise.all([
    context.waitForEvent('page'),
    page
      .getByRole('region', { name: 'Fingerprints used' })
      .getByRole('link', { name: seeded.curlJa4 })
      .click({ modifiers: ['Control'] }),
  ]);
  await expect(tab.getByRole('heading', { name: `Fingerprint ${seeded.curlJa4}` })).toBeVisible();
  await expect(tab.getByRole('button', { name: 'Connect' })).toHaveCount(0);
  await tab.close();

  // Another browser profile has no cookie: a wrong token is refused, the right one lets it in.
  const other = await browser.newContext();
  const stranger = await other.newPage();
  await stranger.goto(`${daemon!.url}/#/overview?token=not-the-token`);
  await expect(stranger.getByRole('alert')).toContainText('Token refused');
  await views(stranger, 'token-refused');
  await stranger.getByLabel('Token', { exact: true }).fill(daemon!.token);
  await stranger.getByRole('button', { name: 'Connect' }).click();
  await expect(stranger.getByRole('heading', { name: 'Overview', level: 1 })).toBeVisible();
  await other.close();
});

test('a Chrome JA4 -> who uses it -> search all of its requests', async ({ page }) => {
  await open(page, `/fingerprint?ja4=${seeded.chromeJa4}&${RECENT}`);
  await expect(
    page.getByRole('heading', { name: `Fingerprint ${seeded.chromeJa4}` }),
  ).toBeVisible();
  // The knowledge base names it: Chrome's cipher list, exact or inferred, with its provenance
  // (FoxIO's mapping, or the browsers curl-impersonate recorded).
  const known = page.getByRole('region', { name: 'Known as' });
  await expect(known.locator('strong')).toContainText(/Chrom(e|ium)/);
  await expect(known.locator('.tag')).toHaveText(/exact match|same family as Chrom.*inferred/);
  await expect(known.getByRole('table', { name: 'Knowledge base entries' })).toContainText(
    /FoxIO-LLC\/ja4|lwthiker\/curl-impersonate/,
  );
  await expect(
    page.getByRole('region', { name: 'Client IPs' }).getByRole('link').first(),
  ).toBeVisible();
  const raw = page.getByRole('region', { name: 'Raw events with this JA4' });
  await expect(raw.getByRole('status')).toContainText(
    seeded.chromeRequests.toLocaleString('en-US'),
  );
  await raw.getByRole('link', { name: 'Search all of them' }).click();
  await expect(page.getByRole('heading', { name: 'Search', level: 1 })).toBeVisible();
  await expect(page.locator('input[name=ja4]')).toHaveValue(seeded.chromeJa4);
  await expect(page.locator('.results-bar [role=status]').first()).toContainText(
    seeded.chromeRequests.toLocaleString('en-US'),
  );
});

test('curl-like TLS claiming a browser -> search the mismatches -> export the chosen columns', async ({
  page,
}) => {
  await open(page, `/overview?${RECENT}`);
  const fleet = page.getByRole('region', { name: 'User-Agent claims a browser the JA4 is not' });
  await expect(
    fleet
      .getByRole('table', { name: 'Mismatched pairs' })
      .getByRole('link', { name: seeded.curlJa4 }),
  ).toBeVisible();
  await fleet.getByRole('link', { name: 'search these requests' }).click();
  await expect(page.getByRole('heading', { name: 'Search', level: 1 })).toBeVisible();
  await expect(
    page.getByRole('checkbox', { name: 'User-Agent claims a browser the JA4 is not' }),
  ).toBeChecked();
  const status = page.locator('.results-bar [role=status]').first();
  await expect(status).toContainText('matching requests');
  const total = Number(
    /of ([\d,]+)|^([\d,]+)/
      .exec((await status.textContent())!)!
      .slice(1)
      .find(Boolean)!
      .replace(/,/g, ''),
  );
  expect(total).toBeGreaterThan(0);
  await page.getByText(/^Columns/).click();
  await page.getByRole('checkbox', { name: 'Method' }).uncheck();
  await views(page, 'search-mismatch');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  const csv = readFileSync((await download.path())!, 'utf8')
    .trimEnd()
    .split('\n');
  expect(csv[0]).toBe('ts,src,host,path,status,user_agent,ja4,query,ja4h');
  expect(csv.length).toBe(total + 1);
  expect(csv.some((l) => l.includes(seeded.curlJa4))).toBe(true);
  // Independent of the judgement's code: no row pairs Chromium's cipher hash with a Chrome UA.
  expect(csv.filter((l) => l.includes('_8daaf6152771_') && /Chrome\//.test(l))).toEqual([]);
});

test('search: wildcard JA4 over the captures, column chooser, full export', async ({ page }) => {
  await open(page, `/search?ja4=t13d*&${CAPTURES}`);
  const table = page.getByRole('table', { name: 'Search results' });
  await expect(table).toBeVisible();
  const status = page.locator('.results-bar [role=status]').first();
  await expect(status).toContainText('matching handshakes');
  const total = Number((await status.textContent())!.replace(/[^0-9]/g, ''));
  expect(total).toBeGreaterThan(5);
  const ja4Cells = table.locator('tbody tr td:nth-child(5)');
  for (const t of await ja4Cells.allTextContents()) if (t) expect(t).toMatch(/^t13d/);
  // Absolute range shown in the picker, restored from the URL.
  await expect(page.getByLabel('Time range')).toHaveValue('custom');
  await page.getByText(/^Columns/).click();
  await page.getByRole('checkbox', { name: 'ALPN' }).check();
  await expect(table.getByRole('columnheader', { name: 'ALPN' })).toBeVisible();
  await views(page, 'search');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  const csv = readFileSync((await download.path())!, 'utf8')
    .trimEnd()
    .split('\n');
  expect(csv.length).toBe(total + 1);

  // Requests: the scenario's full result is larger than the table shows.
  await open(page, `/search?source=requests&host=shop.example.com&${RECENT}`);
  await expect(page.locator('.results-bar [role=status]').first()).toContainText(
    `of ${seeded.requests.toLocaleString('en-US')}`,
  );
  const [json] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export JSON' }).click(),
  ]);
  const rows = JSON.parse(readFileSync((await json.path())!, 'utf8')) as unknown[];
  expect(rows.length).toBe(seeded.requests);
});

test('search refuses a malformed filter with the field named', async ({ page }) => {
  await open(page, `/search?ip=${encodeURIComponent("1.2.3.4' OR 1=1 --")}&range=24h`);
  await expect(page.getByRole('alert')).toContainText('filters.ip');
});

test('SQL console: schema browser, read-only results, refusal', async ({ page }) => {
  await open(page, '/sql');
  await expect(page.getByRole('heading', { name: 'SQL console' })).toBeVisible();
  await expect(page.getByText('tls_handshakes', { exact: true })).toBeVisible();
  // Every stored column of a handshake: far wider than the page (issue 21: it broke the layout).
  await page.locator('#sql-text').fill('SELECT * FROM tls_handshakes LIMIT 20');
  await page.getByRole('button', { name: 'Run' }).click();
  const result = page.getByRole('table', { name: 'Query result' });
  await expect(result).toBeVisible();
  // The result scrolls inside its own box; the page itself never scrolls sideways.
  expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(1440);
  await views(page, 'sql');
  // Addresses as people write them, not the store's IPv4-mapped form: the imported
  // tls-clients.pcap has clients on 127.0.0.1 (and on ::1, which stays as it is).
  await page
    .locator('#sql-text')
    .fill('SELECT DISTINCT src_ip FROM tls_handshakes ORDER BY src_ip LIMIT 100');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(result.getByRole('cell', { name: '127.0.0.1', exact: true }).first()).toBeVisible();
  await expect(result).not.toContainText('::ffff:');
  await page.locator('#sql-text').fill('DROP TABLE tls_handshakes');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByRole('alert')).toContainText('read-only');
  // A typo: the server's complaint about the person's text, not the console's own SETTINGS, and
  // no hint that the daemon might be down.
  await page.locator('#sql-text').fill('SELEC 1');
  await page.getByRole('button', { name: 'Run' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Correct the query');
  // (The engine's own list of what it expected may name the SETTINGS keyword; the console's
  // clause is 'SETTINGS readonly = 1, …'.)
  await expect(alert).not.toContainText(/SETTINGS \w+ ?=/);
  await expect(alert).not.toContainText('readonly');
  await expect(alert).not.toContainText('daemon is running');
});

test('keyboard and themes: / focuses search, ? lists shortcuts, dark theme', async ({ page }) => {
  await open(page, `/overview?${RECENT}`);
  await expect(page.getByRole('heading', { name: 'Overview', level: 1 })).toBeVisible();
  await page.keyboard.press('/');
  await expect(page.locator('#global-search')).toBeFocused();
  await page.keyboard.type(seeded.curlIp);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: `IP profile ${seeded.curlIp}` })).toBeVisible();
  // Enter leaves the box, so the next key is a shortcut again, not more text (issue 21).
  await expect(page.locator('#global-search')).not.toBeFocused();
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  // Every "g then" key of the navigation, Import's g i among them (the review found it missing),
  // each with the view it goes to, in the same order.
  const keys = (await help.getByRole('term').filter({ hasText: 'g then' }).textContent())!;
  expect(
    keys
      .replace('g then', '')
      .split('/')
      .map((k) => k.trim()),
  ).toEqual(['o', 'l', 's', 'a', 'm', 'n', 'i', 'q']);
  await expect(help.getByRole('definition').filter({ hasText: 'Go to' })).toHaveText(
    'Go to Overview, Live, Search, Anomalies, Model, Sensors, Import, SQL console',
  );
  await page.keyboard.press('Escape');
  await page.keyboard.press('g');
  await page.keyboard.press('i');
  await expect(page.getByRole('heading', { name: 'Import captures' })).toBeVisible();
  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await open(page, `/overview?${RECENT}`);
  await expect(page.locator('.recharts-surface').first()).toBeVisible();
  await noSeriousA11yViolations(page);
});

test('bots in the last hour -> why -> the IP -> verdict on the entity', async ({ page }) => {
  await open(page, '/anomalies?range=1h');
  const table = page.getByRole('table', { name: 'Triage queue' });
  await expect(table).toBeVisible();
  // One row per entity, however many runs flagged it; the header counts what the list holds:
  // the seed's labelled (IP, JA4) pairs, no more (the daemon's schedule is off).
  const count = page.locator('.queue-count');
  await expect(count).toHaveText(`${seeded.entities} entities`);
  await expect(table).toHaveAttribute('aria-rowcount', String(seeded.entities + 1));
  await views(page, 'anomalies');
  // The list is virtualized: a row far down is not in the DOM. The analyst narrows the queue to
  // the address with the filter box, which leaves exactly the one (IP, JA4) entity.
  await page.getByRole('searchbox', { name: 'Filter' }).fill(seeded.curlIp);
  await expect(count).toHaveText('1 entity');
  const row = table.locator(`tbody tr[data-entity="ip_ja4|${seeded.curlIp}|${seeded.curlJa4}"]`);
  await expect(row).toHaveCount(1);
  // Why: the latest run's reasons, the run count and the score history.
  await expect(row).toContainText('labelled');
  const runs = seeded.twiceFlagged ? 2 : 1;
  await expect(
    row.getByRole('img', { name: `Scores of the last ${runs} runs`, exact: false }),
  ).toBeVisible();
  await row.getByRole('link', { name: seeded.curlIp, exact: true }).click();
  await expect(page.getByRole('heading', { name: `IP profile ${seeded.curlIp}` })).toBeVisible();
  // The IP's raw requests, one opened in full (headers, JA4H, the connection's handshake).
  const raw = page.getByRole('table', { name: 'Raw events: requests' });
  // The profile's one call does a dozen reads; on a loaded CI machine it can take a while.
  await expect(raw).toBeVisible({ timeout: 30_000 });
  // The time cell: the others hold pivots, which navigate instead.
  await raw.locator('tbody tr[aria-rowindex="2"] td').first().click();
  const pane = page.getByRole('complementary', { name: 'Event detail' });
  await expect(pane.getByRole('table', { name: 'Request fields' })).toContainText('user_agent');
  await expect(pane.getByRole('link', { name: 'Search this IP' })).toBeVisible();
  await views(page, 'ip-profile-detail');
  await page.goBack();
  await row.getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Mark true positive' }).click();
  await expect(
    page.getByText(`1 entity (${runs} ${runs === 1 ? 'run' : 'runs'}) marked true positive.`),
  ).toBeVisible({ timeout: 30_000 });
  // The verdict covers the entity: gone from the open states, counted under true positive.
  await expect(count).toHaveText('0 entities');
  await expect(page.getByText(/True positive\s*\(1\)/)).toBeVisible();
  await page.getByRole('checkbox', { name: /True positive/ }).check();
  await expect(row.getByRole('cell', { name: 'True positive' })).toBeVisible();
  // The IP profile's history shows every run of it judged.
  await row.getByRole('link', { name: seeded.curlIp, exact: true }).click();
  const history = page.getByRole('region', { name: 'Anomaly history' });
  await expect(history.getByRole('cell', { name: 'true positive', exact: true })).toHaveCount(
    runs,
    {
      timeout: 30_000,
    },
  );
});

test('sensors and live views render the daemon state', async ({ page }) => {
  await open(page, '/sensors');
  await expect(page.getByRole('heading', { name: 'Sensors', level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Capture workers' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Storage writers' })).toBeVisible();
  // The daemon's own correlator is named by the sensor its heartbeat put in the Fleet table.
  const fleet = page.getByRole('table', { name: 'Fleet sensors' });
  await expect(fleet.locator('tbody tr')).toHaveCount(1, { timeout: 30_000 });
  const name = (await fleet.locator('tbody tr td').first().textContent())!.trim();
  expect(name).not.toBe('');
  await expect(
    page.getByRole('heading', { name: `Correlator of sensor ${name}`, exact: true }),
  ).toBeVisible();
  // Counters in words, not the correlator's snake_case keys.
  const correlator = page.getByRole('region', { name: `Correlator of sensor ${name}` });
  await expect(correlator.getByText('Requests matched to a handshake')).toBeVisible();
  await expect(correlator.getByText(/\b[a-z]+_[a-z_]+\b/)).toHaveCount(0);
  await views(page, 'sensors');

  // Live traffic from a client the store holds an open anomaly for: its rows are highlighted.
  await open(page, `/anomalies?${RECENT}`);
  const flaggedIp = (await page
    .getByRole('table', { name: 'Triage queue' })
    .locator('tbody tr[data-entity] a')
    .first()
    .textContent())!.trim();
  await open(page, '/live');
  await expect(page.getByRole('heading', { name: 'Live', level: 1 })).toBeVisible();
  const live = page.getByRole('table', { name: 'Live events' });
  await expect(live).toBeVisible();
  await feedLive({
    httpSocket: join(dataDir, 'http.socket'),
    networkSocket: join(dataDir, 'network.socket'),
    requestsPerSecond: 20,
    seconds: 1,
    src: flaggedIp,
  });
  const first = live.locator('tbody tr:not([aria-hidden])').first();
  await expect(first).toHaveClass(/\bflag\b/, { timeout: 20_000 });
  // The requests follow their connections once the correlator has decided them (seconds). (A
  // row's text runs its cells together: no word boundary before the method.)
  await expect(
    live.locator('tbody tr.flag', { hasText: /(GET|POST|HEAD) \// }).first(),
  ).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('.results-bar [role=status]')).toContainText('events/s');
  await page.getByRole('button', { name: 'Pause' }).click();
  // Visible in the light theme (issue 21 found it invisible): the tint differs from the page and
  // a bar marks the row's first cell.
  await switchTheme(page, 'light');
  // Run in the page as text (the tests' TypeScript has no DOM library): the first flagged cell.
  const look = (await page.evaluate(`(() => {
    const td = document.querySelector('table[aria-label="Live events"] tbody tr.flag td');
    return {
      cell: getComputedStyle(td).backgroundColor,
      page: getComputedStyle(document.body).backgroundColor,
      bar: getComputedStyle(td).boxShadow,
    };
  })()`)) as { cell: string; page: string; bar: string };
  expect(look.cell).not.toBe(look.page);
  expect(look.bar).toMatch(/inset/);
  await views(page, 'live');
});

test('model tuning: preview with the threshold dragged, then apply', async ({ page }) => {
  test.setTimeout(90_000);
  await open(page, '/model');
  await expect(page.getByRole('textbox', { name: 'Trees' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Trees' }).fill('100');
  await page.getByRole('button', { name: 'Preview on the last window' }).click();
  await expect(page.getByText(/entities scored/)).toBeVisible({ timeout: 60_000 });
  await page.getByRole('slider').fill('0.9');
  await expect(page.locator('.flip').first()).toContainText(/would flip|No entity would flip/);
  await views(page, 'model');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByText(/^Applied/)).toBeVisible({ timeout: 60_000 });
  await expect(
    page.getByRole('table', { name: 'Run history' }).locator('tbody tr').first(),
  ).toBeVisible();
});

test('import a capture by upload with progress, and settings', async ({ page }) => {
  await open(page, '/import');
  await expect(page.getByRole('heading', { name: 'Import captures' })).toBeVisible();
  await page.locator('input[type=file]').setInputFiles(capturePath('tls12-h2.pcap'));
  const table = page.getByRole('table', { name: 'Import jobs' });
  const row = table.locator('tbody tr', { hasText: 'tls12-h2.pcap' }).first();
  await expect(row.getByRole('cell', { name: 'done' })).toBeVisible({ timeout: 30_000 });
  await expect(row.getByRole('progressbar')).toHaveAttribute('value', '1');
  await views(page, 'import');
  // Imported data sits at its capture time, outside the default 24 h: the job links there.
  await row.getByRole('link', { name: 'View the imported data' }).click();
  await expect(page.getByRole('heading', { name: 'Overview', level: 1 })).toBeVisible();
  await expect(page.getByLabel('Time range')).toHaveValue('custom');
  await expect(
    page.locator('.stat', { hasText: 'Handshakes' }).locator('.stat-value'),
  ).not.toHaveText('0', { timeout: 20_000 });
  // A file that is no capture: the job fails with the reason, its bar is not a full 100 %, and
  // the daemon's own folders stay out of the words (issue 21 saw an internal path).
  await open(page, '/import');
  await page.locator('input[type=file]').setInputFiles({
    name: 'not-a-capture.pcap',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from('this is a text file, not a packet capture\n'.repeat(50)),
  });
  const bad = table.locator('tbody tr', { hasText: 'not-a-capture.pcap' }).first();
  await expect(bad.getByRole('cell', { name: 'failed' })).toBeVisible({ timeout: 30_000 });
  await expect(bad.getByRole('progressbar')).not.toHaveAttribute('value', '1');
  await expect(bad).toContainText('stopped at');
  await expect(bad).not.toContainText(dataDir);
  await expect(bad).not.toContainText('/imports/');
  await open(page, '/settings');
  await expect(page.getByRole('textbox', { name: 'Raw data retention (days)' })).toBeVisible();
  await views(page, 'settings');
});
