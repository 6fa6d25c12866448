// A fleet (issue 25): two sensor daemons (role sensor, live capture on lo, each its own TLS server
// port) and one server daemon (role server: UI, API, detector) against one ClickHouse endpoint
// (chDB behind HTTP). Real connections (curl) into both sensors; then the endpoint goes away
// (SIGKILL) for 30 s while more connections are made, and comes back on the same port and data.
// Afterwards: every connection is stored exactly once with the name of the sensor that saw it
// (truth: the client ports curl reported), the server's fleet list shows both sensors, and the
// detector's windows are each done once with none missing. Needs root (capture) and the built
// CLI (npm run build:node). Long by design (~30 s outage).
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HttpApiClient } from '../../common/api/http-client.js';
import { migrateUp } from '../../main/storage/migrations/runner.js';
import { openStore, type Store } from '../../main/storage/store.js';
import { spawnEndpoint, type EndpointProcess } from '../../main/storage/testing/http-endpoint.js';
import { tempDir } from '../../main/storage/testing/temp-dir.js';
import {
  cliPath,
  type RunningDaemon,
  removeDir,
  startDaemon,
  tempDataDir,
} from '../support/daemon.js';
import { curlLocalPorts, hasCommand, selfSignedCert } from '../support/tls.js';

const skipReason =
  process.getuid?.() !== 0
    ? 'needs root for live capture on lo'
    : !hasCommand('tcpdump') || !hasCommand('curl')
      ? 'needs tcpdump and curl'
      : '';
if (skipReason) console.log(`fleet test skipped: ${skipReason}`);

const OUTAGE_S = 30;
const PERIOD_S = 5;
let ep: EndpointProcess | undefined;
let store: Store | undefined;
let server: RunningDaemon | undefined;
const sensors: ChildProcess[] = [];
const tlsServers: Server[] = [];
const dirs: string[] = [];
const t0 = Date.now();
const step = (what: string) =>
  process.stdout.write(`fleet test: ${what} at ${Date.now() - t0} ms\n`);

afterAll(async () => {
  await server?.stop();
  await Promise.all(
    sensors.map(async (c) => {
      if (c.exitCode === null && c.signalCode === null) {
        c.kill('SIGTERM');
        await new Promise((r) => c.once('exit', r));
      }
    }),
  );
  for (const s of tlsServers) s.close();
  await store?.close();
  await ep?.stop();
  for (const d of dirs) removeDir(d);
}, 60_000);

