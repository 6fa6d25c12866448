// The live product against what happened on the wire (issue 16 points 1 and 3): a daemon
// capturing `lo` (tcpdump source) in front of a Node HTTPS server and a plain HTTP server, both
// logging every request through ja4ws/http-logger; real curl and Node clients, each reporting the
// local port of every connection it opened; a remote sensor's record (early and final) on
// network.socket. After a graceful stop:
// - ja4plus on: tls_handshakes and tcp_events hold one row per connection (per client port),
//   http_logs one row per request, and every aggregate and view counts each connection once;
// - ja4plus off: every String column of every table is scanned for JA4+ values (JA4S, JA4H,
//   JA4X, JA4T/TS, JA4L, JA4SSH shapes) and the JA4+ columns are empty; the same scan finds them
//   in the run with the switch on, so it can fail.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server as HttpServer,
  type ServerResponse,
} from 'node:http';
import { Agent, createServer, type Server } from 'node:https';
import { connect, createServer as createTcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { HttpApiClient } from '../../common/api/http-client.js';
import type { ConnectionRecord } from '../../common/events/connection.js';
import { createHttpLogger, type HttpLogger } from '../../http-logger/src/index.js';
import { loadConfig } from '../../main/config/load.js';
import { runDaemon, type RunningDaemon } from '../../main/daemon/run-daemon.js';
import { ipProfile } from '../../main/domain/ip-profile/operations.js';
import { overviewStats } from '../../main/domain/overview/operations.js';
import { openStore, type Store } from '../../main/storage/store.js';
import { curlLocalPorts, hasCommand, httpsGetLocalPort, selfSignedCert } from '../support/tls.js';

const skipReason =
  process.getuid?.() !== 0
    ? 'needs root for live capture on lo'
    : !hasCommand('tcpdump') || !hasCommand('curl')
      ? 'needs tcpdump and curl'
      : '';
if (skipReason) console.log(`live-connections-truth skipped: ${skipReason}`);

const REMOTE_IP = '192.0.2.77';
const remote: ConnectionRecord = {
  ts_us: Date.now() * 1000,
  stream: 0,
  transport: 'tcp',
  src: REMOTE_IP,
  src_port: 40001,
  dst: '198.51.100.1',
  dst_port: 443,
  sensor: 'remote-sensor',
  tls_server_name: 'remote.test',
  ja4: 't13d1516h2_8daaf6152771_02713d6af862',
  ja3: '773906b0efdefa24a7f2b8eb6985bf37',
  ja4s: 't130200_1301_234ea6891581',
  ja4s_r: 't130200_1301_0033,002b',
  ja4x: ['a373a9f83c6b_2bab15409345_7bf9a7bf7029'],
  ja4x_r: ['55040a_550403_55040a_550403'],
  ja4t: '64240_2-4-8-1-3_1460_7',
  ja4ts: '65160_2-4-8-1-3_1460_7',
  ja4l_c: '13_64',
  ja4l_s: '1022_60',
  ja4h: ['ge11cn060000_4e59edc1297a_4da5efaf0cbd_000000000000'],
  ja4ssh: ['c36s36_c51s80_c69s0'],
};

/** Shapes of the FoxIO-licensed fingerprints (ja4-spec). JA4 and JA3 match none of them. */
const JA4PLUS_SHAPES: [string, RegExp][] = [
  ['JA4S', /\b[tqd]\d{2}\d{2}[0-9a-z]{2}_[0-9a-f]{4}_[0-9a-f]{12}\b/],
  ['JA4H', /\b[a-z]{2}\d{2}[cn][rn]\d{2}[0-9a-z]{4}_[0-9a-f]{12}_[0-9a-f]{12}_[0-9a-f]{12}\b/],
  ['JA4X', /\b[0-9a-f]{12}_[0-9a-f]{12}_[0-9a-f]{12}\b/],
  ['JA4T/TS', /\b\d{1,5}_\d+(-\d+)*_\d{1,5}_\d{1,3}\b/],
  ['JA4L', /^\d+_\d+(_\d+)?$/],
  ['JA4SSH', /\bc\d+s\d+_c\d+s\d+_c\d+s\d+\b/],
];
const JA4PLUS_COLUMN =
  /^(ja4s|ja4s_r|ja4h|ja4h_r|ja4h_ro|ja4x|ja4x_r|ja4t|ja4ts|ja4l_c|ja4l_s|ja4ssh)$/;

interface Truth {
  tlsPort: number;
  httpPort: number;
  /** Client port of every TLS connection, as the client reported it. */
  tlsConnections: Set<number>;
  plainConnections: Set<number>;
  requests: number;
}

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

async function curlPlain(port: number, path: string): Promise<number> {
  const { stdout } = await promisify(execFile)('curl', [
    '-s',
    '-o',
    '/dev/null',
    '-w',
    '%{local_port}',
    `http://127.0.0.1:${port}${path}`,
  ]);
  return Number(stdout.trim());
}

/** One daemon run with real traffic; the daemon is stopped (everything flushed) on return. */
async function liveRun(ja4plus: boolean): Promise<{ truth: Truth; dataDir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'ja4ws-live-truth-'));
  const { key, cert } = selfSignedCert(dir);
  const httpSocket = join(dir, 'http.socket');
  const networkSocket = join(dir, 'network.socket');
  const logger: HttpLogger = createHttpLogger({ socketPath: httpSocket, source: 'truth' });
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    logger.handle(req, res);
    res.end('ok\n');
  };
  const tls: Server = createServer({ key: readFileSync(key), cert: readFileSync(cert) }, handler);
  const plain: HttpServer = createHttpServer(handler);
  await new Promise<void>((r) => tls.listen(0, '127.0.0.1', () => r()));
  await new Promise<void>((r) => plain.listen(0, '127.0.0.1', () => r()));
  const tlsPort = (tls.address() as { port: number }).port;
  const httpPort = (plain.address() as { port: number }).port;
  // A port of its own for warm-up connections: captured, but outside every count below.
  const warm = createTcpServer((c) => c.destroy());
  await new Promise<void>((r) => warm.listen(0, '127.0.0.1', () => r()));
  const warmPort = (warm.address() as { port: number }).port;
  let daemon: RunningDaemon | undefined;
  const stopAll = async () => {
    await logger.close(500);
    await new Promise<void>((r) => tls.close(() => r()));
    await new Promise<void>((r) => plain.close(() => r()));
    await new Promise<void>((r) => warm.close(() => r()));
    await daemon?.stop();
    daemon = undefined;
  };
  cleanups.push(stopAll);

  const config = loadConfig({
    env: {},
    flags: {
      dataDir: dir,
      daemon: { port: 0 },
      ingest: { httpSocket, networkSocket },
      fingerprints: { ja4plus },
      capture: {
        interfaces: ['lo'],
        worker: {
          filter: `tcp port ${tlsPort} or tcp port ${httpPort} or tcp port ${warmPort}`,
          statsIntervalMs: 500,
        },
      },
    },
  });
  daemon = await runDaemon(config, pino({ level: 'silent' }));
  const api = new HttpApiClient(daemon.url, () => daemon!.token);
  await vi.waitFor(
    async () => {
      const s = await api.call('sensors.status', {});
      expect(s.captures[0]?.state).toBe('running');
    },
    { timeout: 20_000, interval: 200 },
  );
  // tcpdump may still be starting after the worker says "running" (seconds on a loaded machine):
  // warm-up connections until the worker has counted packets, so the run starts on a live capture.
  await vi.waitFor(
    async () => {
      await new Promise<void>((r) => connect(warmPort, '127.0.0.1').once('close', () => r()));
      const s = await api.call('sensors.status', {});
      expect(s.captures[0]?.packets).toBeGreaterThan(0);
    },
    { timeout: 30_000, interval: 300 },
  );

  const truth: Truth = {
    tlsPort,
    httpPort,
    tlsConnections: new Set(),
    plainConnections: new Set(),
    requests: 0,
  };
  // 4 connections with one request each, one keep-alive connection with 3.
  for (const paths of [['/a'], ['/b'], ['/c'], ['/d'], ['/ka/1', '/ka/2', '/ka/3']]) {
    const ports = await curlLocalPorts(tlsPort, paths);
    for (const p of ports) truth.tlsConnections.add(p);
    truth.requests += ports.length;
  }
  // Node's keep-alive agent: 2 requests on one connection.
  const keep = new Agent({ keepAlive: true, maxSockets: 1 });
  for (const p of ['/node/1', '/node/2']) {
    truth.tlsConnections.add(await httpsGetLocalPort(tlsPort, p, keep, 'node-truth'));
    truth.requests++;
  }
  keep.destroy();
  for (const p of ['/plain/1', '/plain/2']) {
    truth.plainConnections.add(await curlPlain(httpPort, p));
    truth.requests++;
  }
  // A remote sensor's connection, sent early and final like a live worker does.
  const sock = connect(networkSocket);
  await new Promise<void>((r, j) => sock.once('connect', () => r()).once('error', j));
  sock.write(`${JSON.stringify({ ...remote, phase: 'handshake' })}\n`);
  sock.write(`${JSON.stringify({ ...remote, phase: 'final' })}\n`);
  await new Promise<void>((r) => sock.end(() => r()));

  await vi.waitFor(
    async () => {
      const s = await api.call('sensors.status', {});
      expect(s.correlator.requests_in).toBe(truth.requests);
    },
    { timeout: 20_000, interval: 200 },
  );
  await stopAll();
  return { truth, dataDir: dir };
}

