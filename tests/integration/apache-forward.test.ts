// Debian's Apache 2.4 with the LogFormat and piped CustomLog of docs/ingest.md (taken from the doc
// itself, as an operator would copy it) feeds a live daemon's http.socket through `ja4ws forward`;
// the daemon captures lo, and every request curl made must be stored once, joined to the TLS
// handshake of its own connection (the client port curl reports says which one that is).
// A second case needs no Apache: forward started while the daemon is away keeps the lines and
// delivers them when the socket appears, and refuses bad lines on stderr by line and field.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HttpApiClient } from '../../common/api/http-client.js';
import { loadConfig } from '../../main/config/load.js';
import { runDaemon, type RunningDaemon } from '../../main/daemon/run-daemon.js';
import { openStore } from '../../main/storage/store.js';
import { cliPath, removeDir } from '../support/daemon.js';
import { hasCommand, selfSignedCert } from '../support/tls.js';
import { startCorrelationService } from '../../correlation-worker/src/correlate/service.js';
import { CallbackSink } from '../../correlation-worker/src/sinks/callback.js';
import type { CorrelatedEvent } from '../../common/events/correlated.js';

const run = promisify(execFile);
const APACHE = '/usr/sbin/apache2';
const MODULES = '/usr/lib/apache2/modules';
const isRoot = process.getuid?.() === 0;
const missing = ['tcpdump', 'curl', 'openssl'].filter((t) => !hasCommand(t));
if (!hasCommand(APACHE)) missing.push('apache2');
const apacheSkip = !isRoot
  ? 'needs root for live capture on lo'
  : missing.length > 0
    ? `missing tools: ${missing.join(', ')} (apt-get install apache2 tcpdump curl openssl)`
    : '';
