// The investigation reads (overview, search, IP and fingerprint profiles, SQL console) through the
// contract's dispatch (input and output validated) against a real embedded store holding one of
// the project's own captures (many real TLS clients on loopback), correlated requests and
// anomalies. Who and what the tests pivot on is chosen from tshark's view of that capture, never
// from our output. Injection strings travel in every filter.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperationName, OperationOutput } from '../../../common/api/contract.js';
import type { HandlerContext } from '../../api/context.js';
import { testContext } from '../../../tests/support/context.js';
import { dispatch } from '../../api/dispatch.js';
import { migrateUp } from '../../storage/migrations/runner.js';
import { openStore, type Store } from '../../storage/store.js';
import { importCaptureFile } from '../import/operations.js';
import { capturePath, tsharkView } from '../../../capture-worker/test-fixtures/captures.js';

const CAPTURE = 'tls-clients.pcap';
/** tshark's first ClientHello of every TCP connection of the capture. */
const hellos = [
  ...new Map(
    tsharkView(CAPTURE)
      .hellos.filter((h) => h.type === 'client' && h.transport === 'tcp')
      .reverse()
      .map((h) => [`${h.src}|${h.src_port}`, h] as const),
  ).values(),
];
const perSrc = new Map<string, number>();
for (const h of hellos) perSrc.set(h.src, (perSrc.get(h.src) ?? 0) + 1);
const bySrc = [...perSrc].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
/** The address with the most connections (openssl, gnutls and Chromium do not bind one). */
const BUSIEST = bySrc[0]![0];
/** The busiest of the clients that bound their own address (127.0.0.10-49). */
const CLIENT = bySrc.find(([ip]) => /^127\.0\.0\.\d+$/.test(ip) && ip !== '127.0.0.1')![0];
const cipherHash = (ja4: string) => ja4.split('_')[1]!;
/**
 * Chromium's JA4: tools/capture-test-traffic.sh runs Chromium last. chromium-h1.pcap (imported
 * too) holds its http/1.1-only JA4, same cipher section: the family. Requests below carry it.
 */
const CHROME_JA4 = tsharkView(CAPTURE)
  .hellos.filter((h) => h.type === 'client')
  .at(-1)!.ja4!;
const B = cipherHash(CHROME_JA4);
const INJECT = [
  "' OR 1=1 --",
  "x'); DROP TABLE tls_handshakes; --",
  '\\',
  '%',
  '_',
  '{ja4:String}',
];
// The capture's time span, read from the store after the import (beforeAll).
let window: { from: string; to: string };
let captureDay: string;

let store: Store;
let ctx: HandlerContext;

function call<N extends OperationName>(name: N, input: unknown): Promise<OperationOutput<N>> {
  return dispatch(name, input, ctx) as Promise<OperationOutput<N>>;
}

// Requests and anomalies are recent: their tables' TTL counts from the event time, so rows from
// the capture's time could be dropped at any merge. They start two hours ago, or 40 minutes after
// the capture when that was recorded less than three hours ago, so that the capture's window
// (below) never holds a request.
const NOW = Date.now();
let requestsFrom = NOW - 2 * 3600_000;
const chTime = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
const recent = {
  from: new Date(NOW - 3 * 3600_000).toISOString(),
  to: new Date(NOW + 3600_000).toISOString(),
};
const everything = { from: '2023-01-01T00:00:00Z', to: recent.to };

function request(i: number, over: Record<string, unknown> = {}) {
  return {
    ts: chTime(requestsFrom + i * 1500),
    correlation: 'matched',
    src_ip: `::ffff:${CLIENT}`,
    src_port: 52941,
    dst_ip: '::ffff:52.249.29.248',
    dst_port: 443,
    method: 'GET',
    scheme: 'https',
    host: 'shop.example',
    path: `/item/${i % 3}`,
    query: `q=${i}`,
    ja4h: `ge20nn05enus_${String(i).padStart(12, '0')}_000000000000_000000000000`,
    http_version: '2',
    status: i % 4 === 0 ? 404 : 200,
    duration_ms: 10 + i,
    user_agent: 'curl/8.4.0',
    sensor: 'test',
    tls_server_name: 'shop.example',
    ja4: CHROME_JA4,
    ...over,
  };
}

