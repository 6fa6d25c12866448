// Contract tests of the HTTP binding against a real embedded store.
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpApiClient } from '../../../common/api/http-client.js';
import { createMetrics } from '../../core/metrics.js';
import { loadConfig } from '../../config/load.js';
import { migrateUp } from '../../storage/migrations/runner.js';
import { openStore, type Store } from '../../storage/store.js';
import { LiveBuffer } from '../../domain/live/live-buffer.js';
import { ImportJobs } from '../../domain/import/jobs.js';
import { testContext } from '../../../tests/support/context.js';
import { listenApi } from '../../../tests/support/api-server.js';
import { createApiServer } from './server.js';
import { capturePath, tsharkView } from '../../../capture-worker/test-fixtures/captures.js';

const token = 'test-token-0123456789abcdefghijklmnopqrstuvwxyz';
let store: Store;
let server: Server;
let base: string;
const live = new LiveBuffer();
const importDir = mkdtempSync(join(tmpdir(), 'ja4ws-imports-'));
let imports: ImportJobs;

beforeAll(async () => {
  store = await openStore({ kind: 'embedded', dataDir: mkdtempSync(join(tmpdir(), 'ja4ws-api-')) });
  await migrateUp(store);
  imports = new ImportJobs(store, { ja4plus: true, log: pino({ level: 'silent' }) });
  await store.insert('tls_handshakes', [
    {
      ts: '2026-11-24 10:00:00.000001',
      sensor: 's1',
      stream: 0,
      transport: 'tcp',
      src_ip: '::ffff:10.0.0.1',
      src_port: 50000,
      dst_ip: '::ffff:10.0.0.2',
      dst_port: 443,
      tls_server_name: 'a.example',
      ja4: 't13d1516h2_8daaf6152771_e5627efa2ab1',
      ja3: 'abc',
    },
    {
      ts: '2026-11-24 10:00:01.000000',
      sensor: 's1',
      stream: 1,
      transport: 'tcp',
      src_ip: '2001:db8::1',
      src_port: 50001,
      dst_ip: '2001:db8::2',
      dst_port: 443,
      tls_server_name: "x' OR 1=1 --",
      ja4: 't12d190800_d83cc789557e_7af1ed941c26',
      ja3: 'def',
    },
  ]);
  ({ server, base } = await listenApi(
    testContext(store, { live, imports, importDirs: [importDir] }),
    token,
    {
      staticDir: mkdtempSync(join(tmpdir(), 'ja4ws-static-')),
      maxBodyBytes: 4096,
      maxUploadBytes: 1024 * 1024,
    },
  ));
});

afterAll(async () => {
  server?.close();
  await store?.close();
});

