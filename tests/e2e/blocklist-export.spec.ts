// Blocklist export from the UI (issue 23), as an analyst does it, against the built daemon with a
// real capture in the store: the triage queue -> select two flagged entities -> export an nginx
// map -> the downloaded file holds exactly those addresses, each with the chosen expiry, and
// `nginx -t` loads it; and a search -> export its entities as a Cloudflare expression, whose
// addresses are the ones tshark saw send the searched JA4.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import {
  projectRoot,
  type RunningDaemon,
  removeDir,
  startDaemon,
  tempDataDir,
} from '../support/daemon.js';
import { hasCommand } from '../support/tls.js';
import { tsharkView } from '../../capture-worker/test-fixtures/captures.js';
import { seedUiStore } from './seed-store.js';

interface Seeded {
  flagged: { ip: string; ja4: string; score: number }[];
  captures: { from: string; to: string };
}

test.use({ actionTimeout: 10_000, viewport: { width: 1440, height: 900 } });

let dataDir: string;
let daemon: RunningDaemon | undefined;
let seeded: Seeded;
const HOUR = 3_600_000;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  dataDir = tempDataDir('ja4ws-blocklist-');
  seeded = seedUiStore<Seeded>(dataDir, 'blocklist-seed.ts');
  daemon = await startDaemon(dataDir);
});

test.afterAll(async () => {
  await daemon?.stop();
  if (dataDir) removeDir(dataDir);
});

async function open(page: Page, hash: string): Promise<void> {
  const sep = hash.includes('?') ? '&' : '?';
  await page.goto(`${daemon!.url}/#${hash}${sep}token=${daemon!.token}`);
}

/** Clicks Export blocklist and returns the downloaded file's name and text. */
async function download(page: Page, scope: ReturnType<Page['locator']>) {
  const [file] = await Promise.all([
    page.waitForEvent('download', { timeout: 30_000 }),
    scope.getByRole('button', { name: 'Export blocklist' }).click(),
  ]);
  const path = join(mkdtempSync(join(tmpdir(), 'ja4ws-bl-e2e-')), file.suggestedFilename());
  await file.saveAs(path);
  return { name: file.suggestedFilename(), path, text: readFileSync(path, 'utf8') };
}

test('triage queue -> select two entities -> nginx map: exactly them, with the expiry; nginx -t loads it', async ({
  page,
}) => {
  await open(page, '/anomalies?range=1h');
  const table = page.getByRole('table', { name: 'Triage queue' });
  const [a, b, c] = seeded.flagged;
  for (const f of seeded.flagged)
    await expect(table.getByRole('link', { name: f.ip, exact: true })).toBeVisible({
      timeout: 30_000,
    });
  for (const f of [a!, c!])
    await table.getByRole('checkbox', { name: `Select ${f.ip} ${f.ja4}` }).check();
  const bar = page.getByRole('toolbar', { name: 'Bulk actions' });
  await expect(bar).toContainText('2 selected');
  await bar.getByRole('combobox', { name: 'Blocklist format' }).selectOption('nginx');
  await bar.getByRole('combobox', { name: 'What to block' }).selectOption('ips');
  await bar.getByRole('spinbutton', { name: 'expires after hours' }).fill('48');
  const before = Date.now();
  const file = await download(page, bar);
  const after = Date.now();
  expect(file.name).toMatch(/^ja4ws-block-until-.*\.nginx\.conf$/);
  // The addresses map holds the two selected addresses and nothing else; the JA4 map is empty.
  const ipMap = /map \$remote_addr \$\w+ \{([^}]*)\}/.exec(file.text)![1]!;
  const entries = [...ipMap.matchAll(/^\s*"([^"]+)" 1; # expires (\S+) (.*)$/gm)];
  expect(entries.map((m) => m[1]).sort()).toEqual([a!.ip, c!.ip].sort());
  expect(file.text).not.toContain(b!.ip);
  expect(/map \$http_x_ja4 \$\w+ \{([^}]*)\}/.exec(file.text)![1]).not.toMatch(/"\S+" 1;/);
  for (const m of entries) {
    const at = Date.parse(m[2]!);
    expect(at).toBeGreaterThanOrEqual(before + 48 * HOUR - 1000);
    expect(at).toBeLessThanOrEqual(after + 48 * HOUR + 1000);
    // Why it is blocked: the entity's score in the queue.
    const f = seeded.flagged.find((x) => x.ip === m[1])!;
    expect(m[3]).toContain(`score ${f.score.toFixed(2)}`);
  }
  await expect(bar.getByRole('status').filter({ hasText: 'Saved' })).toContainText(
    `Saved ${file.name}: 2 addresses, 0 JA4s`,
  );
  await page.screenshot({ path: join(projectRoot, 'tests/artifacts/ui-blocklist-export.png') });
  if (!hasCommand('nginx')) return;
  const dir = mkdtempSync(join(tmpdir(), 'ja4ws-bl-nginx-'));
  writeFileSync(
    join(dir, 'nginx.conf'),
    `pid ${dir}/nginx.pid; error_log ${dir}/error.log; events {} http { access_log off; include ${file.path}; server { listen 127.0.0.1:1; location / { if ($ja4ws_block) { return 403; } return 200; } } }\n`,
  );
  execFileSync('nginx', ['-t', '-q', '-c', join(dir, 'nginx.conf'), '-p', dir], { stdio: 'pipe' });
});

test('search -> Cloudflare expression of its addresses and JA4: the senders tshark saw', async ({
  page,
}) => {
  const ja4 = seeded.flagged[0]!.ja4;
  const { from, to } = seeded.captures;
  await open(page, `/search?source=handshakes&ja4=${ja4}&from=${from}&to=${to}`);
  await expect(page.getByRole('status').filter({ hasText: 'matching handshakes' })).toBeVisible({
    timeout: 30_000,
  });
  const box = page.getByRole('group', { name: 'Blocklist' });
  await box.getByRole('combobox', { name: 'Blocklist format' }).selectOption('cloudflare');
  await box.getByRole('combobox', { name: 'What to block' }).selectOption('both');
  const file = await download(page, box);
  expect(file.name).toMatch(/\.cloudflare\.txt$/);
  const senders = [
    ...new Set(
      tsharkView('tls-clients.pcap')
        .hellos.filter((h) => h.type === 'client' && h.ja4 === ja4)
        .map((h) => h.src),
    ),
  ];
  const m = /^\(cf\.bot_management\.ja4 in \{"([^"]+)"\}\) or \(ip\.src in \{([^}]*)\}\)\n$/.exec(
    file.text,
  );
  expect(m, file.text).not.toBeNull();
  expect(m![1]).toBe(ja4);
  expect(m![2]!.split(' ').sort()).toEqual(senders.sort());
});
