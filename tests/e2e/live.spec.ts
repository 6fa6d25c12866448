// The Live view against a running daemon with real traffic: a sensor's handshakes on
// network.socket and the web server's requests on http.socket (tests/e2e/live-feed.ts), joined by
// the correlator and streamed to the page. Functional only, at a low rate: every event sent is
// received, pause freezes the table while the count goes on, resume shows new rows, the filter
// keeps only matching rows. Smoothness at 2,000 events/s is measured by bench/ui/live.bench.ts.
import { join } from 'node:path';
import { expect, type Locator, test } from '@playwright/test';
import { type RunningDaemon, removeDir, startDaemon, tempDataDir } from '../support/daemon.js';
import { feedLive, type FeedResult } from './live-feed.js';

test.use({ actionTimeout: 10_000 });

let dataDir: string;
let daemon: RunningDaemon | undefined;

test.beforeAll(async () => {
  dataDir = tempDataDir('ja4ws-live-');
  daemon = await startDaemon(dataDir);
});

test.afterAll(async () => {
  await daemon?.stop();
  if (dataDir) removeDir(dataDir);
});

const received = async (status: Locator) => Number(await status.getAttribute('data-received'));

test('live: streamed events arrive complete; pause, resume and filter', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto(`${daemon!.url}/#/live?token=${daemon!.token}`);
  const table = page.getByRole('table', { name: 'Live events' });
  await expect(table).toBeVisible();
  const status = page.getByTestId('live-status');
  const rows = table.locator('tbody tr:not([aria-hidden])');
  const firstRow = rows.first();

  const feed = (seconds: number): Promise<FeedResult> =>
    feedLive({
      httpSocket: join(dataDir, 'http.socket'),
      networkSocket: join(dataDir, 'network.socket'),
      requestsPerSecond: 200,
      seconds,
    });

  // 1. Everything sent arrives: one row per handshake and one per correlated request.
  const first = await feed(3);
  const sent = first.requests + first.handshakes;
  await expect.poll(() => received(status), { timeout: 20_000 }).toBe(sent);
  await expect(status).toHaveAttribute('data-missed', '0');
  await expect(status).toHaveAttribute('data-shown', String(sent));
  await expect(firstRow).toBeVisible();
  // Virtualized: hundreds of events, only the visible rows in the DOM.
  expect(await rows.count()).toBeLessThan(60);
  // The newest row is a request of the last batch, joined to its connection's JA4.
  const newest = (await firstRow.locator('td').nth(4).textContent())!;
  expect(first.lastPaths.some((p) => newest.endsWith(` ${p}`))).toBe(true);
  await expect(firstRow.locator('td').nth(2)).toHaveText(/^[tq]\d\d[di]\d{4}/);

  // 2. Pause: the table stands still while events keep being counted.
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(status).toContainText('Paused.');
  const frozen = await firstRow.textContent();
  const second = await feed(2);
  await expect
    .poll(() => received(status), { timeout: 20_000 })
    .toBe(sent + second.requests + second.handshakes);
  expect(await firstRow.textContent()).toBe(frozen);
  await expect(status).toHaveAttribute('data-shown', String(sent));

  // 3. Resume: new events appear on top again.
  await page.getByRole('button', { name: 'Resume' }).click();
  const third = feed(2);
  await expect.poll(() => firstRow.textContent(), { timeout: 20_000 }).not.toBe(frozen);
  const fed = await third;
  const total = sent + second.requests + second.handshakes + fed.requests + fed.handshakes;
  await expect.poll(() => received(status), { timeout: 20_000 }).toBe(total);
  await expect(status).toHaveAttribute('data-missed', '0');

  // 4. Filter on one client address: only its rows remain.
  const ip = (await firstRow.locator('td').nth(1).textContent())!.trim();
  const before = Number(await status.getAttribute('data-shown'));
  await page.getByRole('textbox', { name: 'Filter' }).fill(ip);
  await expect
    .poll(async () => Number(await status.getAttribute('data-shown')))
    .toBeLessThan(before);
  for (const text of await rows.allTextContents()) expect(text).toContain(ip);
  await page.getByRole('textbox', { name: 'Filter' }).fill('');
  await expect(status).toHaveAttribute('data-shown', String(before));
});

test('live: a row opens the same event detail as Search; the time is whole at 1440 px', async ({
  page,
}) => {
  test.setTimeout(90_000);
  // The analyst review's screen (issue 21), where the time column was cut to the date.
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${daemon!.url}/#/live?token=${daemon!.token}`);
  const table = page.getByRole('table', { name: 'Live events' });
  const fed = await feedLive({
    httpSocket: join(dataDir, 'http.socket'),
    networkSocket: join(dataDir, 'network.socket'),
    requestsPerSecond: 50,
    seconds: 1,
  });
  const row = table.locator('tbody tr:not([aria-hidden])').first();
  // The buffer still holds the first test's events: wait for this feed's last request on top.
  const pathOf = async () => {
    const request = (await row.locator('td').nth(4).textContent()) ?? '';
    return request.slice(request.indexOf(' ') + 1);
  };
  await expect
    .poll(async () => fed.lastPaths.includes(await pathOf()), { timeout: 20_000 })
    .toBe(true);
  await page.getByRole('button', { name: 'Pause' }).click();
  // Date and seconds on screen, nothing hidden by the column's width.
  const time = row.locator('td').first();
  await expect(time).toHaveText(/\d{4}-\d{2}-\d{2}.*\d{2}:\d{2}:\d{2}/);
  expect(await time.evaluate((td) => td.scrollWidth <= td.clientWidth)).toBe(true);
  const path = await pathOf();
  expect(fed.lastPaths).toContain(path);
  const ja4 = (await row.locator('td').nth(2).textContent())!.trim();
  // The request cell holds no pivot: clicking it opens the row.
  await row.locator('td').nth(4).click();
  const pane = page.getByRole('complementary', { name: 'Event detail' });
  await expect(pane).toBeVisible();
  // The stored request, found by the live event's connection and time (microseconds): the
  // writers store it within seconds, the pane offers to look again until then.
  const fields = pane.getByRole('table', { name: 'Request fields' });
  await expect
    .poll(
      async () => {
        if (await fields.isVisible()) return true;
        const again = pane.getByRole('button', { name: 'Look again' });
        if (await again.isVisible()) await again.click();
        return false;
      },
      { timeout: 30_000, intervals: [1_000] },
    )
    .toBe(true);
  await expect(fields.getByRole('row', { name: /^path/ })).toContainText(path);
  await expect(pane.getByRole('table', { name: 'Handshake fields' })).toContainText(ja4);
  await expect(pane.getByRole('link', { name: 'Search this IP' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(pane).toHaveCount(0);
});
