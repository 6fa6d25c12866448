// The schema on both engines: the materialized views fill the per-minute aggregates, the
// recurrence view prunes old partitions (EXPLAIN indexes = 1) and ignores superseded versions,
// retention changes reach the live TTLs without drift, drift is reported, and the known
// fingerprint CSV is loaded.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CorrelatedEvent } from '../../common/events/correlated.js';
import { defaultDataDir, mappingFiles, mappingRows } from './migrations/known-fingerprints.js';
import { migrateUp } from './migrations/runner.js';
import { verifySchema } from './migrations/verify.js';
import { correlatedToRow, HTTP_LOGS } from './rows/http.js';
import { anomalyToRow, ML_DETECTED_ANOMALIES } from './rows/anomalies.js';
import { handshakeToRow, TLS_HANDSHAKES } from './rows/tls-handshake.js';
import type { Store } from './store.js';
import { ENGINES, testStores, type TestStores } from './testing/engines.js';
import { matchedRequest } from './testing/events.js';
import { realRecords } from './testing/reference-records.js';

const DAY_US = 86_400_000_000;

async function rows<T>(
  store: Store,
  query: string,
  query_params?: Record<string, unknown>,
): Promise<T[]> {
  const rs = await store.client.query({
    query,
    format: 'JSONEachRow',
    ...(query_params ? { query_params } : {}),
  });
  return rs.json<T>();
}

