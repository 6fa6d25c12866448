// The desktop face in a real Electron, driven by Playwright's _electron. It runs wherever an
// Electron binary exists (node_modules/electron/dist or ELECTRON_PATH); elsewhere it is reported
// as skipped with the reason, because these build machines cannot download Electron.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { projectRoot, removeDir, runCli, tempDataDir } from '../support/daemon.js';
import { capturePath } from '../../capture-worker/test-fixtures/captures.js';

const binary =
  process.env.ELECTRON_PATH ?? join(projectRoot, 'node_modules/electron/dist/electron');
const available = existsSync(binary);
const skipReason = `no Electron binary at ${binary} (set ELECTRON_PATH; the binary cannot be downloaded on this machine)`;
if (!available) console.log(`desktop E2E skipped: ${skipReason}`);

test.skip(!available, skipReason);

test('the desktop app shows imported handshakes in a hardened window', async () => {
  const dataDir = tempDataDir('ja4ws-desktop-');
  try {
    const imported = runCli(['import', '--data-dir', dataDir, capturePath('tls-clients.pcap')]);
    expect(imported.status, imported.stderr).toBe(0);
    const app = await electron.launch({
      executablePath: binary,
      args: ['--no-sandbox', join(projectRoot, 'dist/main/shell/electron/main.js')],
      env: { ...process.env, JA4WS_DATA_DIR: dataDir },
    });
    try {
      const page = await app.firstWindow();
      await expect(page.getByRole('table', { name: 'Recent TLS handshakes' })).toBeVisible();
      await expect(page.getByRole('cell', { name: 'app.slack.com' })).toBeVisible();
      // No Node in the page (nodeIntegration off, sandbox on), only the one bridge (contextIsolation).
      const g = await page.evaluate(() => {
        const w = globalThis as unknown as Record<string, unknown>;
        return {
          require: typeof w.require,
          process: typeof w.process,
          keys: Object.keys(w).filter((k) => k.startsWith('ja4ws')),
        };
      });
      expect(g).toEqual({ require: 'undefined', process: 'undefined', keys: ['ja4wsBridge'] });
      const csp = await page.evaluate(async () => {
        const loc = (globalThis as unknown as { location: { href: string } }).location;
        return (await fetch(loc.href)).headers.get('content-security-policy');
      });
      expect(csp).toContain("script-src 'self'");
      await page.screenshot({ path: join('tests/artifacts', 'desktop-handshakes.png') });
    } finally {
      await app.close();
    }
  } finally {
    removeDir(dataDir);
  }
});
