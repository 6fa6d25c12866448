// The lab under load (issue 16, point 6): generators in several client namespaces open `rate` new
// TLS connections per second with keep-alive requests, against nginx and the Node server, while
// the daemon captures live. Measured against the truth (the generators' own records and the
// servers' own records): connections and requests lost or stored twice, and the delay from each
// connection's first packet (its SYN in the lab's own capture) to the Live view (the SSE stream)
// and to the store (polled through the SQL console).
import { execFile, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { HttpApiClient } from '../../common/api/http-client.js';
import { openStore } from '../../main/storage/store.js';
import { startDaemon, type RunningDaemon } from '../support/daemon.js';
import { runInNs, expectExit } from './clients/run-in-ns.js';
import { createLab, LAB_HOST } from './netns.js';
import { makePki } from './pki.js';
import {
  captureRunning,
  CAPTURE_FILTER,
  daemonEnv,
  stopChild,
  waitFor,
  type LiveSource,
} from './run-lab.js';
import { NODE_PORT, startServers } from './servers.js';
import { connKey, readNginxLog, readNodeTruth } from './truth.js';

const dstPortOf = (base: string): number => (base.endsWith(`:${NODE_PORT}`) ? NODE_PORT : 443);
import { spawn } from 'node:child_process';

export interface LoadOptions {
  source: LiveSource;
  /** New connections per second, in total. */
  rate: number;
  seconds: number;
  /** Keep-alive requests per connection. */
  requests: number;
  /** Client namespaces (addresses) sharing the rate. */
  generators: number;
  /** Follow the Live stream and poll the store for delays (the benchmark), or only count. */
  measureDelays: boolean;
  log?: (s: string) => void;
}

export interface Percentiles {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

export interface LoadResult {
  planned: number;
  connections: number;
  /** Connections per second the generators achieved. */
  achievedRate: number;
  clientErrors: number;
  requestsServed: number;
  storedConnections: number;
  lostConnections: number;
  doubledConnections: number;
  storedRequests: number;
  lostRequests: number;
  doubledRequests: number;
  notMatched: number;
  liveConnectionsSeen: number;
  liveDoubled: number;
  liveDelayMs: Percentiles | null;
  storeDelayMs: Percentiles | null;
  /** How long each store poll took (its share of the store delay). */
  storePollMs: Percentiles | null;
  captureKernelDrops: number | null;
  /** Events the capture worker dropped because main read too slowly. */
  captureEventsDropped: number;
  loadAverage: string;
}

const run = promisify(execFile);

export function percentiles(values: number[]): Percentiles | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number): number => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { n: s.length, p50: at(0.5), p99: at(0.99), max: s[s.length - 1]! };
}

/** First time each connection (ip:port) arrived on the Live stream, and how often. */
function followLive(daemon: RunningDaemon): {
  seen: Map<string, { at: number; n: number }>;
  stop: () => void;
} {
  const seen = new Map<string, { at: number; n: number }>();
  const ctrl = new AbortController();
  void (async () => {
    const res = await fetch(`${daemon.url}/api/v1/stream/live`, {
      headers: { authorization: `Bearer ${daemon.token}` },
      signal: ctrl.signal,
    });
    const reader = res.body!.getReader();
    const dec = new TextDecoder();
    let buf = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      const now = Date.now();
      buf += dec.decode(value, { stream: true });
      for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        if (!block.startsWith('event: events')) continue;
        const data = block.slice(block.indexOf('data: ') + 6);
        const { events } = JSON.parse(data) as {
          events: { kind: string; src: string; src_port: number; dst_port?: number }[];
        };
        for (const e of events) {
          if (e.kind !== 'connection') continue;
          const k = connKey(e.src, e.src_port, e.dst_port ?? 0);
          const s = seen.get(k);
          if (s) s.n++;
          else seen.set(k, { at: now, n: 1 });
        }
      }
    }
  })().catch(() => undefined);
  return { seen, stop: () => ctrl.abort() };
}

