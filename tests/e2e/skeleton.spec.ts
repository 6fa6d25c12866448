// The walking skeleton, end to end with real parts: one of the project's own captures is imported
// into the embedded store by the CLI, the daemon serves the UI, and Chromium shows the handshakes.
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import {
  type RunningDaemon,
  removeDir,
  runCli,
  startDaemon,
  tempDataDir,
} from '../support/daemon.js';
import { capturePath, tsharkView } from '../../capture-worker/test-fixtures/captures.js';

const pcap = 'tls-clients.pcap';

/** SNI values tshark reports for this capture (the oracle, not our output). */
function expectedServerNames(): string[] {
  return [
    ...new Set(
      tsharkView(pcap)
        .hellos.filter((h) => h.type === 'client' && h.sni)
        .map((h) => h.sni!),
    ),
  ];
}

let dataDir: string;
let daemon: RunningDaemon | undefined;

test.beforeAll(async () => {
  dataDir = tempDataDir();
  const imported = runCli(['import', '--data-dir', dataDir, capturePath(pcap)]);
  expect(imported.status, imported.stderr).toBe(0);
  daemon = await startDaemon(dataDir);
});

test.afterAll(async () => {
  await daemon?.stop();
  removeDir(dataDir);
});

test('imported handshakes appear in the browser', async ({ page }, testInfo) => {
  const names = expectedServerNames();
  expect(names.length).toBeGreaterThanOrEqual(2);
  await page.goto(`${daemon!.url}/#token=${daemon!.token}`);
  const table = page.getByRole('table', { name: 'Recent TLS handshakes' });
  await expect(table).toBeVisible();
  for (const name of names)
    await expect(table.getByRole('cell', { name, exact: true }).first()).toBeVisible();
  // The token left the address bar as soon as the page took it.
  expect(new URL(page.url()).hash).toBe('');
  await page.screenshot({ path: testInfo.outputPath('handshakes.png'), fullPage: true });
  await page.screenshot({
    path: join('tests/artifacts', 'skeleton-handshakes.png'),
    fullPage: true,
  });
});

test('the page asks for the token when it has none, and a wrong one is refused', async ({
  page,
}) => {
  await page.goto(daemon!.url);
  await expect(page.getByRole('heading', { name: 'Access token' })).toBeVisible();
  // The form itself is labelled 'Access token' too: the field is the textbox.
  const field = page.getByRole('textbox', { name: 'Token' });
  await field.fill('wrong-token');
  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(page.getByRole('alert')).toContainText('Token refused');
  await expect(page.getByRole('heading', { name: 'Access token' })).toBeVisible();
  await field.fill(daemon!.token);
  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(page.getByRole('table', { name: 'Recent TLS handshakes' })).toBeVisible();
});

test('the served UI carries a strict CSP and no CORS grant', async ({ request }) => {
  const res = await request.get(daemon!.url);
  expect(res.headers()['content-security-policy']).toContain("script-src 'self'");
  expect(res.headers()['access-control-allow-origin']).toBeUndefined();
  const api = await request.post(`${daemon!.url}/api/v1/handshakes.recent`, { data: {} });
  expect(api.status()).toBe(401);
});
