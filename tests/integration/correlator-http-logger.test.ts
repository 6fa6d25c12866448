// The ja4ws/http-logger middleware against a real ingest socket: wire-order headers, keep-alive,
// Express/Fastify shapes, socket loss and return (reconnect), bounded queue with drop counting.
import { request as httpRequest, createServer, Agent, type Server } from 'node:http';
import { connect } from 'node:net';
import { connect as h2connect, createServer as createH2Server } from 'node:http2';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HttpRequest } from '../../common/events/http-request.js';
import { startIngest, type Ingest } from '../../correlation-worker/src/ingest/ingest.js';
import { createHttpLogger, type HttpLogger } from '../../http-logger/src/index.js';
import { silent, tempDir } from './correlator-helpers.js';

let tmp: ReturnType<typeof tempDir>;
let ingest: Ingest | undefined;
let server: Server | undefined;
let logger: HttpLogger | undefined;
let got: HttpRequest[];

async function startSocket(): Promise<Ingest> {
  ingest = await startIngest(
    {
      httpSocket: join(tmp.dir, 'http.socket'),
      networkSocket: false,
      deadLetter: { path: join(tmp.dir, 'dead.jsonl') },
    },
    tmp.dir,
    { request: (r) => got.push(r), handshake: () => {} },
    silent,
  );
  return ingest;
}

async function startServer(lg: HttpLogger): Promise<number> {
  server = createServer((req, res) => {
    lg.handle(req, res);
    res.setHeader('content-type', 'text/plain');
    res.end('ok');
  });
  await new Promise<void>((r) => server?.listen(0, '127.0.0.1', () => r()));
  const addr = server.address();
  return typeof addr === 'object' && addr ? addr.port : 0;
}

function get(port: number, path: string, agent?: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        agent,
        headers: { 'User-Agent': 'node-test', Accept: '*/*' },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(req.socket?.localPort ?? 0));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

beforeEach(() => {
  tmp = tempDir('ja4ws-mw-');
  got = [];
});
afterEach(async () => {
  await logger?.close(200);
  logger = undefined;
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
  await ingest?.close();
  ingest = undefined;
  tmp.cleanup();
});

