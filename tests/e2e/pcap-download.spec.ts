// Packets on demand in the UI (issue 24): the daemon captures live on lo with its packet store on,
// curl makes an HTTPS request, the analyst opens the connection in Search, its detail pane, and
// clicks "Download pcap of this connection". The file the browser saves is read by tshark without
// a warning (its JA3 of curl's ClientHello is the stored one) and `ja4ws fingerprint` gives the
// stored JA4. Live capture needs root (CI runs as root), tcpdump, curl and tshark.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { HttpApiClient } from '../../common/api/http-client.js';
import { type RunningDaemon, removeDir, startDaemon, tempDataDir } from '../support/daemon.js';
import { curlLocalPorts, hasCommand, selfSignedCert, tsharkJa3ByPort } from '../support/tls.js';

const skipReason =
  process.getuid?.() !== 0
    ? 'needs root for live capture on lo'
    : !hasCommand('tcpdump') || !hasCommand('curl') || !hasCommand('tshark')
      ? 'needs tcpdump, curl and tshark'
      : '';

let dataDir = '';
let daemon: RunningDaemon | undefined;
let server: Server | undefined;
let port = 0;

test.beforeAll(async () => {
  if (skipReason) return;
  dataDir = tempDataDir('ja4ws-pcap-ui-');
  const { key, cert } = selfSignedCert(dataDir);
  server = createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (_req, res) =>
    res.end('ok\n'),
  );
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as { port: number }).port;
  const config = join(dataDir, 'config.yaml');
  writeFileSync(
    config,
    [
      'capture:',
      '  interfaces: [lo]',
      '  worker:',
      `    filter: "tcp port ${port}"`,
      '    statsIntervalMs: 500',
      '    packets:',
      '      flushMs: 200',
      '',
    ].join('\n'),
  );
  daemon = await startDaemon(dataDir, [], { JA4WS_CONFIG: config });
});

test.afterAll(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  await daemon?.stop();
  if (dataDir) removeDir(dataDir);
});

test('a live connection -> its detail -> Download pcap: tshark reads it, it re-fingerprints to the stored JA4', async ({
  page,
}) => {
  test.skip(skipReason !== '', `pcap download e2e skipped: ${skipReason}`);
  test.setTimeout(120_000);
  const api = new HttpApiClient(daemon!.url, () => daemon!.token);
  await expect
    .poll(async () => (await api.call('sensors.status', {})).captures[0]?.state, {
      timeout: 30_000,
    })
    .toBe('running');
  await new Promise((r) => setTimeout(r, 500));
  const [localPort] = await curlLocalPorts(port, ['/pcap-ui']);
  const window = {
    from: new Date(Date.now() - 600_000).toISOString(),
    to: new Date(Date.now() + 600_000).toISOString(),
  };
  // The stored connection (the truth the file is compared with), and its packets in the store.
  let stored: { ja4: string; ja3: string; ts: string } | undefined;
  await expect
    .poll(
      async () => {
        const r = await api.call('search.query', {
          window,
          filters: { ip: '127.0.0.1' },
          limit: 100,
        });
        stored = r.rows.find((x) => x.src_port === localPort && x.ja4 !== '');
        return stored !== undefined;
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  await expect
    .poll(
      async () =>
        (await api.call('pcap.plan', { ip: '127.0.0.1', window })).connections.find(
          (c) => c.packets >= 6,
        ) !== undefined,
      { timeout: 30_000 },
    )
    .toBe(true);

  await page.goto(
    `${daemon!.url}/#/search?source=handshakes&ip=127.0.0.1&range=1h&token=${daemon!.token}`,
  );
  // The capture filter keeps only the test server's port: curl's connection is the one row.
  await expect(page.getByText('1 matching handshakes.')).toBeVisible({ timeout: 30_000 });
  const row = page.locator('table tbody tr').first();
  // The time cell opens the detail pane (the others hold pivots).
  await row.locator('td').first().click();
  const pane = page.getByRole('complementary', { name: 'Event detail' });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    pane.getByRole('button', { name: 'Download pcap of this connection' }).click(),
  ]);
  await expect(pane.getByRole('status')).toContainText('1 connection, complete');
  const file = join(dataDir, 'downloaded.pcapng');
  await download.saveAs(file);

  const t = spawnSync('tshark', ['-n', '-r', file], { encoding: 'utf8', timeout: 30_000 });
  expect(t.status).toBe(0);
  expect(
    t.stderr.split('\n').filter((l) => l.trim() !== '' && !/Running as user "root"/.test(l)),
  ).toEqual([]);
  expect((await tsharkJa3ByPort(file, port)).get(localPort!)).toBe(stored!.ja3);

  const root = resolve(import.meta.dirname, '../..');
  const fp = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(root, 'main/cli/main.ts'), 'fingerprint', file],
    { encoding: 'utf8', cwd: root, timeout: 60_000 },
  );
  expect(fp.status, fp.stderr).toBe(0);
  const recs = fp.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { src_port: number; ja4?: string });
  expect(recs.find((r) => r.src_port === localPort)?.ja4).toBe(stored!.ja4);
});
