// Real nginx (with the log_format of docs/ingest.md, taken from the doc itself) and real Caddy
// serve HTTPS on 127.0.0.1 and write JSON access logs; ingest follows the files, tcpdump records
// the handshakes, the engine fingerprints them, and each logged request must join the JA4 of its
// own connection (the client's local port, as curl reports it, says which one that is).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CorrelatedEvent } from '../../common/events/correlated.js';
import { fingerprintFile } from '../../capture-worker/src/cli/fingerprint-files.js';
import {
  startCorrelationService,
  type CorrelationService,
} from '../../correlation-worker/src/correlate/service.js';
import { CallbackSink } from '../../correlation-worker/src/sinks/callback.js';
import { nginxLogFormatFromDocs, silent, tempDir } from './correlator-helpers.js';
import { hasCommand, selfSignedCert } from '../support/tls.js';

const run = promisify(execFile);

const isRoot = process.getuid?.() === 0;
const base = ['tcpdump', 'openssl', 'curl'].filter((t) => !hasCommand(t));
function reason(server: string): string {
  if (!isRoot) return 'needs root to capture on lo with tcpdump';
  const missing = [...base, ...(hasCommand(server) ? [] : [server])];
  return missing.length > 0
    ? `missing tools: ${missing.join(', ')} (apt-get install nginx-light caddy)`
    : '';
}
const nginxSkip = reason('nginx');
const caddySkip = reason('caddy');
if (nginxSkip) console.log(`correlator-webservers nginx skipped: ${nginxSkip}`);
if (caddySkip) console.log(`correlator-webservers caddy skipped: ${caddySkip}`);

let tmp: ReturnType<typeof tempDir>;
const children: ChildProcess[] = [];

beforeEach(() => {
  tmp = tempDir('ja4ws-web-');
  selfSignedCert(tmp.dir);
});
afterEach(async () => {
  for (const c of children.splice(0)) {
    if (c.exitCode === null && c.signalCode === null) {
      const gone = new Promise((r) => c.once('exit', r));
      c.kill('SIGTERM');
      await gone;
    }
  }
  tmp.cleanup();
});

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const a = s.address();
  await new Promise<void>((r) => s.close(() => r()));
  return typeof a === 'object' && a ? a.port : 0;
}

async function waitForPort(port: number, proc: ChildProcess, log: () => string): Promise<void> {
  await vi.waitFor(
    async () => {
      if (proc.exitCode !== null) throw new Error(`server exited: ${log()}`);
      await new Promise<void>((resolve, reject) => {
        const s = connect(port, '127.0.0.1', () => {
          s.destroy();
          resolve();
        });
        s.once('error', reject);
      });
    },
    { timeout: 15_000, interval: 100 },
  );
}

function startProc(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): { proc: ChildProcess; log: () => string } {
  let out = '';
  const proc = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  children.push(proc);
  return { proc, log: () => out };
}

async function startTcpdump(pcap: string, port: number): Promise<ChildProcess> {
  const { proc, log } = startProc('tcpdump', [
    '-i',
    'lo',
    '-U',
    '--immediate-mode',
    '-s',
    '0',
    '-Z',
    'root',
    '-w',
    pcap,
    `tcp port ${port}`,
  ]);
  await vi.waitFor(() => expect(log()).toContain('listening on'), { timeout: 10_000 });
  return proc;
}

async function stop(proc: ChildProcess): Promise<void> {
  const gone = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  await gone;
}

/** curl over HTTP/1.1: one keep-alive connection for `paths`; returns the local port per path. */
async function curl(
  urlBase: string,
  paths: string[],
  extra: string[] = [],
): Promise<Map<string, number>> {
  const args = [
    '-sk',
    '--http1.1',
    '-H',
    'Accept-Language: en-GB,en;q=0.8',
    '-b',
    'sid=42',
    '-w',
    '%{local_port}\\n',
    ...extra,
  ];
  for (const p of paths) args.push('-o', '/dev/null', `${urlBase}${p}`);
  const { stdout } = await run('curl', args);
  const ports = stdout.trim().split('\n').map(Number);
  return new Map(paths.map((p, i) => [p, ports[i] ?? 0]));
}

async function joinLogWithCapture(
  format: 'nginx' | 'caddy',
  logPath: string,
  port: number,
  makeRequests: () => Promise<Map<string, number>>,
): Promise<{ events: CorrelatedEvent[]; ports: Map<string, number>; svc: CorrelationService }> {
  const events: CorrelatedEvent[] = [];
  const svc = await startCorrelationService({
    dataDir: tmp.dir,
    ingest: {
      httpSocket: false,
      networkSocket: false,
      files: [{ path: logPath, format, startAt: 'start', pollMs: 3_600_000, dst_port: port }],
    },
    sinks: [new CallbackSink('test', { write: (e) => events.push(e) })],
    logger: silent,
    clock: null,
  });
  const pcap = join(tmp.dir, `${format}.pcap`);
  const td = await startTcpdump(pcap, port);
  const ports = await makeRequests();
  await vi.waitFor(
    async () => {
      await svc.ingest.pollFiles();
      expect(svc.stats().correlator.requests_in).toBe(ports.size);
    },
    { timeout: 10_000, interval: 100 },
  );
  await stop(td);
  const res = await fingerprintFile(pcap, { ja4plus: true }, (r) => svc.addHandshake(r));
  expect(res.error).toBeUndefined();
  await svc.close();
  return { events, ports, svc };
}

