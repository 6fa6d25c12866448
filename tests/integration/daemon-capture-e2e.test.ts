// The whole pipeline with real parts, as issue 6 asks: a Node HTTPS server logs every request
// through ja4ws/http-logger to the daemon's http.socket while the daemon's own capture worker
// watches `lo`; curl and Node clients make requests (keep-alive and fresh connections); after a
// graceful stop every request row in ClickHouse carries the JA4 of its own connection. "Its own"
// is decided by the client's local port as the client itself reports it.
import { mkdtempSync, readFileSync } from 'node:fs';
import { Agent, createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { HttpApiClient } from '../../common/api/http-client.js';
import { createHttpLogger, type HttpLogger } from '../../http-logger/src/index.js';
import { loadConfig } from '../../main/config/load.js';
import { runDaemon, type RunningDaemon } from '../../main/daemon/run-daemon.js';
import { openStore } from '../../main/storage/store.js';
import { curlLocalPorts, hasCommand, httpsGetLocalPort, selfSignedCert } from '../support/tls.js';

const skipReason =
  process.getuid?.() !== 0
    ? 'needs root for live capture on lo'
    : !hasCommand('tcpdump') || !hasCommand('curl')
      ? 'needs tcpdump and curl'
      : '';
if (skipReason) console.log(`daemon-capture-e2e skipped: ${skipReason}`);

let server: Server | undefined;
let logger: HttpLogger | undefined;
let daemon: RunningDaemon | undefined;

afterAll(async () => {
  await logger?.close(500);
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  await daemon?.stop();
});

describe.skipIf(skipReason !== '')(
  'daemon: capture worker + http.socket -> correlator -> ClickHouse',
  () => {
    it('stores every request with the JA4 of its own connection', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'ja4ws-e2e-capture-'));
      const { key, cert } = selfSignedCert(dir);
      const httpSocket = join(dir, 'http.socket');
      logger = createHttpLogger({ socketPath: httpSocket, source: 'e2e' });
      server = createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (req, res) => {
        logger!.handle(req, res);
        res.end('ok\n');
      });
      await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
      const port = (server.address() as { port: number }).port;

      const config = loadConfig({
        env: {},
        flags: {
          dataDir: dir,
          daemon: { port: 0 },
          ingest: { httpSocket, networkSocket: false },
          capture: {
            interfaces: ['lo'],
            worker: { filter: `tcp port ${port}`, statsIntervalMs: 500 },
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
      // tcpdump needs a moment after "listening" before the first packets are seen.
      await new Promise((r) => setTimeout(r, 500));

      const made: { path: string; localPort: number }[] = [];
      for (const paths of [['/curl/a', '/curl/b'], ['/curl/c']]) {
        (await curlLocalPorts(port, paths)).forEach((lp, i) =>
          made.push({ path: paths[i]!, localPort: lp }),
        );
      }
      const keep = new Agent({ keepAlive: true, maxSockets: 1 });
      for (const p of ['/node/1', '/node/2'])
        made.push({ path: p, localPort: await httpsGetLocalPort(port, p, keep, 'node-e2e') });
      keep.destroy();

      await vi.waitFor(
        async () => {
          const s = await api.call('sensors.status', {});
          expect(s.correlator.requests_in).toBe(made.length);
          expect(s.correlator.handshakes_in).toBeGreaterThanOrEqual(3);
        },
        { timeout: 20_000, interval: 200 },
      );
      await daemon.stop();
      daemon = undefined;

      const store = await openStore({ kind: 'embedded', dataDir: join(dir, 'store') });
      try {
        const logs = await (
          await store.client.query({
            query: `SELECT path, src_port, correlation, ja4, ja3 FROM http_logs WHERE path != ''`,
            format: 'JSONEachRow',
          })
        ).json<{ path: string; src_port: number; correlation: string; ja4: string; ja3: string }>();
        const hs = await (
          await store.client.query({
            query: `SELECT src_port, any(ja4) AS ja4 FROM tls_handshakes WHERE dst_port = {port:UInt16} GROUP BY src_port`,
            query_params: { port },
            format: 'JSONEachRow',
          })
        ).json<{ src_port: number; ja4: string }>();
        const ja4ByPort = new Map(hs.map((h) => [Number(h.src_port), h.ja4]));
        expect(ja4ByPort.size).toBe(3);
        expect(logs).toHaveLength(made.length);
        for (const m of made) {
          const row = logs.find((l) => l.path === m.path);
          expect(row, m.path).toBeDefined();
          expect(row!.correlation, m.path).toBe('matched');
          expect(Number(row!.src_port)).toBe(m.localPort);
          expect(row!.ja4).toMatch(/^t1[23]i/);
          expect(row!.ja4, m.path).toBe(ja4ByPort.get(m.localPort));
        }
        // curl and Node are different TLS clients.
        expect(logs.find((l) => l.path === '/curl/a')!.ja4).not.toBe(
          logs.find((l) => l.path === '/node/1')!.ja4,
        );
      } finally {
        await store.close();
      }
    }, 90_000);
  },
);