describe('ja4ws/http-logger', () => {
  it('sends each request with its tuple and headers in wire order', async () => {
    await startSocket();
    logger = createHttpLogger({ socketPath: join(tmp.dir, 'http.socket'), source: 'test-app' });
    const port = await startServer(logger);
    // A raw request: header order and case exactly as written here.
    const raw =
      'GET /p?x=1 HTTP/1.1\r\nhost: 127.0.0.1\r\nX-Zeta: z\r\nAccept: */*\r\nx-alpha: a\r\nConnection: close\r\n\r\n';
    const clientPort = await new Promise<number>((resolve) => {
      const s = connect(port, '127.0.0.1', () => s.write(raw));
      const p = () => s.localPort ?? 0;
      s.on('data', () => undefined);
      s.on('close', () => resolve(lp));
      let lp = 0;
      s.on('connect', () => (lp = p()));
    });
    await vi.waitFor(() => expect(got).toHaveLength(1));
    expect(got[0]).toMatchObject({
      src_ip: '127.0.0.1',
      src_port: clientPort,
      dst_ip: '127.0.0.1',
      dst_port: port,
      method: 'GET',
      scheme: 'http',
      host: '127.0.0.1',
      path: '/p',
      query: 'x=1',
      http_version: '1.1',
      status: 200,
      source: 'test-app',
      headers: [
        ['host', '127.0.0.1'],
        ['X-Zeta', 'z'],
        ['Accept', '*/*'],
        ['x-alpha', 'a'],
        ['Connection', 'close'],
      ],
    });
    expect(got[0]?.bytes_out).toBeGreaterThan(0);
  });

  it('logs every request of a keep-alive connection with the same client port', async () => {
    await startSocket();
    logger = createHttpLogger({ socketPath: join(tmp.dir, 'http.socket') });
    const port = await startServer(logger);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const ports = [];
    for (let i = 0; i < 5; i++) ports.push(await get(port, `/k/${i}`, agent));
    agent.destroy();
    await vi.waitFor(() => expect(got).toHaveLength(5));
    expect(new Set(got.map((r) => r.src_port)).size).toBe(1);
    expect(got.map((r) => r.src_port)[0]).toBe(ports[0]);
  });

  it('works as Express middleware and as a Fastify hook', async () => {
    await startSocket();
    logger = createHttpLogger({ socketPath: join(tmp.dir, 'http.socket') });
    const lg = logger;
    server = createServer((req, res) => {
      if (req.url?.startsWith('/express')) lg.express(req, res, () => res.end('e'));
      else lg.fastify({ raw: req }, { raw: res }, () => res.end('f'));
    });
    await new Promise<void>((r) => server?.listen(0, '127.0.0.1', () => r()));
    const addr = server.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    await get(port, '/express');
    await get(port, '/fastify');
    await vi.waitFor(() => expect(got.map((r) => r.path).sort()).toEqual(['/express', '/fastify']));
  });

  it('logs HTTP/2 requests (compatibility API) with their pseudo-headers in wire order', async () => {
    await startSocket();
    logger = createHttpLogger({ socketPath: join(tmp.dir, 'http.socket') });
    const lg = logger;
    const seenRaw: string[][] = [];
    const h2 = createH2Server((req, res) => {
      seenRaw.push(req.rawHeaders);
      lg.handle(req, res);
      res.end('ok');
    });
    await new Promise<void>((r) => h2.listen(0, '127.0.0.1', () => r()));
    const a = h2.address();
    const port = typeof a === 'object' && a ? a.port : 0;
    const client = h2connect(`http://127.0.0.1:${port}`);
    for (const path of ['/h2/a', '/h2/b']) {
      await new Promise<void>((resolve, reject) => {
        const st = client.request({ ':path': path, 'user-agent': 'h2-test', accept: '*/*' });
        st.on('response', () => undefined);
        st.resume();
        st.on('end', () => resolve());
        st.on('error', reject);
        st.end();
      });
    }
    client.close();
    await vi.waitFor(() => expect(got).toHaveLength(2));
    await new Promise<void>((r) => h2.close(() => r()));
    expect(got[0]).toMatchObject({
      http_version: '2.0',
      path: '/h2/a',
      status: 200,
      dst_port: port,
      host: `127.0.0.1:${port}`,
    });
    // Exactly the header list Node decoded from the HEADERS frame, pseudo-headers included.
    expect(got[0]?.headers.flat()).toEqual(seenRaw[0]);
    expect(
      got[0]?.headers
        .map(([n]) => n)
        .filter((n) => n.startsWith(':'))
        .sort(),
    ).toEqual([':authority', ':method', ':path', ':scheme']);
    expect(got[0]?.src_port).toBe(got[1]?.src_port); // one connection, two streams
    expect(got[0]?.bytes_out).toBeUndefined();
  });

  it('queues while the socket is away, reconnects when it returns, and counts drops beyond the queue', async () => {
    logger = createHttpLogger({
      socketPath: join(tmp.dir, 'http.socket'),
      maxQueue: 5,
      reconnectMinMs: 20,
      reconnectMaxMs: 50,
    });
    const port = await startServer(logger);
    for (let i = 0; i < 8; i++) await get(port, `/q/${i}`);
    expect(logger.stats()).toMatchObject({ events: 8, dropped: 3, queued: 5, connected: false });
    await startSocket();
    await vi.waitFor(() => expect(got).toHaveLength(5), { timeout: 5_000 });
    expect(got.map((r) => r.path)).toEqual(['/q/3', '/q/4', '/q/5', '/q/6', '/q/7']);
    // The ingest side restarts: the logger reconnects and carries on.
    await ingest?.close();
    await vi.waitFor(() => expect(logger?.stats().connected).toBe(false));
    await get(port, '/after');
    await startSocket();
    await vi.waitFor(() => expect(got.map((r) => r.path).slice(5)).toEqual(['/after']), {
      timeout: 5_000,
    });
    expect(logger.stats().connects).toBe(2);
    expect(logger.stats().dropped).toBe(3);
  });
});