beforeAll(async () => {
  store = await openStore({ kind: 'embedded', dataDir: mkdtempSync(join(tmpdir(), 'ja4ws-inv-')) });
  await migrateUp(store);
  await importCaptureFile(store, capturePath(CAPTURE), { ja4plus: true });
  // Chromium again with HTTP/2 off: another JA4 with the same cipher section (the family).
  await importCaptureFile(store, capturePath('chromium-h1.pcap'), { ja4plus: true });
  const [span] = await (
    await store.client.query({
      query:
        'SELECT toUnixTimestamp64Milli(min(ts)) AS a, toUnixTimestamp64Milli(max(ts)) AS b FROM tls_handshakes',
      format: 'JSONEachRow',
    })
  ).json<{ a: string; b: string }>();
  const [first, last] = [Number(span!.a), Number(span!.b)];
  window = {
    from: new Date(first - 30 * 60_000).toISOString(),
    to: new Date(last + 30 * 60_000).toISOString(),
  };
  captureDay = new Date(first).toISOString().slice(0, 10);
  if (requestsFrom < last + 40 * 60_000) requestsFrom = last + 40 * 60_000;
  await store.insert('http_logs', [
    ...Array.from({ length: 12 }, (_, i) => request(i)),
    request(20, { user_agent: INJECT[0], path: INJECT[1] }),
    request(21, {
      user_agent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36',
    }),
  ]);
  await store.insert('ml_detected_anomalies', [
    {
      detected_at: chTime(NOW - 3600_000),
      entity_type: 'ip',
      src_ip: `::ffff:${CLIENT}`,
      ja4: '',
      model_id: 'm1',
      run_id: 'r1',
      score: 0.71,
      threshold: 0.6,
      reasons: ['many requests without Accept-Language'],
      state: 'new',
      version: 1,
    },
    {
      detected_at: chTime(NOW - 3600_000),
      entity_type: 'ip',
      src_ip: `::ffff:${CLIENT}`,
      ja4: '',
      model_id: 'm1',
      run_id: 'r1',
      score: 0.71,
      threshold: 0.6,
      reasons: ['many requests without Accept-Language'],
      state: 'investigating',
      version: 2,
    },
  ]);
  ctx = testContext(store);
}, 120_000);

afterAll(async () => {
  await store?.close();
});

