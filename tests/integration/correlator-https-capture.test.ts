// A real HTTPS server logs through ja4ws/http-logger to http.socket while tcpdump records the
// loopback; the engine fingerprints that capture, and the correlator must join every request to
// the handshake of its own connection. The client's own view of its local port decides which
// connection is "its own", and tshark's JA3 of that connection is the independent check.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, createServer, type Server } from 'node:https';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CorrelatedEvent } from '../../common/events/correlated.js';
import { fingerprintFile } from '../../capture-worker/src/cli/fingerprint-files.js';
import {
  startCorrelationService,
  type CorrelationService,
} from '../../correlation-worker/src/correlate/service.js';
import { createHttpLogger, type HttpLogger } from '../../http-logger/src/index.js';
import { CallbackSink } from '../../correlation-worker/src/sinks/callback.js';
import { silent, tempDir } from './correlator-helpers.js';
import {
  curlLocalPorts,
  hasCommand,
  httpsGetLocalPort,
  selfSignedCert,
  tsharkJa3ByPort,
} from '../support/tls.js';

const isRoot = process.getuid?.() === 0;
const tools = ['tcpdump', 'openssl', 'curl', 'tshark'].filter((t) => !hasCommand(t));
const skipReason = !isRoot
  ? 'needs root to capture on lo with tcpdump'
  : tools.length > 0
    ? `missing tools: ${tools.join(', ')}`
    : '';
if (skipReason) console.log(`correlator-https-capture skipped: ${skipReason}`);

interface ClientRequest {
  client: string;
  path: string;
  localPort: number;
}

let tmp: ReturnType<typeof tempDir>;
let server: Server;
let port = 0;
let logger: HttpLogger;
let svc: CorrelationService;
let tcpdump: ChildProcess | undefined;
const out: CorrelatedEvent[] = [];
const made: ClientRequest[] = [];

async function startTcpdump(pcap: string): Promise<ChildProcess> {
  const p = spawn(
    'tcpdump',
    ['-i', 'lo', '-U', '--immediate-mode', '-s', '0', '-Z', 'root', '-w', pcap, `tcp port ${port}`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  await new Promise<void>((resolve, reject) => {
    let err = '';
    p.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
      if (err.includes('listening on')) resolve();
    });
    p.once('exit', (code) => reject(new Error(`tcpdump exited ${code}: ${err}`)));
  });
  return p;
}

describe.skipIf(skipReason !== '')(
  'HTTPS requests joined to a real capture of their handshakes',
  () => {
    beforeAll(async () => {
      tmp = tempDir('ja4ws-https-');
      selfSignedCert(tmp.dir);
      svc = await startCorrelationService({
        dataDir: tmp.dir,
        ingest: { httpSocket: join(tmp.dir, 'http.socket'), networkSocket: false },
        sinks: [new CallbackSink('test', { write: (e) => out.push(e) })],
        logger: silent,
        clock: null,
      });
      logger = createHttpLogger({ socketPath: join(tmp.dir, 'http.socket') });
      server = createServer(
        {
          key: readFileSync(join(tmp.dir, 'key.pem')),
          cert: readFileSync(join(tmp.dir, 'cert.pem')),
        },
        (req, res) => {
          logger.handle(req, res);
          res.end('ok\n');
        },
      );
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      const a = server.address();
      port = typeof a === 'object' && a ? a.port : 0;
    });

    afterAll(async () => {
      if (tcpdump && tcpdump.exitCode === null) tcpdump.kill('SIGTERM');
      await logger?.close(500);
      await new Promise<void>((r) => server?.close(() => r()));
      await svc?.close();
      tmp?.cleanup();
    });

    it('gives each request (curl and Node, keep-alive) the JA4 of its own connection', async () => {
      const pcap = join(tmp.dir, 'lo.pcap');
      tcpdump = await startTcpdump(pcap);
      // curl: two URLs on one keep-alive connection, then a second connection.
      for (const paths of [['/curl/a', '/curl/b'], ['/curl/c']]) {
        const ports = await curlLocalPorts(port, paths);
        paths.forEach((p, i) => made.push({ client: 'curl', path: p, localPort: ports[i] ?? 0 }));
      }
      // Node: three requests on one keep-alive connection, one on a fresh agent.
      const keep = new Agent({ keepAlive: true, maxSockets: 1 });
      for (const p of ['/node/1', '/node/2', '/node/3'])
        made.push({
          client: 'node',
          path: p,
          localPort: await httpsGetLocalPort(port, p, keep, 'node-client'),
        });
      keep.destroy();
      const fresh = new Agent({ keepAlive: false });
      made.push({
        client: 'node',
        path: '/node/4',
        localPort: await httpsGetLocalPort(port, '/node/4', fresh, 'node-client'),
      });
      fresh.destroy();
      await vi.waitFor(() => expect(svc.stats().correlator.requests_in).toBe(made.length), {
        timeout: 10_000,
      });
      // Let tcpdump write the FINs, then stop it.
      const exited = new Promise((r) => tcpdump?.once('exit', r));
      tcpdump.kill('SIGTERM');
      await exited;

      const records: unknown[] = [];
      const res = await fingerprintFile(pcap, { ja4plus: true }, (r) => {
        records.push(r);
        svc.addHandshake(r);
      });
      expect(res.error).toBeUndefined();
      await svc.close();

      // tshark's JA3 per client port: the independent oracle for "its own connection".
      const ja3ByPort = await tsharkJa3ByPort(pcap, port);
      expect(ja3ByPort.size).toBe(4); // 2 curl connections + 2 Node connections

      const requests = out.filter((e) => e.request);
      expect(requests).toHaveLength(made.length);
      for (const m of made) {
        const ev = requests.find((e) => e.request?.path === m.path);
        expect(ev, m.path).toBeDefined();
        expect(ev?.correlation, m.path).toBe('matched');
        expect(ev?.src_port).toBe(m.localPort);
        expect(ev?.handshake?.src_port).toBe(m.localPort);
        expect(ev?.handshake?.ja3).toBe(ja3ByPort.get(m.localPort));
        expect(ev?.handshake?.ja4).toMatch(/^t1[23]i/); // IP literal: no SNI
        expect(ev?.ja4h).toMatch(/^ge11/);
      }
      // Keep-alive: one connection, one JA4, for every request made on it.
      const curlJa4 = new Set(
        requests.filter((e) => e.request?.path.startsWith('/curl')).map((e) => e.handshake?.ja4),
      );
      const nodeJa4 = new Set(
        requests.filter((e) => e.request?.path.startsWith('/node')).map((e) => e.handshake?.ja4),
      );
      expect(curlJa4.size).toBe(1);
      expect(nodeJa4.size).toBe(1);
      expect([...curlJa4][0]).not.toBe([...nodeJa4][0]);
      expect(
        new Set(
          requests
            .filter((e) => e.request?.path.startsWith('/node/'))
            .slice(0, 3)
            .map((e) => e.conn_id),
        ).size,
      ).toBe(1);
      // No handshake was left over: every captured connection carried requests.
      expect(out.filter((e) => e.correlation === 'handshake-only')).toHaveLength(0);
    });
  },
);