async function rowsOf<T>(store: Store, query: string, params: Record<string, unknown> = {}) {
  const rs = await store.client.query({ query, query_params: params, format: 'JSONEachRow' });
  return rs.json<T>();
}
const count = async (store: Store, query: string, params: Record<string, unknown> = {}) =>
  Number((await rowsOf<{ n: string }>(store, query, params))[0]!.n);

/** Every JA4+-shaped value in any String column of any table, as `table.column: value`. */
async function ja4plusValues(store: Store): Promise<string[]> {
  const cols = await rowsOf<{ table: string; name: string }>(
    store,
    `SELECT c.table AS table, c.name AS name FROM system.columns AS c
     JOIN system.tables AS t ON t.database = c.database AND t.name = c.table
     WHERE c.database = currentDatabase() AND c.type LIKE '%String%'
       -- aggregate states (agg_*.ja4s is uniq(ja4), not JA4S) are not readable values
       AND c.type NOT LIKE '%AggregateFunction(%'
       AND t.engine NOT IN ('View', 'MaterializedView')`,
  );
  expect(cols.length).toBeGreaterThan(50);
  const found: string[] = [];
  for (const c of cols) {
    const values = await rowsOf<{ v: string }>(
      store,
      `SELECT DISTINCT toString(\`${c.name}\`) AS v FROM \`${c.table}\` LIMIT 100000`,
    );
    for (const { v } of values) {
      if (v === '' || v === '[]') continue;
      // Array values print as ['a','b']: test each element alone too.
      const parts = v.startsWith('[') ? [...v.matchAll(/'([^']*)'/g)].map((m) => m[1]!) : [v];
      for (const part of parts)
        for (const [name, re] of JA4PLUS_SHAPES)
          if (re.test(part)) found.push(`${c.table}.${c.name}: ${name} ${part}`);
    }
    if (JA4PLUS_COLUMN.test(c.name)) {
      const n = await count(
        store,
        `SELECT count() AS n FROM \`${c.table}\` WHERE notEmpty(\`${c.name}\`)`,
      );
      if (n > 0) found.push(`${c.table}.${c.name}: ${n} non-empty`);
    }
  }
  return found;
}

