// Live view at 2,000 correlated events/s in a real browser (issue 9). The built daemon runs on a
// fresh data directory; a remote sensor's handshakes (network.socket) and the web server's request
// events (http.socket) arrive at RATE requests/s, 4 keep-alive requests per connection, so the
// table gets RATE correlated requests plus RATE/4 connection rows per second. Debian's Chromium
// shows #/live while a probe in the page records frames (requestAnimationFrame), long tasks
// (PerformanceObserver 'longtask'), rows in the DOM and table commits. Afterwards every event
// sent must have reached the page (received == handshakes + requests, missed == 0).
//   flock /tmp/bench.lock node --import tsx bench/ui/live.bench.ts [rate=2000] [seconds=30]
// Needs `npm run build` (the daemon and UI are run as built).
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumArgs, chromiumPath } from '../../playwright.config.js';
import { FRAME_PROBE, type ProbeResult, summarize } from '../../tests/e2e/frame-probe.js';
import { feedLive } from '../../tests/e2e/live-feed.js';
import { projectRoot, removeDir, startDaemon, tempDataDir } from '../../tests/support/daemon.js';

const rate = Number(process.argv[2] ?? 2000);
const seconds = Number(process.argv[3] ?? 30);
for (const f of ['dist/main/cli/main.js', 'dist/renderer/index.html'])
  if (!existsSync(join(projectRoot, f))) throw new Error(`${f} is missing: run npm run build`);

const load = () => loadavg().map((x) => Math.round(x * 10) / 10);
const dataDir = tempDataDir('ja4ws-bench-live-');
const daemon = await startDaemon(dataDir);
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.addInitScript({ content: FRAME_PROBE });
  await page.goto(`${daemon.url}/#/live?token=${daemon.token}`);
  await page.getByRole('table', { name: 'Live events' }).waitFor();
  const status = page.getByTestId('live-status');
  const loadBefore = load();
  // UI_BENCH_PROFILE=1: a CPU profile of the page during the feed, top functions by self time.
  const cdp = process.env.UI_BENCH_PROFILE ? await page.context().newCDPSession(page) : undefined;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.start');
  }
  await page.evaluate('window.__probe.start()');
  const fed = await feedLive({
    httpSocket: join(dataDir, 'http.socket'),
    networkSocket: join(dataDir, 'network.socket'),
    requestsPerSecond: rate,
    seconds,
  });
  const probe = (await page.evaluate('window.__probe.stop()')) as ProbeResult;
  const loadDuring = load();
  if (cdp) {
    const { profile } = await cdp.send('Profiler.stop');
    const self = new Map<string, number>();
    const dt = new Map<number, number>();
    profile.samples?.forEach((id, i) =>
      dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas?.[i] ?? 0)),
    );
    for (const n of profile.nodes) {
      const f = n.callFrame;
      const k = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
      self.set(k, (self.get(k) ?? 0) + (dt.get(n.id) ?? 0) / 1000);
    }
    const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 25);
    for (const [k, ms] of top) process.stdout.write(`  ${Math.round(ms)} ms  ${k}\n`);
  }
  // Requests are decided reorderMs + skewMs (about 2.25 s) after they start: wait for the tail.
  const sent = fed.requests + fed.handshakes;
  const t0 = Date.now();
  let received = 0;
  while (Date.now() - t0 < 30_000) {
    received = Number(await status.getAttribute('data-received'));
    if (received >= sent) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const tailMs = Date.now() - t0;
  const missed = Number(await status.getAttribute('data-missed'));
  const shown = Number(await status.getAttribute('data-shown'));
  const firstRow = page
    .getByRole('table', { name: 'Live events' })
    .locator('tbody tr:not([aria-hidden])')
    .first();
  const newestRowPath = ((await firstRow.locator('td').nth(4).textContent()) ?? '').trim();
  await page
    .screenshot({ path: join(projectRoot, 'bench/out/ui-live.png') })
    .catch(() => undefined);
  const result = {
    date: new Date().toISOString(),
    requestsPerSecond: rate,
    connectionsPerSecond: rate / 4,
    liveEventsPerSecond: Math.round(sent / fed.seconds),
    fedSeconds: Math.round(fed.seconds * 10) / 10,
    feederMaxLagMs: fed.maxLagMs,
    ...summarize(probe),
    sent,
    received,
    missed,
    tableHolds: shown,
    allReceivedWithinMsAfterFeedEnd: received >= sent ? tailMs : null,
    newestRowIsFromLastBatch: fed.lastPaths.some((p) => newestRowPath.endsWith(` ${p}`)),
    loadAverage: { before: loadBefore, endOfFeed: loadDuring },
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  if (received !== sent || missed !== 0) {
    process.stderr.write(`live: ${sent} events sent, ${received} received, ${missed} missed\n`);
    process.exitCode = 1;
  }
} finally {
  await browser.close();
  await daemon.stop();
  removeDir(dataDir);
}
