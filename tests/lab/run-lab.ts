// One lab run: namespaces, a daemon capturing on the server's veth with one live source, the
// servers, the lab's own tcpdump beside the daemon, every available client; then the truth from
// the lab's instruments. The caller reads the product's side (API, store) from the daemon's data
// directory and compares.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { HttpApiClient } from '../../common/api/http-client.js';
import { startDaemon, type RunningDaemon } from '../support/daemon.js';
import { CLIENTS, type ClientKind, type ClientReport } from './clients/catalog.js';
import { createLab, type LabNet } from './netns.js';
import { makePki } from './pki.js';
import { NGINX_PORT, NODE_PORT, startServers } from './servers.js';
import { buildTruth, readNginxLog, readNodeTruth, type Truth } from './truth.js';

export type LiveSource = 'tcpdump' | 'cap';

export interface ClientOutcome {
  kind: ClientKind;
  ip: string;
  /** Why it did not run ('' when it ran). */
  skipped: string;
  report: ClientReport | null;
  /** The client failed (its message); the run goes on and the test reports it. */
  error?: string;
}

export interface LabRun {
  source: LiveSource;
  dir: string;
  dataDir: string;
  pcap: string;
  startedAt: number;
  endedAt: number;
  clients: ClientOutcome[];
  truth: Truth;
  /** The daemon's stderr/stdout, for failure messages. */
  daemonOutput: string;
}

export const CAPTURE_FILTER = `tcp port ${NGINX_PORT} or tcp port ${NODE_PORT}`;

/** The daemon's environment for live capture on the server's veth and the nginx log. */
export function daemonEnv(iface: string, source: LiveSource, nginxLog: string): NodeJS.ProcessEnv {
  return {
    JA4WS_CAPTURE__INTERFACES: `[${iface}]`,
    JA4WS_CAPTURE__WORKER__SOURCE: source,
    JA4WS_CAPTURE__WORKER__FILTER: CAPTURE_FILTER,
    JA4WS_CAPTURE__WORKER__STATS_INTERVAL_MS: '500',
    // 128 MiB of kernel ring (default 32): on this shared 2-core machine the worker is starved of
    // CPU for seconds at a time; the ring holds the backlog (drops are still counted and shown).
    JA4WS_CAPTURE__WORKER__BUFFER_BYTES: String(128 * 1024 * 1024),
    JA4WS_INGEST__FILES: `[{path: "${nginxLog}", format: nginx, startAt: start, pollMs: 100}]`,
  };
}