/** First time each connection (ip:port) was readable in tls_handshakes, polled every 500 ms. */
function pollStore(api: HttpApiClient): {
  seen: Map<string, number>;
  pollMs: number[];
  stop: () => Promise<void>;
} {
  const seen = new Map<string, number>();
  const pollMs: number[] = [];
  let stopped = false;
  const loop = (async () => {
    for (let i = 0; i < 100_000 && !stopped; i++) {
      const t0 = Date.now();
      try {
        const r = await api.call('sql.query', {
          sql: `SELECT arrayStringConcat(groupArray(concat(replaceRegexpOne(toString(src_ip), '^::ffff:', ''), ':', toString(src_port), '>', toString(dst_port))), ',') FROM tls_handshakes WHERE ts > now64() - INTERVAL 180 SECOND`,
          maxRows: 1,
        });
        const now = Date.now();
        pollMs.push(now - t0);
        for (const k of String(r.rows[0]?.[0] ?? '').split(','))
          if (k && !seen.has(k)) seen.set(k, now);
      } catch {
        // a slow or refused poll is retried on the next tick
      }
      await new Promise((r) => setTimeout(r, Math.max(0, 500 - (Date.now() - t0))));
    }
  })();
  return {
    seen,
    pollMs,
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}

/** Each client connection's SYN time (ms) in the lab's own capture. */
async function synTimes(pcap: string): Promise<Map<string, number>> {
  const { stdout } = await run(
    'tshark',
    [
      '-r',
      pcap,
      '-Y',
      'tcp.flags.syn==1 && tcp.flags.ack==0',
      '-T',
      'fields',
      '-e',
      'ip.src',
      '-e',
      'tcp.srcport',
      '-e',
      'tcp.dstport',
      '-e',
      'frame.time_epoch',
    ],
    { maxBuffer: 256 * 1024 * 1024, timeout: 600_000 },
  );
  const out = new Map<string, number>();
  for (const line of stdout.split('\n')) {
    const [ip, port, dport, t] = line.split('\t');
    const k = connKey(ip ?? '', Number(port), Number(dport));
    if (ip && !out.has(k)) out.set(k, Number(t) * 1000);
  }
  return out;
}

interface GenRecord {
  conns: { base: string; port: number; requests: number; t0: number; error?: string }[];
  errors: number;
  elapsed: number;
}

export async function runLoad(baseDir: string, o: LoadOptions): Promise<LoadResult> {
  const log = o.log ?? console.log;
  const dir = join(baseDir, `load-${o.source}`);
  mkdirSync(dir, { recursive: true });
  const names = Array.from({ length: o.generators }, (_, i) => `ld${i + 1}`);
  const lab = createLab(names);
  let daemon: RunningDaemon | undefined;
  let labTd: ChildProcess | undefined;
  let servers: Awaited<ReturnType<typeof startServers>> | undefined;
  try {
    const pki = makePki(dir, LAB_HOST);
    const dataDir = join(dir, 'data');
    mkdirSync(dataDir, { recursive: true });
    const nginxLog = join(dir, 'nginx-ja4ws.json');
    daemon = await startDaemon(dataDir, [], daemonEnv(lab.server.hostIf, o.source, nginxLog));
    const api = new HttpApiClient(daemon.url, () => daemon!.token);
    await captureRunning(api);
    const pcap = join(dir, 'lab.pcap');
    // Headers only: the lab capture gives SYN times here, not fingerprints.
    labTd = spawn(
      'ip',
      [
        'netns',
        'exec',
        lab.server.ns,
        'tcpdump',
        '-i',
        `${lab.server.ns}n`,
        '-n',
        '-U',
        '-s',
        '96',
        '-B',
        '65536',
        '-Z',
        'root',
        '-w',
        pcap,
        CAPTURE_FILTER,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let tdErr = '';
    labTd.stderr!.on('data', (d: Buffer) => (tdErr += d.toString()));
    await waitFor(
      'lab tcpdump listening',
      10_000,
      async () => (tdErr.includes('listening on') ? true : undefined),
      50,
    );
    servers = await startServers(lab, dir, pki, join(dataDir, 'http.socket'));
    const live = o.measureDelays ? followLive(daemon) : undefined;
    const store = o.measureDelays ? pollStore(api) : undefined;
    await new Promise((r) => setTimeout(r, 1000));

    log(
      `load: ${o.rate} new connections/s x ${o.requests} requests for ${o.seconds} s from ${o.generators} addresses (${o.source} source)`,
    );
    const script = join(import.meta.dirname, 'clients', 'load-client.mjs');
    const gens = await Promise.all(
      names.map(async (n, i) => {
        const out = join(dir, `gen-${n}.json`);
        const r = await runInNs(
          lab.clients.get(n)!.ns,
          process.execPath,
          [
            script,
            JSON.stringify({
              // One connection in five goes to the Node server (http-logger), the rest to nginx.
              bases: [
                `https://${LAB_HOST}`,
                `https://${LAB_HOST}`,
                `https://${LAB_HOST}`,
                `https://${LAB_HOST}`,
                `https://${LAB_HOST}:${NODE_PORT}`,
              ],
              rate: o.rate / o.generators,
              seconds: o.seconds,
              requests: o.requests,
              ca: pki.caCert,
              out,
              tag: n,
            }),
          ],
          { timeoutMs: (o.seconds + 120) * 1000 },
        );
        expectExit(`load generator ${n}`, r);
        return {
          ip: lab.clients.get(n)!.addr,
          rec: JSON.parse(readFileSync(out, 'utf8')) as GenRecord,
          i,
        };
      }),
    );
    const elapsed = Math.max(...gens.map((g) => g.rec.elapsed));
    const loadAverage = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
    await new Promise((r) => setTimeout(r, 1500));
    await servers.stop();
    servers = undefined;
    const served = [...readNginxLog(nginxLog), ...readNodeTruth(join(dir, 'node-truth.jsonl'))];
    await waitFor(
      `the correlator to take ${served.length} requests`,
      120_000,
      async () => {
        const s = await api.call('sensors.status', {});
        return (s.correlator.requests_in ?? 0) >= served.length ? true : undefined;
      },
      500,
    ).catch((e: unknown) => log(String(e)));
    const sensors = await api.call('sensors.status', {});
    const captureKernelDrops = sensors.captures[0]?.kernelDrops ?? null;
    const eventsDropped = sensors.captures[0]?.eventsDropped ?? 0;
    // Let the Live stream and the store poller see the last connections (bounded: a connection
    // never seen is reported as such, not waited for forever).
    const made = gens.flatMap((g) =>
      g.rec.conns.filter((c) => c.port > 0).map((c) => connKey(g.ip, c.port, dstPortOf(c.base))),
    );
    if (live && store)
      await waitFor(
        'the Live view and the store to show every connection',
        120_000,
        async () => (made.every((k) => live.seen.has(k) && store.seen.has(k)) ? true : undefined),
        500,
      ).catch((e: unknown) => log(String(e)));
    live?.stop();
    await store?.stop();
    await stopChild(labTd);
    labTd = undefined;
    await daemon.stop();
    log(
      `load: generators done in ${elapsed.toFixed(1)} s, ${served.length} requests served; reading the store`,
    );

    // The truth: every connection a generator made (its local port) and what the servers served.
    // ip:port>dport -> connections made with it. At 50 new connections/s from one address over a
    // minute, the kernel hands out some local ports twice (3,000 draws from ~28k ports), so one key
    // can be two real connections: counted as such, never as one connection stored twice.
    const truthConns = new Map<string, number>();
    let clientErrors = 0;
    let planned = 0;
    for (const g of gens) {
      clientErrors += g.rec.errors;
      planned += g.rec.conns.length;
      for (const c of g.rec.conns)
        if (c.port > 0) {
          const k = connKey(g.ip, c.port, dstPortOf(c.base));
          truthConns.set(k, (truthConns.get(k) ?? 0) + 1);
        }
    }
    const servedBy = new Map<string, number>();
    for (const r of served)
      servedBy.set(
        connKey(r.ip, r.port, r.dstPort),
        (servedBy.get(connKey(r.ip, r.port, r.dstPort)) ?? 0) + 1,
      );

    // The embedded engine's queries hold no reference on the event loop: a bare script (the
    // benchmark) would exit mid-query without this timer.
    const hold = setInterval(() => undefined, 1000);
    const st = await openStore({ kind: 'embedded', dataDir: join(dataDir, 'store') });
    let tls: { k: string; n: number }[];
    let logs: { k: string; n: number; matched: number }[];
    try {
      const q = async <T>(sql: string): Promise<T[]> =>
        (await st.client.query({ query: sql, format: 'JSONEachRow' })).json<T>();
      const key = `concat(replaceRegexpOne(toString(src_ip), '^::ffff:', ''), ':', toString(src_port), '>', toString(dst_port))`;
      tls = (
        await q<{ k: string; n: string }>(
          `SELECT ${key} AS k, count() AS n FROM tls_handshakes GROUP BY k`,
        )
      ).map((r) => ({ k: r.k, n: Number(r.n) }));
      logs = (
        await q<{ k: string; n: string; matched: string }>(
          `SELECT ${key} AS k, countIf(correlation != 'handshake-only') AS n, countIf(correlation = 'matched') AS matched FROM http_logs GROUP BY k`,
        )
      ).map((r) => ({ k: r.k, n: Number(r.n), matched: Number(r.matched) }));
    } finally {
      await st.close();
      clearInterval(hold);
    }
    const tlsBy = new Map(tls.map((r) => [r.k, r.n]));
    const logsBy = new Map(logs.map((r) => [r.k, r]));
    let lostConnections = 0;
    let doubledConnections = 0;
    for (const [k, made] of truthConns) {
      const n = tlsBy.get(k) ?? 0;
      lostConnections += Math.max(0, made - n);
      doubledConnections += Math.max(0, n - made);
    }
    const connectionsMade = [...truthConns.values()].reduce((a, b) => a + b, 0);
    let lostRequests = 0;
    let doubledRequests = 0;
    let notMatched = 0;
    for (const [k, n] of servedBy) {
      const got = logsBy.get(k);
      lostRequests += Math.max(0, n - (got?.n ?? 0));
      doubledRequests += Math.max(0, (got?.n ?? 0) - n);
      notMatched += (got?.n ?? 0) - (got?.matched ?? 0);
    }

    let liveDelayMs: Percentiles | null = null;
    let storeDelayMs: Percentiles | null = null;
    let liveConnectionsSeen = 0;
    let liveDoubled = 0;
    if (live && store) {
      const syn = await synTimes(pcap);
      const ld: number[] = [];
      const sd: number[] = [];
      for (const [k, made] of truthConns) {
        const t = syn.get(k);
        const l = live.seen.get(k);
        if (l) {
          liveConnectionsSeen += Math.min(l.n, made);
          liveDoubled += Math.max(0, l.n - made);
          if (t !== undefined) ld.push(l.at - t);
        }
        const s = store.seen.get(k);
        if (s !== undefined && t !== undefined) sd.push(s - t);
      }
      liveDelayMs = percentiles(ld);
      storeDelayMs = percentiles(sd);
    }
    return {
      planned,
      connections: connectionsMade,
      achievedRate: connectionsMade / elapsed,
      clientErrors,
      requestsServed: served.length,
      storedConnections: [...truthConns].reduce(
        (a, [k, made]) => a + Math.min(made, tlsBy.get(k) ?? 0),
        0,
      ),
      lostConnections,
      doubledConnections,
      storedRequests: [...servedBy.keys()].reduce((a, k) => a + (logsBy.get(k)?.n ?? 0), 0),
      lostRequests,
      doubledRequests,
      notMatched,
      liveConnectionsSeen,
      liveDoubled,
      liveDelayMs,
      storeDelayMs,
      storePollMs: store ? percentiles(store.pollMs) : null,
      captureKernelDrops,
      captureEventsDropped: eventsDropped,
      loadAverage,
    };
  } finally {
    await servers?.stop().catch(() => undefined);
    if (labTd) await stopChild(labTd);
    await daemon?.stop().catch(() => undefined);
    lab.teardown();
  }
}
