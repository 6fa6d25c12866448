// Investigation queries at 10 million rows in the embedded store (issue 4 targets):
//   IP lookup p95 < 200 ms, top-50 JA4 over 24 h < 1 s, recurrence view over 30 days < 1 s.
//   npx tsx bench/storage/queries.bench.ts [rows=10000000] [dataDir]
// Data is generated inside the engine (INSERT ... SELECT FROM numbers()), one INSERT per day:
// tls_handshakes rows spread over the last 30 days and 500,000 client IPs, fingerprints drawn
// from the project's test captures; ml_detected_anomalies with as many rows over the last 60 days
// (half outside the recurrence window) for 200,000 IPs, 0.1% of them triaged (a second version).
// The materialized views fill the aggregates during the load, as they would in production.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateUp } from '../../main/storage/migrations/runner.js';
import { openStore, type Store } from '../../main/storage/store.js';
import { realRecords } from '../../main/storage/testing/reference-records.js';

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
    const fps = realRecords().filter((r) => r.ja4);
    const arr = (xs: string[]): string =>
      `[${xs.map((x) => `'${x.replace(/'/g, "\\'")}'`).join(',')}]`;
    const t0 = performance.now();
    // One INSERT per day, as a live sensor fills one daily partition at a time: every partition
    // gets one part (the steady state after the day's merges), and the load needs no merges.
    const days = 30;
    const perDay = Math.ceil(total / days);
    for (let d = 0; d < days; d++) {
      const off = d * perDay;
      await store.client.command({
        query: `INSERT INTO tls_handshakes (ts, sensor, stream, transport, src_ip, src_port, dst_ip, dst_port, tls_server_name, alpn, tls_version, ja4, ja4_r, ja3, ja4s, ja4t)
          WITH ${arr(fps.map((f) => f.ja4!))} AS ja4s, ${arr(fps.map((f) => f.tls_server_name ?? ''))} AS snis,
               ${arr(fps.map((f) => f.ja4_r ?? ''))} AS raws, ${arr(fps.map((f) => f.ja3 ?? ''))} AS ja3s,
               ${arr(fps.map((f) => f.ja4s ?? ''))} AS ja4ss, ${arr(fps.map((f) => f.ja4t ?? ''))} AS ja4ts
          SELECT toStartOfDay(now64(6)) - toIntervalDay(${d}) + toIntervalMicrosecond(intHash64(number) % (86400 * 1000000)) AS ts, 'bench', number, 'tcp',
                 toIPv6(IPv4NumToString(toUInt32(0x0A000000 + intHash32(number) % 500000))), 1024 + number % 60000,
                 toIPv6('::ffff:192.0.2.10'), 443, snis[1 + number % length(snis)], 'h2', '1.3',
                 ja4s[1 + intHash32(number * 7) % length(ja4s)], raws[1 + number % length(raws)],
                 ja3s[1 + number % length(ja3s)], ja4ss[1 + number % length(ja4ss)], ja4ts[1 + number % length(ja4ts)]
          FROM numbers(${off}, ${Math.min(perDay, total - off)})`,
      });
    }
    // Anomalies over 60 days (half outside the recurrence window), one run's worth per day, all in
    // state 'new' as the detector writes them (microsecond detection times: no two share a key).
    const anomalyDays = 60;
    const perAnomalyDay = Math.ceil(total / anomalyDays);
    for (let d = 0; d < anomalyDays; d++) {
      const off = d * perAnomalyDay;
      await store.client.command({
        query: `INSERT INTO ml_detected_anomalies (detected_at, entity_type, src_ip, ja4, model_id, run_id, score, threshold, features, reasons, state, version)
          SELECT now64(6) - toIntervalDay(${d}) - toIntervalMicrosecond(intHash64(number) % (86400 * 1000000)), 'ip',
                 toIPv6(IPv4NumToString(toUInt32(0x0A000000 + intHash32(number) % 200000))), '', 'bench', 'r', 0.5 + (number % 50) / 100, 0.6,
                 map('requests', toFloat64(number % 1000)), ['many requests'], 'new', 1
          FROM numbers(${off}, ${Math.min(perAnomalyDay, total - off)})`,
      });
    }
    // Analysts triage one anomaly in a thousand: a second version of the key, half of them false
    // positives (left out of the view), half under investigation.
    await store.client.command({
      query: `INSERT INTO ml_detected_anomalies
        SELECT detected_at, entity_type, src_ip, ja4, model_id, run_id, score, threshold, features, reasons,
               if(cityHash64(src_ip, detected_at) % 2 = 0, 'false_positive', 'investigating'), 2
        FROM ml_detected_anomalies WHERE cityHash64(src_ip, detected_at) % 1000 = 0`,
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
  // 3. The 30-day recurrence view (0011: daily aggregate + exact raw parts), and the same answer
  //    computed 0008's way (raw table, argMax per key) in the same query: any difference is a bug.
  const recur: number[] = [];
  for (let i = 0; i < 5; i++)
    recur.push(
      await timed(
        'SELECT * FROM view_ip_recurrence ORDER BY days_seen DESC, anomaly_count DESC LIMIT 100',
      ),
    );
  const rawRecurrence = `SELECT src_ip, uniqExact(toDate(detected_at)) AS days_seen, min(detected_at) AS first_seen,
      max(detected_at) AS last_seen, count() AS anomaly_count, max(score) AS max_score
    FROM (SELECT src_ip, detected_at, argMax(state, version) AS state, argMax(score, version) AS score
          FROM ml_detected_anomalies WHERE detected_at >= now() - INTERVAL 30 DAY
          GROUP BY src_ip, detected_at, entity_type, ja4, model_id)
    WHERE state != 'false_positive' GROUP BY src_ip`;
  const rawRecur: number[] = [];
  for (let i = 0; i < 2; i++)
    rawRecur.push(
      await timed(
        `SELECT * FROM (${rawRecurrence}) ORDER BY days_seen DESC, anomaly_count DESC LIMIT 100`,
      ),
    );
  const recurrenceDiffs = await scalar(
    store,
    `SELECT count() FROM view_ip_recurrence AS a FULL OUTER JOIN (${rawRecurrence}) AS b ON a.src_ip = b.src_ip
     WHERE NOT (a.days_seen = b.days_seen AND a.anomaly_count = b.anomaly_count AND a.first_seen = b.first_seen
                AND a.last_seen = b.last_seen AND a.max_score = b.max_score)`,
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
    recurrenceRaw0008Ms: { median: ms(pct(rawRecur, 50)), max: ms(Math.max(...rawRecur)) },
    recurrenceDiffsVsRaw: recurrenceDiffs,
    parts: Object.fromEntries(
      (
        await (
          await store.client.query({
            query:
              "SELECT table, count() AS n FROM system.parts WHERE active AND database = currentDatabase() AND table IN ('tls_handshakes', 'ml_detected_anomalies', 'agg_anomaly_ip_1d') GROUP BY table",
            format: 'JSONEachRow',
          })
        ).json<{ table: string; n: string }>()
      ).map((r) => [r.table, Number(r.n)]),
    ),
    loadAverage: (await import('node:os')).loadavg().map((x) => Math.round(x * 10) / 10),
  };
  process.stdout.write(JSON.stringify(result) + '\n');
} finally {
  await store.close();
  if (!keep) rmSync(dir, { recursive: true, force: true });
}