function post(
  path: string,
  body: unknown,
  headers: Record<string, string> = { authorization: `Bearer ${token}` },
) {
  return fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('HTTP API binding', () => {
  it('answers the happy path through the shared client, newest first, IPv4 unmapped', async () => {
    const client = new HttpApiClient(base, () => token);
    const { rows } = await client.call('handshakes.recent', { limit: 10 });
    expect(rows.map((r) => r.src)).toEqual(['2001:db8::1', '10.0.0.1']);
    expect(rows[1]!.ts).toBe('2026-11-24T10:00:00.000001Z');
  });

  it('refuses a missing or wrong token with 401', async () => {
    expect((await post('/api/v1/handshakes.recent', {}, {})).status).toBe(401);
    expect(
      (await post('/api/v1/handshakes.recent', {}, { authorization: 'Bearer nope' })).status,
    ).toBe(401);
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    expect((await fetch(`${base}/api/v1/stream/live`)).status).toBe(401);
  });

  it('names the bad field in a 400', async () => {
    const res = await post('/api/v1/handshakes.recent', { limit: 'ten' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { field: string; message: string } };
    expect(body.error.field).toBe('limit');
    expect(body.error.message).toContain('limit');
    expect((await post('/api/v1/handshakes.recent', { limit: 5, extra: 1 })).status).toBe(400);
    expect((await post('/api/v1/handshakes.recent', '{not json')).status).toBe(400);
  });

  it('refuses oversize bodies with 413', async () => {
    expect((await post('/api/v1/handshakes.recent', { pad: 'x'.repeat(10_000) })).status).toBe(413);
  });

  it('treats SQL-looking input as data', async () => {
    const client = new HttpApiClient(base, () => token);
    const { rows } = await client.call('handshakes.recent', { limit: 10 });
    expect(rows.some((r) => r.tls_server_name === "x' OR 1=1 --")).toBe(true);
  });

  it('404s unknown operations and refuses cross-origin calls', async () => {
    expect((await post('/api/v1/no.such', {})).status).toBe(404);
    expect(
      (
        await post(
          '/api/v1/handshakes.recent',
          {},
          { authorization: `Bearer ${token}`, origin: 'http://evil.example' },
        )
      ).status,
    ).toBe(403);
  });

  it('serves /healthz without a token and OpenAPI and metrics with one', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const doc = (await (
      await fetch(`${base}/api/v1/openapi.json`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toContain('/api/v1/handshakes.recent');
    const metrics = await (
      await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${token}` } })
    ).text();
    expect(metrics).toMatch(
      /ja4ws_api_requests_total\{operation="handshakes.recent",status="200"\} [1-9]/,
    );
  });

  it('exchanges the token for an HttpOnly SameSite=Strict session cookie, which new requests carry', async () => {
    // A server of its own, with a token that can be rotated under it.
    let current = token;
    const own = createApiServer({
      token: () => current,
      context: testContext(store),
      staticDir: mkdtempSync(join(tmpdir(), 'ja4ws-static-')),
      maxBodyBytes: 4096,
      log: pino({ level: 'silent' }),
      ready: () => true,
      metrics: createMetrics(),
    });
    await new Promise<void>((r) => own.listen(0, '127.0.0.1', r));
    const port = (own.address() as AddressInfo).port;
    const origin = `http://127.0.0.1:${port}`;
    try {
      const refused = await fetch(`${origin}/api/v1/session`, {
        method: 'POST',
        headers: { authorization: 'Bearer not-the-token' },
      });
      expect(refused.status).toBe(401);
      expect(refused.headers.get('set-cookie')).toBeNull();
      const body = (await refused.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('auth.refused');
      expect(body.error.message).toMatch(/^token refused/);

      const opened = await fetch(`${origin}/api/v1/session`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(opened.status).toBe(200);
      const cookie = opened.headers.get('set-cookie')!;
      expect(cookie).toMatch(new RegExp(`^ja4ws_session_${port}=[A-Za-z0-9_-]{43};`));
      expect(cookie).toContain('HttpOnly');
      expect(cookie).toContain('SameSite=Strict');
      const pair = cookie.split(';')[0]!;
      const call = (headers: Record<string, string>) =>
        fetch(`${origin}/api/v1/health.status`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: pair, ...headers },
          body: '{}',
        });
      // The cookie alone authenticates (a new tab of the same browser), token not sent again.
      expect((await call({ 'sec-fetch-site': 'same-origin' })).status).toBe(200);
      expect((await fetch(`${origin}/api/v1/session`, { headers: { cookie: pair } })).status).toBe(
        200,
      );
      // Another site (or another port of this host, same "site" for SameSite) cannot ride on it.
      expect((await call({ 'sec-fetch-site': 'same-site' })).status).toBe(401);
      expect((await call({ 'sec-fetch-site': 'cross-site' })).status).toBe(401);
      // An invented session id is just unauthenticated.
      expect((await call({ cookie: `ja4ws_session_${port}=${'A'.repeat(43)}` })).status).toBe(401);
      // Rotating the token ends every session made with the old one.
      current = `${token}-rotated`;
      expect((await call({})).status).toBe(401);
      current = token;
      // Signing out ends it too (and the cookie is expired).
      const again = await fetch(`${origin}/api/v1/session`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
      const pair2 = again.headers.get('set-cookie')!.split(';')[0]!;
      expect((await call({ cookie: pair2 })).status).toBe(200);
      const out = await fetch(`${origin}/api/v1/session`, {
        method: 'DELETE',
        headers: { cookie: pair2 },
      });
      expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
      expect((await call({ cookie: pair2 })).status).toBe(401);
    } finally {
      own.close();
    }
  });

  it('rate-limits repeated token failures with 429, the right token included', async () => {
    // A server of its own: its limiter locks out 127.0.0.1, which the other tests use.
    const own = createApiServer({
      token: () => token,
      context: testContext(store),
      staticDir: mkdtempSync(join(tmpdir(), 'ja4ws-static-')),
      maxBodyBytes: 4096,
      log: pino({ level: 'silent' }),
      ready: () => true,
      metrics: createMetrics(),
    });
    await new Promise<void>((r) => own.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(own.address() as AddressInfo).port}/api/v1/health.status`;
    const send = (auth: string) =>
      fetch(url, { method: 'POST', headers: { authorization: auth }, body: '{}' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await send('Bearer wrong')).status);
      expect(statuses).toEqual([...Array<number>(10).fill(401), 429, 429]);
      // Limited means the token is not even looked at: a 429 tells nothing about the guess.
      const right = await send(`Bearer ${token}`);
      expect(right.status).toBe(429);
      expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      own.close();
    }
  });

  it('serves live events by polling and as Server-Sent Events', async () => {
    const client = new HttpApiClient(base, () => token);
    live.push({ ts: '2026-11-24T10:00:00.000Z', kind: 'connection', src: '10.0.0.9', src_port: 1 });
    const first = await client.call('live.poll', {});
    expect(first.events.map((e) => e.src)).toEqual(['10.0.0.9']);
    const ctrl = new AbortController();
    const res = await fetch(`${base}/api/v1/stream/live`, {
      headers: { authorization: `Bearer ${token}` },
      signal: ctrl.signal,
    });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    live.push({
      ts: '2026-11-24T10:00:01.000Z',
      kind: 'connection',
      src: '10.0.0.10',
      src_port: 2,
    });
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes('event: events'))
      text += new TextDecoder().decode((await reader.read()).value);
    while (!text.includes('\n\n', text.indexOf('event: events')))
      text += new TextDecoder().decode((await reader.read()).value);
    const data = JSON.parse(
      text.slice(text.indexOf('data: ', text.indexOf('event: events')) + 6).split('\n')[0]!,
    ) as { events: { src: string }[] };
    expect(data.events.map((e) => e.src)).toEqual(['10.0.0.10']);
    ctrl.abort();
    const next = await client.call('live.poll', { after: first.last });
    expect(next.events.map((e) => e.src)).toEqual(['10.0.0.10']);
  });

  it('imports an uploaded capture with progress, and refuses paths outside the import folders', async () => {
    const client = new HttpApiClient(base, () => token);
    const bytes = readFileSync(capturePath('tls12-h2.pcap'));
    const up = await client.upload('import.upload', { name: 'tls12.pcap', body: bytes });
    expect(up.jobs.map((j) => j.file)).toEqual(['tls12.pcap']);
    await imports.idle();
    const { jobs } = await client.call('import.jobs', {});
    expect(jobs[0]).toMatchObject({
      file: 'tls12.pcap',
      state: 'done',
      totalBytes: bytes.length,
      bytesRead: bytes.length,
      connections: 1,
      error: null,
    });
    const { rows } = await client.call('handshakes.recent', { limit: 100 });
    // tshark's view of this capture, JA4 computed from its fields (test-fixtures/captures).
    expect(rows.find((r) => r.sensor === 'import:tls12.pcap')?.ja4).toBe(
      tsharkView('tls12-h2.pcap').hellos.find((h) => h.type === 'client')?.ja4,
    );
    const big = await fetch(`${base}/api/v1/import.upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
      body: new Uint8Array(2 * 1024 * 1024),
    });
    expect(big.status).toBe(413);
    const oddName = await fetch(`${base}/api/v1/import.upload`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/octet-stream',
        'x-file-name': 'bad%name.pcap',
      },
      body: bytes,
    });
    expect(oddName.status).toBe(200);
    await expect(client.call('import.start', { path: '/etc/passwd' })).rejects.toMatchObject({
      status: 403,
      field: 'path',
    });
    await expect(client.call('import.start', { path: 'relative.pcap' })).rejects.toMatchObject({
      status: 400,
    });
    copyFileSync(capturePath('tls12-h2.pcap'), join(importDir, 'again.pcap'));
    const started = await client.call('import.start', { path: join(importDir, 'again.pcap') });
    expect(started.job.file).toBe('again.pcap');
    await imports.idle();
    expect((await client.call('import.jobs', {})).jobs[0]).toMatchObject({
      file: 'again.pcap',
      state: 'done',
    });
  });

  it('shows and changes settings, validated with the whole configuration', async () => {
    const client = new HttpApiClient(base, () => token);
    const before = await client.call('settings.get', {});
    expect(before.editable.retention).toEqual({ rawDays: 30, aggregateDays: 365 });
    expect(before.restartRequired).toBe(false);
    await expect(
      client.call('settings.set', { settings: { retention: { rawDays: 0, aggregateDays: 365 } } }),
    ).rejects.toMatchObject({ status: 400 });
    const changed = await client.call('settings.set', {
      settings: { retention: { rawDays: 7, aggregateDays: 90 }, captureInterfaces: ['lo'] },
    });
    expect(changed).toMatchObject({
      restartRequired: true,
      editable: { retention: { rawDays: 7, aggregateDays: 90 }, captureInterfaces: ['lo'] },
    });
    expect((await client.call('settings.get', {})).restartRequired).toBe(true);
    // The next start reads them.
    const next = loadConfig({
      env: {},
      flags: { dataDir: before.file.replace(/\/settings\.yaml$/, '') },
    });
    expect(next.capture.interfaces).toEqual(['lo']);
    expect(next.store.kind === 'embedded' && next.store.retention).toEqual({
      rawDays: 7,
      aggregateDays: 90,
    });
  });
});
