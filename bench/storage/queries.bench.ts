// Investigation queries at 10 million rows in the embedded store (issue 4 targets):
//   IP lookup p95 < 200 ms, top-50 JA4 over 24 h < 1 s, recurrence view over 30 days < 1 s.
//   npx tsx bench/storage/queries.bench.ts [rows=10000000] [dataDir]
// Data is generated inside the engine (INSERT ... SELECT FROM numbers()) so loading is quick:
// tls_handshakes rows spread over the last 30 days and 500,000 client IPs, fingerprints drawn
// from the reference vectors; ml_detected_anomalies with as many rows over the last 60 days
// (half outside the recurrence window) for 200,000 IPs. The materialized views fill the
// aggregates during the load, as they would in production.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateUp } from '../../main/storage/migrations/runner.js';
import { openStore, type Store } from '../../main/storage/store.js';
import { referenceRecords } from '../../main/storage/testing/reference-records.js';

const total = Number(process.argv[2] ?? 10_000_000);
const keep = process.argv[3];
const dir = keep ?? mkdtempSync(join(tmpdir(), 'ja4ws-bench-q-'));
const store = await openStore({ kind: 'embedded', dataDir: dir });

async function scalar(
  s: Store,
  query: string,
  query_params?: Record<string, unknown>,
): Promise<number> {
  const rs = await s.client.query({
    query,
    format: 'JSONEachRow',
    ...(query_params ? { query_params } : {}),
  });
  return Number(Object.values((await rs.json<Record<string, string>>())[0]!)[0]);
}

async function timed(query: string, query_params?: Record<string, unknown>): Promise<number> {
  const t0 = performance.now();
  const rs = await store.client.query({
    query,
    format: 'JSONEachRow',
    ...(query_params ? { query_params } : {}),
  });
  await rs.json();
  return performance.now() - t0;
}

const pct = (xs: number[], p: number): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const ms = (x: number): number => Math.round(x * 10) / 10;

try {
  await migrateUp(store);
  if ((await scalar(store, 'SELECT count() FROM tls_handshakes')) < total) {
    const fps = referenceRecords().filter((r) => r.ja4);
    const arr = (xs: string[]): string =>
      `[${xs.map((x) => `'${x.replace(/'/g, "\\'")}'`).join(',')}]`;
    const t0 = performance.now();
    const chunk = 1_000_000;
    for (let off = 0; off < total; off += chunk) {
      await store.client.command({
        query: `INSERT INTO tls_handshakes (ts, sensor, stream, transport, src_ip, src_port, dst_ip, dst_port, tls_server_name, alpn, tls_version, ja4, ja4_r, ja3, ja4s, ja4t)
          WITH ${arr(fps.map((f) => f.ja4!))} AS ja4s, ${arr(fps.map((f) => f.tls_server_name ?? ''))} AS snis,
               ${arr(fps.map((f) => f.ja4_r ?? ''))} AS raws, ${arr(fps.map((f) => f.ja3 ?? ''))} AS ja3s,
               ${arr(fps.map((f) => f.ja4s ?? ''))} AS ja4ss, ${arr(fps.map((f) => f.ja4t ?? ''))} AS ja4ts
          SELECT now64(6) - toIntervalMicrosecond(intHash64(number) % (30 * 86400 * 1000000)) AS ts, 'bench', number, 'tcp',
                 toIPv6(IPv4NumToString(toUInt32(0x0A000000 + intHash32(number) % 500000))), 1024 + number % 60000,
                 toIPv6('::ffff:192.0.2.10'), 443, snis[1 + number % length(snis)], 'h2', '1.3',
                 ja4s[1 + intHash32(number * 7) % length(ja4s)], raws[1 + number % length(raws)],
                 ja3s[1 + number % length(ja3s)], ja4ss[1 + number % length(ja4ss)], ja4ts[1 + number % length(ja4ts)]
          FROM numbers(${off}, ${Math.min(chunk, total - off)})`,
      });
    }
    await store.client.command({
      query: `INSERT INTO ml_detected_anomalies (detected_at, entity_type, src_ip, ja4, model_id, run_id, score, threshold, features, reasons, state, version)
        SELECT now64(6) - toIntervalSecond(intHash64(number) % (60 * 86400)), 'ip',
               toIPv6(IPv4NumToString(toUInt32(0x0A000000 + intHash32(number) % 200000))), '', 'bench', 'r', 0.5 + (number % 50) / 100, 0.6,
               map('requests', toFloat64(number % 1000)), ['many requests'], if(number % 20 = 0, 'false_positive', 'new'), 1
        FROM numbers(${total})`,
    });
    process.stdout.write(
      `loaded ${total} handshakes + ${total} anomalies in ${Math.round(performance.now() - t0)} ms\n`,
    );
  }
  await store.client.command({ query: 'OPTIMIZE TABLE agg_ja4_1m FINAL' }).catch(() => undefined);

  // 1. IP lookup: the IP profile's first query, random IPs that exist.
  const ips = await store.client.query({
    query: 'SELECT DISTINCT toString(src_ip) AS ip FROM tls_handshakes LIMIT 200',
    format: 'JSONEachRow',
  });
  const ipList = (await ips.json<{ ip: string }>()).map((r) => r.ip);
  const lookups: number[] = [];
  for (const ip of ipList) {
    lookups.push(
      await timed(
        'SELECT * FROM tls_handshakes WHERE src_ip = {ip:IPv6} ORDER BY ts DESC LIMIT 100',
        { ip },
      ),
    );
  }
  // 2. Top-50 JA4 over the last 24 h, from the raw table and from the per-minute aggregate.
  const topRaw: number[] = [];
  const topAgg: number[] = [];
  for (let i = 0; i < 5; i++) {
    topRaw.push(
      await timed(
        'SELECT ja4, count() AS n, uniq(src_ip) AS ips FROM tls_handshakes WHERE ts >= now64(6) - INTERVAL 24 HOUR GROUP BY ja4 ORDER BY n DESC LIMIT 50',
      ),
    );
    topAgg.push(
      await timed(
        'SELECT ja4, sum(handshakes) AS n, uniqMerge(src_ips) AS ips FROM agg_ja4_1m WHERE minute >= now() - INTERVAL 24 HOUR GROUP BY ja4 ORDER BY n DESC LIMIT 50',
      ),
    );
  }
  // 3. The 30-day recurrence view.
  const recur: number[] = [];
  for (let i = 0; i < 5; i++)
    recur.push(
      await timed(
        'SELECT * FROM view_ip_recurrence ORDER BY days_seen DESC, anomaly_count DESC LIMIT 100',
      ),
    );
  const result = {
    rows: await scalar(store, 'SELECT count() FROM tls_handshakes'),
    anomalies: await scalar(store, 'SELECT count() FROM ml_detected_anomalies'),
    ipLookupMs: {
      p50: ms(pct(lookups, 50)),
      p95: ms(pct(lookups, 95)),
      max: ms(Math.max(...lookups)),
      n: lookups.length,
    },
    top50Ja4RawMs: { median: ms(pct(topRaw, 50)), max: ms(Math.max(...topRaw)) },
    top50Ja4AggregateMs: { median: ms(pct(topAgg, 50)), max: ms(Math.max(...topAgg)) },
    recurrenceViewMs: { median: ms(pct(recur, 50)), max: ms(Math.max(...recur)) },
    loadAverage: (await import('node:os')).loadavg().map((x) => Math.round(x * 10) / 10),
  };
  process.stdout.write(JSON.stringify(result) + '\n');
} finally {
  await store.close();
  if (!keep) rmSync(dir, { recursive: true, force: true });
}