if (apacheSkip) console.log(`apache-forward (Apache) skipped: ${apacheSkip}`);

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** The Apache block of docs/ingest.md, with this checkout's CLI and a test socket. */
function apacheBlockFromDocs(socket: string): string {
  const doc = readFileSync(new URL('../../docs/ingest.md', import.meta.url), 'utf8');
  const re = new RegExp('<' + '!-- apache-log-format:begin -->\\n```apache\\n([\\s\\S]*?)```');
  const block = re.exec(doc)?.[1];
  if (!block) throw new Error('docs/ingest.md has no apache-log-format block');
  const forward = '|/usr/bin/ja4ws forward --format apache --socket /run/ja4ws/http.socket';
  expect(block).toContain(forward);
  return block.replace(
    forward,
    `|${process.execPath} ${cliPath} forward --format apache --socket ${socket}`,
  );
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** curl: one connection for `paths`; the local port of each request. */
async function curl(port: number, paths: string[], extra: string[]): Promise<number[]> {
  const args = ['-sk', '-w', '%{local_port}\\n', '-A', 'Mozilla/5.0 apache-test', ...extra];
  for (const p of paths) args.push('-o', '/dev/null', `https://127.0.0.1:${port}${p}`);
  const { stdout } = await run('curl', args);
  return stdout.trim().split('\n').map(Number);
}

describe.skipIf(apacheSkip !== '')('Apache -> ja4ws forward -> http.socket -> the store', () => {
  it('stores every request once, joined to the handshake of its own connection', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ja4ws-apache-'));
    // Apache's workers run as nobody: they must reach the document root.
    chmodSync(dir, 0o755);
    cleanups.push(() => removeDir(dir));
    selfSignedCert(dir);
    const www = join(dir, 'www');
    mkdirSync(www);
    writeFileSync(join(www, 'index.html'), 'ok\n');
    const httpSocket = join(dir, 'http.socket');
    const port = await freePort();

    const config = loadConfig({
      env: {},
      flags: {
        dataDir: dir,
        daemon: { port: 0 },
        ingest: { httpSocket, networkSocket: join(dir, 'network.socket') },
        capture: {
          interfaces: ['lo'],
          worker: { filter: `tcp port ${port}`, statsIntervalMs: 500 },
        },
      },
    });
    let daemon: RunningDaemon | undefined = await runDaemon(config, pino({ level: 'silent' }));
    cleanups.push(async () => {
      await daemon?.stop();
    });
    const api = new HttpApiClient(daemon.url, () => daemon!.token);

    writeFileSync(
      join(dir, 'httpd.conf'),
      [
        `ServerRoot ${dir}`,
        'ServerName localhost',
        `PidFile ${dir}/httpd.pid`,
        `ErrorLog ${dir}/error.log`,
        'User nobody',
        'Group nogroup',
        `LoadModule mpm_event_module ${MODULES}/mod_mpm_event.so`,
        `LoadModule authz_core_module ${MODULES}/mod_authz_core.so`,
        `LoadModule ssl_module ${MODULES}/mod_ssl.so`,
        `LoadModule socache_shmcb_module ${MODULES}/mod_socache_shmcb.so`,
        `LoadModule http2_module ${MODULES}/mod_http2.so`,
        `Listen 127.0.0.1:${port}`,
        `DocumentRoot ${www}`,
        '<Directory />\n  Require all granted\n</Directory>',
        'Protocols h2 http/1.1',
        `<VirtualHost 127.0.0.1:${port}>`,
        '  SSLEngine on',
        `  SSLCertificateFile ${dir}/cert.pem`,
        `  SSLCertificateKeyFile ${dir}/key.pem`,
        '</VirtualHost>',
        apacheBlockFromDocs(httpSocket),
      ].join('\n'),
    );
    const apache: ChildProcess = spawn(APACHE, ['-f', join(dir, 'httpd.conf'), '-DFOREGROUND'], {
      stdio: 'ignore',
    });
    cleanups.push(async () => {
      if (apache.exitCode === null && apache.signalCode === null) {
        const gone = new Promise((r) => apache.once('exit', r));
        apache.kill('SIGTERM');
        await gone;
      }
    });
    // Apache up, and the capture seeing packets, before the counted traffic. Every warm-up request
    // curl completed is counted, and all of them must have arrived before the counted traffic
    // starts: reading the counter while one was still on its way made the total one too many.
    let warm = 0;
    await vi.waitFor(
      async () => {
        if (apache.exitCode !== null)
          throw new Error(`apache exited: ${readFileSync(join(dir, 'error.log'), 'utf8')}`);
        await run('curl', ['-sk', '-o', '/dev/null', `https://127.0.0.1:${port}/warm`]);
        warm++;
        const s = await api.call('sensors.status', {});
        expect(s.captures[0]?.packets).toBeGreaterThan(0);
      },
      { timeout: 30_000, interval: 300 },
    );
    await vi.waitFor(
      async () => expect((await api.call('sensors.status', {})).correlator.requests_in).toBe(warm),
      { timeout: 20_000, interval: 200 },
    );

    // Over HTTP/2 two requests on one connection; over HTTP/1.1 keep-alive three; one alone
    // with a header Apache must escape (a User-Agent with a quote, a backslash and a non-ASCII character).
    const sent: { port: number; path: string; query?: string }[] = [];
    const h2 = await curl(port, ['/index.html', '/h2/b?x=1'], ['--http2']);
    sent.push({ port: h2[0]!, path: '/index.html' }, { port: h2[1]!, path: '/h2/b', query: 'x=1' });
    const h1 = await curl(port, ['/k/1', '/k/2', '/k/3?q=a%20b'], ['--http1.1']);
    sent.push(
      { port: h1[0]!, path: '/k/1' },
      { port: h1[1]!, path: '/k/2' },
      { port: h1[2]!, path: '/k/3', query: 'q=a%20b' },
    );
    const odd = await curl(port, ['/odd'], ['--http1.1', '-A', 'q"u\\o é']);
    sent.push({ port: odd[0]!, path: '/odd' });
    expect(new Set(h2).size).toBe(1);
    expect(new Set(h1).size).toBe(1);

    await vi.waitFor(
      async () =>
        expect((await api.call('sensors.status', {})).correlator.requests_in).toBe(
          warm + sent.length,
        ),
      { timeout: 20_000, interval: 200 },
    );
    await daemon.stop();
    daemon = undefined;

    const store = await openStore({ kind: 'embedded', dataDir: join(dir, 'store') });
    try {
      const rs = await store.client.query({
        query: `SELECT src_port, path, query, correlation, ja4, source, http_version, user_agent
                FROM http_logs WHERE path != '/warm' AND correlation != 'handshake-only'
                ORDER BY ts`,
        format: 'JSONEachRow',
      });
      const rows = await rs.json<Record<string, string | number>>();
      const tls = await (
        await store.client.query({
          query: `SELECT src_port, ja4 FROM tls_handshakes WHERE dst_port = {p:UInt16}`,
          query_params: { p: port },
          format: 'JSONEachRow',
        })
      ).json<{ src_port: number; ja4: string }>();
      const ja4Of = new Map(tls.map((t) => [Number(t.src_port), t.ja4]));
      expect(rows).toHaveLength(sent.length);
      for (const s of sent) {
        const row = rows.find((r) => r.path === s.path);
        expect(row, s.path).toBeDefined();
        expect(Number(row!.src_port)).toBe(s.port);
        expect(row!.query).toBe(s.query ?? '');
        expect(row!.correlation).toBe('matched');
        expect(row!.source).toBe('apache');
        expect(row!.ja4).toMatch(/^t1[23][di]/);
        expect(row!.ja4).toBe(ja4Of.get(s.port));
      }
      expect(rows.find((r) => r.path === '/odd')!.user_agent).toBe('q"u\\o é');
      expect(rows.find((r) => r.path === '/h2/b')!.http_version).toMatch(/^(HTTP\/)?2/);
    } finally {
      await store.close();
    }
  }, 120_000);
});