async function startSensor(name: string, port: number, url: string): Promise<ChildProcess> {
  const dir = tempDataDir(`ja4ws-fleet-${name}-`);
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
      JA4WS_STORE__OPEN_WHEN_UNREACHABLE: 'true',
      JA4WS_CAPTURE__INTERFACES: '[lo]',
      JA4WS_CAPTURE__WORKER__FILTER: `tcp port ${port}`,
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

async function until(what: string, f: () => Promise<boolean>, ms: number): Promise<void> {
  step(`waiting for ${what}`);
  const end = Date.now() + ms;
  while (!(await f().catch(() => false))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** One connection per call (its own client port). */
const connect = async (port: number, n: number) => {
  const ports: number[] = [];
  for (let i = 0; i < n; i++) ports.push(...(await curlLocalPorts(port, [`/c${i}`])));
  return ports;
};

describe.skipIf(skipReason !== '')('a fleet: two sensors, one server, one ClickHouse', () => {
  it('every connection once under its sensor name, both sensors listed, each window once, through a 30 s outage', async () => {
    const dbDir = tempDir('ja4ws-fleet-db-');
    ep = await spawnEndpoint({ dataDir: dbDir });
    const epPort = ep.port;
    store = await openStore({ kind: 'remote', url: ep.url, requestTimeoutMs: 5_000 });
    await migrateUp(store);
    const certDir = tempDataDir('ja4ws-fleet-cert-');
    dirs.push(certDir);
    const { key, cert } = selfSignedCert(certDir);
    const tlsPorts: number[] = [];
    for (let i = 0; i < 2; i++) {
      const s = createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (_q, r) =>
        r.end('ok'),
      );
      await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
      tlsServers.push(s);
      tlsPorts.push((s.address() as { port: number }).port);
    }
    const names = ['sensor-a', 'sensor-b'];
    sensors.push(
      ...(await Promise.all(names.map((n, i) => startSensor(n, tlsPorts[i]!, ep!.url)))),
    );
    const serverDir = tempDataDir('ja4ws-fleet-server-');
    dirs.push(serverDir);
    server = await startDaemon(serverDir, [], {
      JA4WS_LOG_LEVEL: 'info',
      JA4WS_ROLE: 'server',
      JA4WS_STORE__KIND: 'remote',
      JA4WS_STORE__URL: ep.url,
      JA4WS_STORE__OPEN_WHEN_UNREACHABLE: 'true',
      JA4WS_DETECTOR__PERIOD_SECONDS: String(PERIOD_S),
      JA4WS_DETECTOR__LEASE_SECONDS: '20',
      JA4WS_FLEET__SILENT_AFTER_SECONDS: '20',
    });
    const startedAt = Date.now();
    step('fleet started');
    // tcpdump needs a moment after the worker reports running.
    await new Promise((r) => setTimeout(r, 3_000));

    const api = new HttpApiClient(server.url, () => server!.token);
    const made = new Map<string, string>(); // "srcPort/dstPort" -> sensor
    const send = async (n: number) => {
      for (let i = 0; i < 2; i++)
        for (const p of await connect(tlsPorts[i]!, n)) made.set(`${p}/${tlsPorts[i]}`, names[i]!);
    };
    const stored = async () =>
      (
        await (
          await store!.client.query({
            query: `SELECT src_port, dst_port, sensor, count() AS n FROM tls_handshakes
                    WHERE dst_port IN ({ports:Array(UInt16)}) GROUP BY src_port, dst_port, sensor`,
            query_params: { ports: tlsPorts },
            format: 'JSONEachRow',
          })
        ).json<{ src_port: number; dst_port: number; sensor: string; n: string }>()
      ).map((r) => ({ key: `${r.src_port}/${r.dst_port}`, sensor: r.sensor, n: Number(r.n) }));

    await send(5);
    await until(
      'the first connections stored',
      async () => (await stored()).length >= made.size,
      60_000,
    );
    await until(
      'both sensors in the fleet list',
      async () => {
        const f = await api.call('sensors.fleet', {});
        return names.every((n) => f.sensors.some((s) => s.sensor === n && s.health === 'ok'));
      },
      30_000,
    );

    // The endpoint goes away; traffic goes on; it comes back on the same port and data.
    step('endpoint killed');
    await ep.kill();
    const downAt = Date.now();
    await send(5);
    await new Promise((r) => setTimeout(r, OUTAGE_S * 1000 - (Date.now() - downAt)));
    ep = await spawnEndpoint({ dataDir: dbDir, port: epPort });
    step('endpoint back');
    await send(3);
    await until(
      'every connection stored',
      async () => (await stored()).length >= made.size,
      90_000,
    );
    // Windows during the outage are caught up: wait until two windows after the return are done.
    const backAt = Date.now();
    const done = async () =>
      (
        await (
          await store!.client.query({
            query: `SELECT toUnixTimestamp64Milli(window_end) AS w, count() AS n FROM detector_windows
                    WHERE kind = 'done' GROUP BY w ORDER BY w`,
            format: 'JSONEachRow',
          })
        ).json<{ w: string; n: string }>()
      ).map((r) => ({ w: Number(r.w), n: Number(r.n) }));
    await until(
      'detector windows after the return',
      async () => (await done()).some((d) => d.w > backAt + PERIOD_S * 1000),
      60_000,
    );

    const rows = await stored();
    expect(rows.length).toBe(made.size);
    for (const r of rows) {
      expect(r.n, r.key).toBe(1);
      expect(r.sensor, r.key).toBe(made.get(r.key));
    }
    expect([...made.keys()].sort()).toEqual(rows.map((r) => r.key).sort());
    const windows = (await done()).filter((d) => d.w > startedAt);
    expect(windows.every((d) => d.n === 1)).toBe(true);
    const ends = windows.map((d) => d.w);
    expect(ends).toEqual(ends.map((_, i) => ends[0]! + i * PERIOD_S * 1000));
    const fleet = await api.call('sensors.fleet', {});
    expect(fleet.sensors.map((s) => s.sensor).sort()).toEqual(names);
    const logged = server
      .output()
      .split('\n')
      .filter((l) => l.includes('"msg":"detector window run"')).length;
    process.stdout.write(
      `fleet test: ${made.size} connections (${rows.length} rows), ${windows.length} detector windows, ` +
        `${logged} runs logged by the server, took ${Date.now() - t0} ms\n`,
    );
  }, 400_000);
});