export async function waitFor<T>(
  what: string,
  timeoutMs: number,
  fn: () => Promise<T | undefined>,
  intervalMs = 200,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (let i = 0; i < Math.ceil(timeoutMs / intervalMs) + 1; i++) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end) break;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`lab: ${what} within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
}

export async function captureRunning(api: HttpApiClient): Promise<void> {
  await waitFor('capture worker running', 30_000, async () => {
    const s = await api.call('sensors.status', {});
    const c = s.captures[0];
    if (c?.state === 'failed') throw new Error(`capture failed: ${JSON.stringify(c)}`);
    return c?.state === 'running' ? true : undefined;
  });
}

/** tcpdump in the server namespace, writing the lab's own capture. */
export async function startLabTcpdump(lab: LabNet, pcap: string): Promise<ChildProcess> {
  const nsIf = `${lab.server.ns}n`;
  const td = spawn(
    'ip',
    [
      'netns',
      'exec',
      lab.server.ns,
      'tcpdump',
      '-i',
      nsIf,
      '-n',
      '-U',
      '-s',
      '0',
      '-B',
      '16384',
      '-Z',
      'root',
      '-w',
      pcap,
      CAPTURE_FILTER,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let err = '';
  td.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  await waitFor(
    'lab tcpdump listening',
    10_000,
    async () => {
      if (td.exitCode !== null) throw new Error(`lab tcpdump exited: ${err}`);
      return err.includes('listening on') ? true : undefined;
    },
    50,
  );
  return td;
}

export async function stopChild(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return;
  const gone = new Promise((r) => p.once('exit', r));
  p.kill('SIGTERM');
  const t = setTimeout(() => p.kill('SIGKILL'), 10_000);
  await gone;
  clearTimeout(t);
}

/**
 * Runs the lab with `source`; returns the truth and a daemon still running for the caller to
 * query (`finish` stops it gracefully, `teardown` removes the network).
 */
export async function runLab(
  baseDir: string,
  source: LiveSource,
  log: (s: string) => void = console.log,
): Promise<{
  run: LabRun;
  daemon: RunningDaemon;
  api: HttpApiClient;
  teardown: () => Promise<void>;
}> {
  const dir = join(baseDir, source);
  mkdirSync(dir, { recursive: true });
  const available = CLIENTS.map((kind) => ({ kind, skipped: kind.unavailable() }));
  for (const a of available) if (a.skipped) log(`lab client ${a.kind.label} skipped: ${a.skipped}`);
  const lab = createLab(CLIENTS.map((c) => c.name));
  let daemon: RunningDaemon | undefined;
  let labTd: ChildProcess | undefined;
  let servers: Awaited<ReturnType<typeof startServers>> | undefined;
  const teardown = async (): Promise<void> => {
    await servers?.stop().catch(() => undefined);
    if (labTd) await stopChild(labTd);
    await daemon?.stop().catch(() => undefined);
    lab.teardown();
  };
  try {
    const pki = makePki(dir, 'lab.ja4ws.test');
    const dataDir = join(dir, 'data');
    mkdirSync(dataDir, { recursive: true });
    const nginxLog = join(dir, 'nginx-ja4ws.json');
    daemon = await startDaemon(dataDir, [], daemonEnv(lab.server.hostIf, source, nginxLog));
    const api = new HttpApiClient(daemon.url, () => daemon!.token);
    await captureRunning(api);
    const pcap = join(dir, 'lab.pcap');
    labTd = await startLabTcpdump(lab, pcap);
    servers = await startServers(lab, dir, pki, join(dataDir, 'http.socket'));
    // Both captures need a moment after "listening" before they see the first packets.
    await new Promise((r) => setTimeout(r, 1000));
    const startedAt = Date.now();
    const outcomes: ClientOutcome[] = [];
    // Two at a time: the machine has few cores and the browsers are heavy.
    const queue = [...available];
    const worker = async (): Promise<void> => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const node = lab.clients.get(next.kind.name)!;
        const outcome: ClientOutcome = {
          kind: next.kind,
          ip: node.addr,
          skipped: next.skipped,
          report: null,
        };
        outcomes.push(outcome);
        if (next.skipped) continue;
        const cdir = join(dir, 'clients', next.kind.name);
        mkdirSync(cdir, { recursive: true });
        const t0 = Date.now();
        try {
          outcome.report = await next.kind.run({ ns: node.ns, ca: pki.caCert, dir: cdir });
          log(`lab client ${next.kind.label}: done in ${Date.now() - t0} ms`);
        } catch (err) {
          outcome.error = err instanceof Error ? err.message : String(err);
          log(
            `lab client ${next.kind.label}: FAILED after ${Date.now() - t0} ms: ${outcome.error}`,
          );
        }
      }
    };
    await Promise.all([worker(), worker()]);
    const endedAt = Date.now();
    // Connections close, servers write their last records.
    await new Promise((r) => setTimeout(r, 1500));
    await servers.stop();
    servers = undefined;
    await stopChild(labTd);
    labTd = undefined;
    const requests = [...readNginxLog(nginxLog), ...readNodeTruth(join(dir, 'node-truth.jsonl'))];
    const clientOf = new Map(outcomes.map((o) => [o.ip, o.kind.name]));
    const truth = await buildTruth(pcap, clientOf, requests);
    // Everything the servers served has reached the daemon's correlator.
    await waitFor(
      `the daemon's correlator to take ${requests.length} requests`,
      30_000,
      async () => {
        const s = await api.call('sensors.status', {});
        return (s.correlator.requests_in ?? 0) >= requests.length ? true : undefined;
      },
    );
    const run: LabRun = {
      source,
      dir,
      dataDir,
      pcap,
      startedAt,
      endedAt,
      clients: outcomes.sort((a, b) => CLIENTS.indexOf(a.kind) - CLIENTS.indexOf(b.kind)),
      truth,
      daemonOutput: daemon.output(),
    };
    return { run, daemon, api, teardown };
  } catch (err) {
    await teardown();
    throw err;
  }
}