describe('overview.stats', () => {
  it('counts the imported handshakes and names the top talkers', async () => {
    const o = await call('overview.stats', { window });
    const stored = await call('sql.query', {
      sql: `SELECT count() FROM tls_handshakes WHERE ts >= parseDateTime64BestEffort('${window.from}', 6) AND ts < parseDateTime64BestEffort('${window.to}', 6)`,
    });
    expect(o.totals.handshakes).toBe(Number(stored.rows[0]![0]));
    expect(o.totals.handshakes).toBeGreaterThanOrEqual(hellos.length);
    const r = await call('overview.stats', { window: recent });
    expect(r.totals.requests).toBe(14);
    expect(r.totals.anomalies).toBe(1);
    expect(r.top.host[0]).toEqual({ value: 'shop.example', count: 14 });
    expect(o.series.length).toBeGreaterThan(10);
    expect(o.series.reduce((s, p) => s + p.handshakes, 0)).toBe(o.totals.handshakes);
    expect(o.top.ip[0]!.value).toBe(BUSIEST);
    expect(o.top.sni.map((c) => c.value)).toContain('www.fixture.test');
    expect(o.extent!.first < o.extent!.last).toBe(true);
  });

  it('is empty outside the data, and still points at where the data is', async () => {
    const o = await call('overview.stats', {
      window: { from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z' },
    });
    expect(o.totals.handshakes).toBe(0);
    expect(o.top.ja4).toEqual([]);
    expect(o.extent!.first.startsWith(captureDay)).toBe(true);
  });

  it('refuses a reversed window naming the field', async () => {
    await expect(
      call('overview.stats', {
        window: { from: window.to, to: window.from },
      }),
    ).rejects.toMatchObject({ kind: 'invalid', field: 'window.to' });
  });
});

describe('search.query', () => {
  it('finds handshakes by IP, CIDR, JA4 wildcard per section, SNI and JA3', async () => {
    const byIp = await call('search.query', { window, filters: { ip: CLIENT } });
    expect(byIp.rows.length).toBeGreaterThanOrEqual(5);
    expect(byIp.rows.every((r) => r.src === CLIENT || r.dst === CLIENT)).toBe(true);
    const byCidr = await call('search.query', { window, filters: { ip: `${CLIENT}/32` } });
    expect(byCidr.total).toBe(byIp.total);
    const none = await call('search.query', { window, filters: { ip: '10.0.0.0/8' } });
    expect(none.total).toBe(0);
    const wild = await call('search.query', { window, filters: { ja4: `t13d*_${B}_*` } });
    expect(wild.rows.length).toBeGreaterThan(1);
    expect(wild.rows.every((r) => r.ja4.startsWith('t13d') && cipherHash(r.ja4) === B)).toBe(true);
    const exact = await call('search.query', { window, filters: { ja4: CHROME_JA4 } });
    expect(exact.rows.every((r) => r.ja4 === CHROME_JA4)).toBe(true);
    const sni = await call('search.query', { window, filters: { sni: '*.fixture.test' } });
    expect(sni.rows.map((r) => r.sni)).toContain('www.fixture.test');
    expect(sni.rows.every((r) => r.sni === 'www.fixture.test')).toBe(true);
    const ja3 = byIp.rows[0]!.ja3;
    const byJa3 = await call('search.query', { window, filters: { ja3: ja3.toUpperCase() } });
    expect(byJa3.rows.every((r) => r.ja3 === ja3)).toBe(true);
  });

  it('limits rows but reports the full total', async () => {
    const r = await call('search.query', { window, limit: 3 });
    expect(r.rows).toHaveLength(3);
    expect(r.total).toBeGreaterThan(3);
    expect(r.rows[0]!.ts >= r.rows[1]!.ts).toBe(true);
  });

  it('filters requests on host, path, user agent and status class', async () => {
    const r = await call('search.query', {
      window: recent,
      source: 'requests',
      filters: { host: 'shop.example', status: '4xx', user_agent: 'curl/*' },
    });
    expect(r.total).toBe(3);
    expect(r.rows.every((x) => x.status === 404 && x.correlation === 'matched')).toBe(true);
  });

  it('treats injection strings in every text filter as data', async () => {
    for (const s of INJECT) {
      for (const f of ['sni', 'host', 'path', 'user_agent', 'sensor'] as const) {
        const r = await call('search.query', {
          window: recent,
          source: 'requests',
          filters: { [f]: s },
        });
        // Only the one row that holds the string literally matches it.
        const literal =
          (f === 'user_agent' && s === INJECT[0]) || (f === 'path' && s === INJECT[1]);
        expect(r.total, `${f}=${s}`).toBe(literal ? 1 : 0);
      }
    }
    const stored = await call('search.query', {
      window: recent,
      source: 'requests',
      filters: { path: INJECT[1] },
    });
    expect(stored.rows[0]!.user_agent).toBe(INJECT[0]);
    // LIKE's own wildcards are escaped: "%" and "_" match literal characters only.
    const pct = await call('search.query', {
      window: recent,
      source: 'requests',
      filters: { path: '*%*' },
    });
    expect(pct.total).toBe(0);
    const under = await call('search.query', {
      window: recent,
      source: 'requests',
      filters: { path: '/item_0' },
    });
    expect(under.total).toBe(0);
    const wild = await call('search.query', {
      window: recent,
      source: 'requests',
      filters: { path: '/item/*' },
    });
    expect(wild.total).toBe(13);
    const count = await call('search.query', { window });
    expect(count.total).toBeGreaterThan(0); // the table is still there
  });

  it('refuses malformed structured filters with a message naming the field', async () => {
    for (const [field, value] of [
      ['ip', INJECT[0]],
      ['ip', '10.0.0.0/33'],
      ['ja4', INJECT[1]],
      ['ja3', INJECT[0]],
      ['status', '1=1'],
    ] as const) {
      await expect(
        call('search.query', { window, filters: { [field]: value } }),
      ).rejects.toMatchObject({
        kind: 'invalid',
        field: `filters.${field}`,
      });
    }
    await expect(call('search.query', { window, filters: { path: '/x' } })).rejects.toThrow(
      /search source "requests"/,
    );
  });
});

describe('ip.profile', () => {
  it('shows fingerprints, UA consistency, paths, timing, recurrence and anomalies', async () => {
    const p = await call('ip.profile', { ip: CLIENT, window: everything });
    expect(p.ip).toBe(CLIENT);
    expect(p.totals.handshakes).toBeGreaterThanOrEqual(5);
    expect(p.totals.requests).toBe(14);
    expect(p.fingerprints.map((f) => f.ja4)).toContain(CHROME_JA4);
    // CLIENT's requests claim curl and Chrome over Chromium's fingerprint (its own handshakes are
    // curl's, other pairs).
    const curl = p.consistency.find((c) => c.user_agent === 'curl/8.4.0' && c.ja4 === CHROME_JA4)!;
    expect(curl.ua_family).toBe('tool');
    expect(curl.verdict).toBe('mismatch');
    const chrome = p.consistency.find(
      (c) => c.user_agent.includes('Chrome/120') && c.ja4 === CHROME_JA4,
    )!;
    expect(chrome.verdict).toBe('consistent');
    expect(p.paths.map((x) => x.value)).toContain('/item/0');
    expect(p.statuses.find((s) => s.value === '404')!.count).toBe(4);
    expect(p.timing.requests).toBe(14);
    expect(p.timing.mean_gap_ms).toBeGreaterThan(0);
    expect(p.anomalies).toHaveLength(1);
    expect(p.anomalies[0]!.state).toBe('investigating');
    expect(p.anomalies[0]!.reasons[0]).toMatch(/Accept-Language/);
    expect(p.recurrence).toMatchObject({ days_seen: 1, anomaly_count: 1, max_score: 0.71 });
    expect(p.activeDays.length).toBeGreaterThanOrEqual(1);
  });

  it('answers for an address never seen, and refuses injection strings', async () => {
    const p = await call('ip.profile', { ip: '2001:db8::1', window });
    expect(p.totals.handshakes).toBe(0);
    expect(p.totals.first_seen).toBeNull();
    for (const s of INJECT)
      await expect(call('ip.profile', { ip: s, window })).rejects.toMatchObject({
        kind: 'invalid',
        field: 'ip',
      });
  });
});

describe('fingerprint.profile', () => {
  it('shows who uses a JA4, its relatives, hourly signals, rank and family', async () => {
    const f = await call('fingerprint.profile', { ja4: CHROME_JA4, window: everything });
    expect(f.ja4_r.startsWith(`${CHROME_JA4.split('_')[0]}_`)).toBe(true);
    expect(f.totals.handshakes).toBeGreaterThan(0);
    expect(f.ips.map((c) => c.value)).toContain(CLIENT);
    expect(f.userAgents.map((c) => c.value)).toContain('curl/8.4.0');
    expect(f.ja4s.length).toBeGreaterThan(0);
    expect(f.hourly.length).toBeGreaterThan(0);
    expect(f.hourly.some((h) => h.browser_share !== null && h.browser_share > 0)).toBe(true);
    expect(f.ranks.by_events).toBeGreaterThanOrEqual(1);
    expect(f.ranks.of).toBeGreaterThan(1);
    expect(f.family.length).toBeGreaterThan(0);
    expect(f.family.every((c) => cipherHash(c.value) === B && c.value !== CHROME_JA4)).toBe(true);
    expect(f.totals.first_seen!.startsWith(captureDay)).toBe(true);
  });

  it('refuses injection strings as a JA4', async () => {
    for (const s of INJECT)
      await expect(call('fingerprint.profile', { ja4: s, window })).rejects.toMatchObject({
        kind: 'invalid',
        field: 'ja4',
      });
  });
});

describe('sql console', () => {
  it('runs a read-only query and caps the rows', async () => {
    const r = await call('sql.query', {
      sql: 'SELECT number, toString(number) AS s FROM system.numbers LIMIT 50;',
      maxRows: 10,
    });
    expect(r.columns.map((c) => c.name)).toEqual(['number', 's']);
    expect(r.rows).toHaveLength(10);
    expect(r.truncated).toBe(true);
    const t = await call('sql.query', { sql: 'SELECT count() FROM tls_handshakes' });
    expect(Number(t.rows[0]![0])).toBeGreaterThanOrEqual(5);
  });

  it('refuses writes, several statements and settings overrides', async () => {
    for (const sql of [
      'DROP TABLE tls_handshakes',
      'SELECT 1; DROP TABLE tls_handshakes',
      "INSERT INTO http_logs (path) SELECT 'x'",
      'SELECT 1 SETTINGS readonly = 0',
      'SET readonly = 0',
    ])
      await expect(call('sql.query', { sql })).rejects.toMatchObject({ kind: 'invalid' });
    // readonly=1 is enforced by ClickHouse too: a write hidden in a SELECT-shaped statement fails.
    await expect(
      call('sql.query', {
        sql: "WITH 1 AS x SELECT * FROM url('http://127.0.0.1:1/', CSV, 'a String')",
      }),
    ).rejects.toMatchObject({ kind: 'invalid' });
    const still = await call('sql.query', { sql: 'SELECT count() FROM tls_handshakes' });
    expect(Number(still.rows[0]![0])).toBeGreaterThanOrEqual(5);
    // A semicolon inside a string is data.
    const s = await call('sql.query', { sql: "SELECT 'a;b' AS x" });
    expect(s.rows[0]![0]).toBe('a;b');
  });

  it('lists the tables and columns', async () => {
    const s = await call('sql.schema', {});
    const t = s.tables.find((x) => x.name === 'tls_handshakes')!;
    expect(t.columns.map((c) => c.name)).toContain('ja4');
    expect(s.tables.map((x) => x.name)).toContain('view_ip_recurrence');
  });
});

describe('search.detail', () => {
  it('gives every stored field of a request (query, JA4H, headers in order) and of a handshake', async () => {
    const [req] = (
      await call('search.query', {
        window: recent,
        source: 'requests',
        filters: { host: 'shop.example', path: '/item/2' },
        limit: 1,
      })
    ).rows;
    const d = await call('search.detail', {
      source: 'requests',
      ts: req!.ts,
      src: req!.src,
      src_port: req!.src_port,
      dst: req!.dst,
      dst_port: req!.dst_port,
    });
    const f = Object.fromEntries(d.request!.map((x) => [x.name, x.value]));
    const i = Number(f.query!.slice(2));
    expect(f).toMatchObject({
      src_ip: CLIENT,
      path: '/item/2',
      ja4h: `ge20nn05enus_${String(i).padStart(12, '0')}_000000000000_000000000000`,
      user_agent: 'curl/8.4.0',
    });
    expect(i % 3).toBe(2);
    // A handshake row of the capture: its own fields, the tshark-checked JA4 among them.
    const [hs] = (
      await call('search.query', { window: everything, filters: { ja4: CHROME_JA4 }, limit: 1 })
    ).rows;
    const h = await call('search.detail', {
      source: 'handshakes',
      ts: hs!.ts,
      src: hs!.src,
      src_port: hs!.src_port,
      dst: hs!.dst,
      dst_port: hs!.dst_port,
    });
    expect(h.request).toBeNull();
    const hf = Object.fromEntries(h.handshake!.map((x) => [x.name, x.value]));
    expect(hf.ja4).toBe(CHROME_JA4);
    expect(hf.src_port).toBe(String(hs!.src_port));
    expect(Object.keys(hf)).toEqual(expect.arrayContaining(['ja4', 'ja4_r', 'ja3']));
  });
});

describe('search.export (streaming HTTP route)', () => {
  it('streams the full result as CSV and JSON behind the token', async () => {
    const { createApiServer } = await import('../../api/http/server.js');
    const { createMetrics } = await import('../../core/metrics.js');
    const { pino } = await import('pino');
    const token = 'export-test-token-0123456789abcdefghijklmnop';
    const server = createApiServer({
      token: () => token,
      context: ctx,
      staticDir: mkdtempSync(join(tmpdir(), 'ja4ws-static-')),
      maxBodyBytes: 65536,
      log: pino({ level: 'silent' }),
      ready: () => true,
      metrics: createMetrics(),
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    const url = (f: string) => `http://127.0.0.1:${port}/api/v1/search.export?format=${f}`;
    const body = JSON.stringify({
      window: recent,
      source: 'requests',
      filters: { host: 'shop.example' },
    });
    const post = (f: string, auth = true) =>
      fetch(url(f), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(auth ? { authorization: `Bearer ${token}` } : {}),
        },
        body,
      });
    try {
      const csv = await post('csv');
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-disposition')).toMatch(
        /attachment; filename="ja4ws-requests-.*\.csv"/,
      );
      const lines = (await csv.text()).trimEnd().split('\n');
      expect(lines[0]).toMatch(/^"?ts"?,"?sensor"?,/);
      expect(lines).toHaveLength(1 + 14);
      expect(lines.some((l) => l.includes('DROP TABLE'))).toBe(true); // data, quoted in CSV
      const json = (await (await post('json')).json()) as { path: string }[];
      expect(json).toHaveLength(14);
      expect(json.map((r) => r.path)).toContain(INJECT[1]);
      // The chosen columns, in the chosen order, plus the query string and JA4H on request.
      const chosen = await fetch(url('csv'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          window: recent,
          source: 'requests',
          filters: { host: 'shop.example', path: '/item/1' },
          columns: ['path', 'src', 'query', 'ja4h'],
        }),
      });
      const rowsOut = (await chosen.text()).trimEnd().split('\n');
      expect(rowsOut[0]).toBe('path,src,query,ja4h');
      const sent = Array.from({ length: 12 }, (_, i) => i).filter((i) => i % 3 === 1);
      expect(rowsOut.slice(1).sort()).toEqual(
        sent
          .map(
            (i) =>
              `/item/1,${CLIENT},q=${i},ge20nn05enus_${String(i).padStart(12, '0')}_000000000000_000000000000`,
          )
          .sort(),
      );
      expect((await post('csv', false)).status).toBe(401);
      expect((await post('xml')).status).toBe(400);
      const bad = await fetch(url('csv'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ window: recent, filters: { ip: INJECT[0] } }),
      });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: { field: string } }).error.field).toBe('filters.ip');
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