describe('ja4ws forward on its own', () => {
  it('waits for a daemon that is away, then delivers; refuses bad lines by line and field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ja4ws-forward-'));
    cleanups.push(() => removeDir(dir));
    const socket = join(dir, 'http.socket');
    const fwd = spawn(
      process.execPath,
      [cliPath, 'forward', '--format', 'apache', '--socket', socket, '--no-ack'],
      { stdio: ['pipe', 'ignore', 'pipe'] },
    );
    let stderr = '';
    fwd.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((r) => fwd.once('exit', (c) => r(c)));
    cleanups.push(() => {
      if (fwd.exitCode === null) fwd.kill('SIGKILL');
    });
    const line = (i: number) =>
      JSON.stringify({
        time: 1796626475.5 + i,
        remote_addr: '192.0.2.9',
        remote_port: 40000 + i,
        local_addr: '192.0.2.1',
        local_port: 443,
        https: 'on',
        request: `GET /f/${i} HTTP/1.1`,
        protocol: 'HTTP/1.1',
        status: 200,
        headers: [['User-Agent', 'x']],
      });
    // Five good lines and two bad ones while nobody listens.
    fwd.stdin!.write(`${line(1)}\n${line(2)}\nnot json\n${line(3)}\n`);
    fwd.stdin!.write(
      `{"time":"x","remote_addr":"192.0.2.9","remote_port":1,"request":"GET / HTTP/1.1"}\n`,
    );
    fwd.stdin!.write(`${line(4)}\n${line(5)}`);
    // Really away: forward has tried the socket and said it queues.
    await vi.waitFor(() => expect(stderr).toMatch(/ENOENT.*lines are queued/), {
      timeout: 15_000,
      interval: 100,
    });

    const events: CorrelatedEvent[] = [];
    const svc = await startCorrelationService({
      dataDir: dir,
      ingest: { httpSocket: socket, networkSocket: false },
      sinks: [new CallbackSink('test', { write: (e) => events.push(e) })],
      logger: pino({ level: 'silent' }),
      clock: null,
    });
    cleanups.push(() => svc.close());
    // The last line has no newline yet: it is a line only once the input ends.
    await vi.waitFor(() => expect(svc.stats().correlator.requests_in, stderr).toBe(4), {
      timeout: 15_000,
      interval: 100,
    });
    fwd.stdin!.end();
    await vi.waitFor(() => expect(svc.stats().correlator.requests_in, stderr).toBe(5), {
      timeout: 10_000,
      interval: 100,
    });
    expect(await exited).toBe(0);
    expect(stderr).toMatch(/line 3: malformed_json/);
    expect(stderr).toMatch(/line 5: invalid_field \(time\)/);
    expect(stderr).toMatch(
      /7 lines, 5 forwarded, 5 sent, refused: malformed_json 1, invalid_field 1/,
    );
    await svc.close();
    const paths = events.filter((e) => e.request).map((e) => e.request!.path);
    expect(paths.sort()).toEqual(['/f/1', '/f/2', '/f/3', '/f/4', '/f/5']);
  }, 60_000);
});