function expectOwnConnection(
  events: CorrelatedEvent[],
  ports: Map<string, number>,
  ja4hPrefix: RegExp,
): void {
  const requests = events.filter((e) => e.request);
  expect(requests).toHaveLength(ports.size);
  for (const [path, localPort] of ports) {
    const ev = requests.find((e) => e.request?.path === path.split('?')[0]);
    expect(ev?.correlation, path).toBe('matched');
    expect(ev?.src_port).toBe(localPort);
    expect(ev?.handshake?.src_port).toBe(localPort);
    expect(ev?.handshake?.ja4).toMatch(/^t1[23]/);
    expect(ev?.ja4h).toMatch(ja4hPrefix);
  }
  expect(events.filter((e) => e.correlation === 'handshake-only')).toHaveLength(0);
}

describe('web server access logs joined to captured handshakes', () => {
  it.skipIf(nginxSkip !== '')('nginx with the documented log_format', async () => {
    const port = await freePort();
    const fmt = nginxLogFormatFromDocs().replace(
      /access_log .*;\n/,
      `access_log ${join(tmp.dir, 'ja4ws.json')} ja4ws;\n`,
    );
    const t = tmp.dir;
    writeFileSync(
      join(t, 'nginx.conf'),
      `daemon off;\nmaster_process off;\nworker_processes 1;\npid ${t}/nginx.pid;\nerror_log ${t}/error.log warn;\nevents { worker_connections 64; }\nhttp {\n` +
        ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
          .map((k) => `  ${k}_temp_path ${t}/${k};\n`)
          .join('') +
        `${fmt}\n  server {\n    listen 127.0.0.1:${port} ssl;\n    ssl_certificate ${t}/cert.pem;\n    ssl_certificate_key ${t}/key.pem;\n    location / { return 200 "ok\\n"; }\n  }\n}\n`,
    );
    const { proc, log } = startProc('nginx', [
      '-p',
      t,
      '-e',
      `${t}/error.log`,
      '-c',
      `${t}/nginx.conf`,
    ]);
    await waitForPort(port, proc, log);
    const { events, ports } = await joinLogWithCapture(
      'nginx',
      join(t, 'ja4ws.json'),
      port,
      async () => {
        const a = await curl(`https://127.0.0.1:${port}`, ['/n/1', '/n/2?x=1']);
        const b = await curl(`https://127.0.0.1:${port}`, ['/n/3']);
        return new Map([...a, ...b]);
      },
    );
    // GET, HTTP/1.1, cookie, no referer, 4 headers, en-GB.
    expectOwnConnection(events, ports, /^ge11cn04engb_/);
    const first = events.find((e) => e.request?.path === '/n/2')?.request;
    expect(first).toMatchObject({
      query: 'x=1',
      status: 200,
      dst_port: port,
      header_order: 'configured',
      source: 'nginx',
    });
    expect(first?.headers.map(([n]) => n)).toEqual([
      'Host',
      'User-Agent',
      'Accept',
      'Accept-Language',
      'Cookie',
    ]);
    expect(first?.headers).toContainEqual(['Cookie', 'sid=42']);
  });

  it.skipIf(caddySkip !== '')('Caddy JSON access log', async () => {
    const port = await freePort();
    const t = tmp.dir;
    writeFileSync(
      join(t, 'Caddyfile'),
      `{\n\tadmin off\n\tstorage file_system ${t}/caddy-data\n}\nhttps://localhost:${port} {\n\tbind 127.0.0.1\n\ttls ${t}/cert.pem ${t}/key.pem\n\trespond "ok"\n\tlog {\n\t\toutput file ${t}/caddy.json\n\t\tformat json\n\t}\n}\n`,
    );
    const env = { ...process.env, HOME: t, XDG_DATA_HOME: t, XDG_CONFIG_HOME: t };
    const { proc, log } = startProc(
      'caddy',
      ['run', '--config', `${t}/Caddyfile`, '--adapter', 'caddyfile'],
      env,
    );
    await waitForPort(port, proc, log);
    const { events, ports } = await joinLogWithCapture(
      'caddy',
      join(t, 'caddy.json'),
      port,
      async () => {
        const resolve = ['--resolve', `localhost:${port}:127.0.0.1`];
        const a = await curl(`https://localhost:${port}`, ['/c/1', '/c/2'], resolve);
        const b = await curl(`https://localhost:${port}`, ['/c/3'], resolve);
        return new Map([...a, ...b]);
      },
    );
    // Caddy blanks Cookie (and Authorization) unless log_credentials is on: JA4H sees no cookie.
    expectOwnConnection(events, ports, /^ge11nn04engb_/);
    const ev = events.find((e) => e.request?.path === '/c/1');
    expect(ev?.request).toMatchObject({
      scheme: 'https',
      status: 200,
      header_order: 'sorted',
      source: 'caddy',
      dst_port: port,
    });
    expect(ev?.handshake?.tls_server_name).toBe('localhost');
  });
});