describe.each(ENGINES)('schema (%s)', (engine) => {
  let stores: TestStores;
  let store: Store;
  beforeAll(async () => {
    stores = await testStores(engine);
    store = await stores.open();
    await migrateUp(store);
  });
  afterAll(async () => stores.closeAll());

  it('materialized views fill the per-minute aggregates by IP, JA4 and (JA4, User-Agent)', async () => {
    const base = Date.UTC(2026, 10, 24, 10, 0, 0) * 1000;
    const hs = realRecords(base).filter((r) => r.ja4);
    await store.insert(
      TLS_HANDSHAKES,
      hs.map((r) => handshakeToRow(r)),
    );
    const ua = 'Mozilla/5.0 (X11; Linux x86_64) Test/1.0';
    const events: CorrelatedEvent[] = hs.slice(0, 20).map((h, i) =>
      matchedRequest(h, {
        path: `/p${i % 3}`,
        status: i % 4 === 0 ? 404 : 200,
        headers: [
          ['Host', 'example.test'],
          ['User-Agent', ua],
          ...(i % 2 === 0 ? ([['Accept-Language', 'en']] as [string, string][]) : []),
        ],
      }),
    );
    await store.insert(HTTP_LOGS, events.map(correlatedToRow));

    const byIp = new Map<string, number>();
    for (const h of hs) byIp.set(h.src, (byIp.get(h.src) ?? 0) + 1);
    // Handshakes per IP in their own narrow table since migrations/0013; agg_src_ip_1m keeps the
    // request side (and the handshakes written before 0013); view_src_ip_1m is both.
    const handshakesByIp = async (table: string) =>
      new Map(
        (
          await rows<{ ip: string; handshakes: string }>(
            store,
            `SELECT IPv6NumToString(src_ip) AS ip, sum(handshakes) AS handshakes FROM ${table}
             GROUP BY src_ip HAVING handshakes > 0`,
          )
        ).map((r) => [r.ip.replace(/^::ffff:/, ''), Number(r.handshakes)]),
      );
    expect(await handshakesByIp('agg_src_ip_handshakes_1m')).toEqual(byIp);
    expect(await handshakesByIp('view_src_ip_1m')).toEqual(byIp);
    expect(await handshakesByIp('agg_src_ip_1m')).toEqual(new Map());
    const [ja4s] = await rows<{ n: string }>(
      store,
      'SELECT uniqMerge(ja4s) AS n FROM agg_src_ip_handshakes_1m',
    );
    expect(Number(ja4s!.n)).toBe(new Set(hs.map((h) => h.ja4)).size);

    const [req] = await rows<Record<string, string>>(
      store,
      `SELECT sum(requests) AS requests, sum(status_4xx) AS s4, sum(no_accept_language) AS no_al, sum(http2) AS h2,
              uniqMerge(paths) AS paths, uniqMerge(user_agents) AS uas FROM agg_src_ip_1m`,
    );
    expect(Object.fromEntries(Object.entries(req!).map(([k, v]) => [k, Number(v)]))).toEqual({
      requests: 20,
      s4: 5,
      no_al: 10,
      h2: 20,
      paths: 3,
      uas: 1,
    });

    const ja4 = hs[0]!.ja4!;
    const expectedHandshakes = hs.filter((h) => h.ja4 === ja4).length;
    const expectedIps = new Set(hs.filter((h) => h.ja4 === ja4).map((h) => h.src)).size;
    const [j] = await rows<Record<string, string>>(
      store,
      'SELECT sum(handshakes) AS handshakes, uniqMerge(src_ips) AS ips FROM agg_ja4_1m WHERE ja4 = {ja4:String}',
      { ja4 },
    );
    expect([Number(j!.handshakes), Number(j!.ips)]).toEqual([expectedHandshakes, expectedIps]);

    const ja4ua = await rows<{ ja4: string; user_agent: string; requests: string }>(
      store,
      'SELECT ja4, user_agent, sum(requests) AS requests FROM agg_ja4_ua_1m GROUP BY ja4, user_agent',
    );
    expect(ja4ua.reduce((n, r) => n + Number(r.requests), 0)).toBe(20);
    expect(new Set(ja4ua.map((r) => r.user_agent))).toEqual(new Set([ua]));
  });

  it('view_ip_recurrence prunes partitions older than 30 days and takes the latest version without FINAL', async () => {
    const now = Date.now() * 1000;
    const minute = 60 / 86_400;
    const make = (
      ip: string,
      daysAgo: number,
      state: 'new' | 'investigating' | 'false_positive' = 'new',
      version = 1,
    ) =>
      anomalyToRow({
        detectedAtUs: Math.floor((now - daysAgo * DAY_US) / 1e6) * 1e6,
        entityType: 'ip',
        srcIp: ip,
        modelId: 'm1',
        runId: 'r1',
        score: 0.5 + daysAgo / 100,
        threshold: 0.5,
        features: { requests: 10 },
        reasons: ['many requests'],
        state,
        version,
      });
    // Each row on its own day (one part per row and batch). 0011 answers untriaged IPs from the
    // daily aggregate, and the window's first (partial) day and triaged IPs from the raw table.
    const recent = [
      make('192.0.2.1', 1),
      make('192.0.2.1', 2),
      make('192.0.2.1', 5),
      make('192.0.2.2', 3),
      // just inside the window, on its first (partial) day; and a whole day later on
      make('192.0.2.4', 30 - minute),
      make('192.0.2.4', 7),
      // one of these two is triaged below (investigating: still counted)
      make('192.0.2.5', 4),
      make('192.0.2.5', 6),
    ];
    const old = [
      make('192.0.2.1', 40),
      make('192.0.2.3', 45),
      make('192.0.2.3', 60),
      // the window's first day, a minute before the window starts: not counted
      make('192.0.2.4', 30 + minute),
    ];
    // 192.0.2.2's only anomaly is later marked a false positive (higher version, same key).
    const triage = [
      { ...recent[3]!, state: 'false_positive' as const, version: 2 },
      { ...recent[6]!, state: 'investigating' as const, version: 2 },
    ];
    for (const batch of [recent, old, triage]) await store.insert(ML_DETECTED_ANOMALIES, batch);

    const view = await rows<{ ip: string; days_seen: string; anomaly_count: string }>(
      store,
      'SELECT IPv6NumToString(src_ip) AS ip, days_seen, anomaly_count FROM view_ip_recurrence ORDER BY ip',
    );
    expect(view.map((r) => [r.ip, Number(r.days_seen), Number(r.anomaly_count)])).toEqual([
      ['::ffff:192.0.2.1', 3, 3],
      ['::ffff:192.0.2.4', 2, 2],
      ['::ffff:192.0.2.5', 2, 2],
    ]);

    const rs = await store.client.query({
      query: 'EXPLAIN indexes = 1 SELECT * FROM view_ip_recurrence',
      format: 'TabSeparatedRaw',
    });
    const plan = await rs.text();
    // Every read of ml_detected_anomalies is cut by the partition min-max index on detected_at:
    // the old days' parts are never read.
    const distinctDays = new Set([...recent, ...old].map((r) => r.detected_at.slice(0, 10))).size;
    expect(distinctDays).toBeGreaterThan(4);
    const reads = [
      ...plan.matchAll(/Min-Max\s+Keys:\s+detected_at\s+Condition: [^\n]+\s+Parts: (\d+)\/(\d+)/g),
    ];
    expect(reads.length, plan).toBeGreaterThan(0);
    for (const m of reads) {
      const [selected, total] = [Number(m[1]), Number(m[2])];
      expect(total).toBe(recent.length + old.length + triage.length);
      expect(selected).toBeGreaterThan(0);
      expect(selected).toBeLessThanOrEqual(recent.length + triage.length);
    }
    expect(plan).not.toMatch(/FINAL/i);
  });

  it('view_src_ip_1m: a src_ip = X read uses the primary key of both tables under it', async () => {
    const s = await stores.open();
    await migrateUp(s);
    // 1,000 IPs x 60 minutes in each table (several granules): the handshakes before 0013 with
    // the requests in agg_src_ip_1m, the handshakes after it in agg_src_ip_handshakes_1m.
    const key = `toDateTime('2026-11-24 10:00:00', 'UTC') + 60 * (number % 60) AS minute,
                 toIPv6(IPv4NumToString(toUInt32(0x0A000000 + intDiv(number, 60)))) AS src_ip,
                 toDateTime64(minute, 6, 'UTC') + 1 AS t`;
    await s.client.command({
      query: `INSERT INTO agg_src_ip_1m (minute, src_ip, handshakes, requests, first_seen, last_seen)
              SELECT minute, src_ip, 1, 2, initializeAggregation('minState', t), initializeAggregation('maxState', t + 1)
              FROM (SELECT ${key} FROM numbers(60000))`,
    });
    await s.client.command({
      query: `INSERT INTO agg_src_ip_handshakes_1m (minute, src_ip, handshakes, first_seen, last_seen)
              SELECT minute, src_ip, 3, t - toIntervalMillisecond(500), t + 2 FROM (SELECT ${key} FROM numbers(60000))`,
    });
    const read = `SELECT toString(sum(handshakes)) AS h, toString(sum(requests)) AS r,
                         toString(min(first_seen)) AS f, toString(max(last_seen)) AS l
                  FROM view_src_ip_1m WHERE src_ip = toIPv6('10.0.0.5')`;
    const [got] = await rows<Record<string, string>>(s, read);
    expect(got).toEqual({
      h: String(60 * 1 + 60 * 3),
      r: String(60 * 2),
      f: '2026-11-24 10:00:00.500000',
      l: '2026-11-24 10:59:03.000000',
    });
    const rs = await s.client.query({
      query: `EXPLAIN indexes = 1 ${read}`,
      format: 'TabSeparatedRaw',
    });
    // (the tree's branch lines drawn with │ would break the whitespace runs below)
    const plan = (await rs.text()).replaceAll('│', ' ');
    const keyReads = [
      ...plan.matchAll(
        /PrimaryKey\s+Keys:\s+src_ip\s+Condition: [^\n]*src_ip[^\n]*\s+Parts: \d+\/\d+\s+Granules: (\d+)\/(\d+)/g,
      ),
    ];
    expect(keyReads.length, plan).toBe(2);
    for (const m of keyReads) expect(Number(m[1]), plan).toBeLessThan(Number(m[2]));
  });

  it('loads the known-fingerprint CSV', async () => {
    const expected = mappingFiles().flatMap((f) => mappingRows(readFileSync(f, 'utf8'), f));
    expect(expected.length).toBeGreaterThan(40);
    const [n] = await rows<{ n: string }>(store, 'SELECT count() AS n FROM known_fingerprints');
    expect(Number(n!.n)).toBe(expected.length);
    const chromium = await rows<{ application: string }>(
      store,
      "SELECT application FROM known_fingerprints WHERE fingerprint_type = 'ja4' AND fingerprint = {fp:String}",
      { fp: 't13d1516h2_8daaf6152771_02713d6af862' },
    );
    // FoxIO's label and curl-impersonate's recorded Chrome 120 (two sources, one JA4).
    expect(chromium.map((r) => r.application).sort()).toEqual([
      'Chrome 120.0.6099.71',
      'Chromium Browser',
    ]);
    expect(defaultDataDir()).toMatch(/data$/);
  });

  it('a retention change reaches every TTL without a migration edit, and verify stays clean', async () => {
    const s = await stores.open({
      database: store.database,
      retention: { rawDays: 7, aggregateDays: 90 },
    });
    const { applied, retention } = await migrateUp(s);
    expect(applied).toEqual([]);
    expect(retention!.map((r) => `${r.table}:${r.days}`).sort()).toEqual(
      [
        'agg_anomaly_ip_1d:90',
        'agg_ja4_1m:90',
        'agg_ja4_ua_1m:90',
        'agg_src_ip_1m:90',
        'agg_src_ip_handshakes_1m:90',
        'agg_src_ip_ja4_1m:90',
        'http_logs:7',
        'http_requests:7',
        'ml_detected_anomalies:90',
        'tcp_events:7',
        'tls_handshake_finals:7',
        'tls_handshakes:7',
      ].sort(),
    );
    const [t] = await rows<{ q: string }>(
      s,
      "SELECT create_table_query AS q FROM system.tables WHERE database = {db:String} AND name = 'tls_handshakes'",
      {
        db: s.database,
      },
    );
    expect(t!.q).toMatch(/TTL ingested_at \+ toIntervalDay\(7\)/);
    expect((await migrateUp(s)).retention).toEqual([]);
    const report = await verifySchema(s);
    expect(report.lines).toEqual([expect.stringMatching(/^ok: /)]);
  });

  it('migrate verify reports drift naming the table', async () => {
    const s = await stores.open();
    await migrateUp(s);
    expect((await verifySchema(s)).ok).toBe(true);
    await s.client.command({ query: 'ALTER TABLE http_logs ADD COLUMN extra UInt8' });
    await s.client.command({ query: 'DROP VIEW mv_agg_ja4_ua_1m' });
    const report = await verifySchema(s);
    expect(report.ok).toBe(false);
    expect(report.lines.join('\n')).toMatch(/DRIFT +http_logs: .*extra/);
    expect(report.lines.join('\n')).toMatch(/DRIFT +mv_agg_ja4_ua_1m: missing/);
  });
});
