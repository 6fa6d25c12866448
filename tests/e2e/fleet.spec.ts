// The fleet in the browser (issue 25): two sensor daemons (role sensor, ingest only: no capture
// privileges needed) and one server daemon on one ClickHouse endpoint; the server's Sensors view
// lists both sensors by name, healthy, and a sensor whose last heartbeat is old (written here into
// the store) as silent, flagged red.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { migrateUp } from '../../main/storage/migrations/runner.js';
import { openStore, type Store } from '../../main/storage/store.js';
import { spawnEndpoint, type EndpointProcess } from '../../main/storage/testing/http-endpoint.js';
import { SENSOR_HEARTBEATS } from '../../main/fleet/heartbeat.js';
import { msToDateTime64 } from '../../main/fleet/instance.js';
import {
  cliPath,
  type RunningDaemon,
  removeDir,
  startDaemon,
  tempDataDir,
} from '../support/daemon.js';

let ep: EndpointProcess | undefined;
let store: Store | undefined;
let server: RunningDaemon | undefined;
const sensors: ChildProcess[] = [];
const dirs: string[] = [];

async function startSensor(name: string, url: string): Promise<ChildProcess> {
  const dir = tempDataDir(`ja4ws-fleet-ui-${name}-`);
  dirs.push(dir);
  const child = spawn(process.execPath, [cliPath, '--daemon', '--data-dir', dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      JA4WS_LOG_LEVEL: 'warn',
      JA4WS_ROLE: 'sensor',
      JA4WS_FLEET__SENSOR_NAME: name,
      JA4WS_FLEET__HEARTBEAT_SECONDS: '2',
      JA4WS_STORE__KIND: 'remote',
      JA4WS_STORE__URL: url,
      JA4WS_INGEST__HTTP_SOCKET: join(dir, 'http.socket'),
      JA4WS_INGEST__NETWORK_SOCKET: join(dir, 'network.socket'),
    },
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const end = Date.now() + 90_000;
  while (!out.includes('ja4-workstation sensor is running')) {
    if (child.exitCode !== null) throw new Error(`sensor ${name} exited:\n${out}`);
    if (Date.now() > end) throw new Error(`sensor ${name} did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return child;
}

test.beforeAll(async () => {
  const db = tempDataDir('ja4ws-fleet-ui-db-');
  dirs.push(db);
  ep = await spawnEndpoint({ dataDir: db });
  store = await openStore({ kind: 'remote', url: ep.url });
  await migrateUp(store);
  // A sensor that stopped reporting ten minutes ago.
  const old = Date.now() - 600_000;
  await store.insert(SENSOR_HEARTBEATS, [
    {
      ts: msToDateTime64(old),
      sensor: 'web-gone',
      host: 'web-gone.example.net',
      instance: 'web-gone.example.net/1/x',
      role: 'sensor',
      version: '0.0.9',
      started_at: msToDateTime64(old - 3_600_000),
      interfaces: ['eth0'],
      health: 'ok',
      problems: [],
    },
  ]);
  sensors.push(...(await Promise.all(['web-1', 'web-2'].map((n) => startSensor(n, ep!.url)))));
  const dir = tempDataDir('ja4ws-fleet-ui-server-');
  dirs.push(dir);
  server = await startDaemon(dir, [], {
    JA4WS_ROLE: 'server',
    JA4WS_STORE__KIND: 'remote',
    JA4WS_STORE__URL: ep.url,
  });
});

test.afterAll(async () => {
  await server?.stop();
  for (const c of sensors) {
    if (c.exitCode === null && c.signalCode === null) {
      c.kill('SIGTERM');
      await new Promise((r) => c.once('exit', r));
    }
  }
  await store?.close();
  await ep?.stop();
  for (const d of dirs) removeDir(d);
});

test('the Sensors view lists the whole fleet; a silent sensor is red', async ({ page }) => {
  await page.goto(`${server!.url}/#sensors?token=${server!.token}`);
  const table = page.getByRole('table', { name: 'Fleet sensors' });
  await expect(table).toBeVisible({ timeout: 30_000 });
  for (const name of ['web-1', 'web-2']) {
    const row = table.getByRole('row').filter({ hasText: name });
    await expect(row).toHaveAttribute('data-health', 'ok');
    await expect(row).not.toHaveClass(/flag/);
  }
  const gone = table.getByRole('row').filter({ hasText: 'web-gone' });
  await expect(gone).toHaveAttribute('data-health', 'silent');
  await expect(gone).toHaveClass(/flag/);
  await expect(gone.getByRole('cell', { name: /^silent/ })).toBeVisible();
});