const window = () => ({
  from: new Date(Date.now() - 3600_000).toISOString(),
  to: new Date(Date.now() + 3600_000).toISOString(),
});

describe.skipIf(skipReason !== '')('live capture against the truth', () => {
  let onRun: { truth: Truth; dataDir: string } | undefined;

  it('one connection, one row: tables, aggregates and views count what the clients did', async () => {
    onRun = await liveRun(true);
    const { truth } = onRun;
    const store = await openStore({ kind: 'embedded', dataDir: join(onRun.dataDir, 'store') });
    try {
      const tls = await rowsOf<{ p: number; n: string; ja4s: string; phase: string }>(
        store,
        `SELECT src_port AS p, count() AS n, any(ja4s) AS ja4s, any(toString(phase)) AS phase
         FROM tls_handshakes WHERE dst_port = {port:UInt16} GROUP BY p`,
        { port: truth.tlsPort },
      );
      expect(new Set(tls.map((r) => Number(r.p)))).toEqual(truth.tlsConnections);
      for (const r of tls) {
        expect(Number(r.n), `port ${r.p}`).toBe(1);
        expect(r.phase).toBe('handshake');
        expect(r.ja4s).toMatch(/^t1/);
      }
      const tcp = await rowsOf<{ p: number; n: string }>(
        store,
        'SELECT src_port AS p, count() AS n FROM tcp_events WHERE dst_port = {port:UInt16} GROUP BY p',
        { port: truth.httpPort },
      );
      expect(new Set(tcp.map((r) => Number(r.p)))).toEqual(truth.plainConnections);
      for (const r of tcp) expect(Number(r.n)).toBe(1);
      // The remote sensor's connection: one row although sent twice.
      expect(
        await count(store, 'SELECT count() AS n FROM tls_handshakes WHERE sensor = {s:String}', {
          s: 'remote-sensor',
        }),
      ).toBe(1);

      const reqs = await count(
        store,
        "SELECT count() AS n FROM http_logs WHERE correlation != 'handshake-only'",
      );
      expect(reqs).toBe(truth.requests);
      expect(await count(store, 'SELECT count() AS n FROM http_requests')).toBe(truth.requests);
      const tlsTotal = truth.tlsConnections.size + 1;
      expect(await count(store, 'SELECT count() AS n FROM tls_handshakes')).toBe(tlsTotal);
      expect(await count(store, 'SELECT sum(handshakes) AS n FROM agg_ja4_1m')).toBe(tlsTotal);
      expect(await count(store, 'SELECT sum(handshakes) AS n FROM view_src_ip_1m')).toBe(tlsTotal);
      const o = await overviewStats(store.client, { window: window() });
      expect(o.totals.handshakes).toBe(tlsTotal);
      expect(o.totals.requests).toBe(truth.requests);
      const ip = await ipProfile(store.client, { ip: '127.0.0.1', window: window() });
      expect(ip.totals.handshakes).toBe(truth.tlsConnections.size);
      expect(ip.totals.requests).toBe(truth.requests);
      // JA4H was computed from the logged headers (the switch is on).
      expect(
        await count(store, "SELECT count() AS n FROM http_logs WHERE ja4h != ''"),
      ).toBeGreaterThan(0);
      // The scan below finds JA4+ values when they are there.
      const found = await ja4plusValues(store);
      for (const table of ['tls_handshakes', 'tcp_events', 'http_logs', 'known_fingerprints'])
        expect(
          found.some((f) => f.startsWith(`${table}.`)),
          table,
        ).toBe(true);
    } finally {
      await store.close();
    }
  }, 120_000);

  it('fingerprints.ja4plus false: no JA4+ value in any column of any table', async () => {
    const { truth, dataDir } = await liveRun(false);
    const store = await openStore({ kind: 'embedded', dataDir: join(dataDir, 'store') });
    try {
      // The BSD fingerprints are all there, one row per connection.
      expect(
        await count(
          store,
          "SELECT count() AS n FROM tls_handshakes WHERE dst_port = {port:UInt16} AND ja4 != '' AND ja3 != ''",
          { port: truth.tlsPort },
        ),
      ).toBe(truth.tlsConnections.size);
      expect(
        await count(
          store,
          "SELECT count() AS n FROM http_logs WHERE correlation = 'matched' AND ja4 != ''",
        ),
      ).toBe(truth.requests - truth.plainConnections.size);
      expect(
        await count(store, 'SELECT count() AS n FROM tls_handshakes WHERE sensor = {s:String}', {
          s: 'remote-sensor',
        }),
      ).toBe(1);
      expect(await ja4plusValues(store)).toEqual([]);
      expect(
        await count(
          store,
          "SELECT count() AS n FROM known_fingerprints WHERE fingerprint_type = 'ja4'",
        ),
      ).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  }, 120_000);
});
