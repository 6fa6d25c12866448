// Overview: traffic over time and the top talkers of a window. Series and top JA4s/IPs come from
// the per-minute aggregates (cheap at any size); SNIs and hosts from the raw tables' columns.
import type { ClickHouseClient } from '@clickhouse/client';
import type { OverviewStats } from '../../../common/api/overview.js';
import type { TimeWindow } from '../../../common/api/time-range.js';
import { ML_DETECTED_ANOMALIES } from '../../storage/rows/anomalies.js';
import { labelCounted } from '../fingerprint-profile/known-labels.js';
import {
  bucketExpr,
  counted,
  type CountRow,
  bucketFor,
  bucketStarts,
  inWindow,
  isoTs,
  minutesInWindow,
  num,
  rows,
  showIp,
  windowParams,
} from '../../core/sql-parts.js';

export async function overviewStats(
  ch: ClickHouseClient,
  input: { window: TimeWindow; top?: number },
): Promise<OverviewStats> {
  const w = input.window;
  const top = input.top ?? 10;
  const bucket = bucketFor(w);
  const p = { ...windowParams(w), bucket, top };
  // Independent reads start together; each is awaited where its result is needed.
  //
  // Why these sources (measured with 10 M rows per table over 7 days, bench/ui/overview-10m.bench.ts):
  // view_src_ip_1m (agg_src_ip_1m and agg_src_ip_handshakes_1m, migrations/0013) holds about one
  // row per (IP, minute) and side, so over a window it is as large as the raw
  // tables (19 M rows for 20 M events) and a series or distinct count from it cost 1-2.5 s for 7
  // days. agg_ja4_1m is small (one row per JA4 and minute): the series comes from it, plus the
  // few events without a JA4 (request-only requests, handshakes the engine could not fingerprint)
  // counted from the raw tables, which together are exactly the events view_src_ip_1m counts.
  const trafficQ = rows<{ t: string; handshakes: unknown; requests: unknown }>(
    ch,
    `SELECT t, sum(h) AS handshakes, sum(r) AS requests FROM (
       SELECT ${bucketExpr('minute')} AS t, sum(handshakes) AS h, sum(requests) AS r
       FROM agg_ja4_1m WHERE ${minutesInWindow()} GROUP BY t
       UNION ALL
       SELECT ${bucketExpr('ts')} AS t, count() AS h, 0 AS r FROM tls_handshakes
       WHERE ja4 = '' AND ${minutesInWindow('toStartOfMinute(ts)')} GROUP BY t
       UNION ALL
       SELECT ${bucketExpr('ts')} AS t, 0 AS h, count() AS r FROM http_logs
       WHERE ja4 = '' AND correlation != 'handshake-only' AND ${minutesInWindow('toStartOfMinute(ts)')} GROUP BY t)
     GROUP BY t`,
    p,
  );
  // Flagged IPs, not detections: the detector scores every few minutes at two levels (IP, IP+JA4),
  // so one client flagged for an hour would be ~24 detections. A row triaged as a false positive
  // (its latest version) is not a flag. The window's distinct count is not the sum of the
  // buckets' counts, so it is read on its own.
  const flagged = `SELECT src_ip, detected_at FROM (
       SELECT src_ip, detected_at, argMax(state, version) AS state FROM ${ML_DETECTED_ANOMALIES}
       WHERE ${inWindow('detected_at')} GROUP BY src_ip, detected_at, entity_type, ja4, model_id)
     WHERE state != 'false_positive'`;
  const anomaliesQ = rows<{ t: string; n: unknown }>(
    ch,
    `SELECT ${bucketExpr('detected_at')} AS t, uniqExact(src_ip) AS n FROM (${flagged}) GROUP BY t`,
    p,
  );
  const flaggedQ = rows<{ n: unknown }>(ch, `SELECT uniqExact(src_ip) AS n FROM (${flagged})`, p);
  // The number of distinct IPs (JA4s) is the number of groups of the top-N query: one scan
  // for both instead of a second pass for uniqExact.
  const topIpQ = rows<CountRow & { total: unknown }>(
    ch,
    `SELECT ${showIp('src_ip')} AS value, sum(handshakes) + sum(requests) AS count, count() OVER () AS total
     FROM view_src_ip_1m WHERE ${minutesInWindow()} GROUP BY src_ip ORDER BY count DESC, value LIMIT {top:UInt32}`,
    p,
  );
  const topJa4Q = rows<CountRow & { total: unknown }>(
    ch,
    `SELECT ja4 AS value, sum(handshakes) + sum(requests) AS count, count() OVER () AS total
     FROM agg_ja4_1m WHERE ${minutesInWindow()} GROUP BY ja4 ORDER BY count DESC, value LIMIT {top:UInt32}`,
    p,
  );
  // Connections per server name: handshakes, and correlated requests counted once per
  // connection. uniq (exact below 65,536 connections per name, within about 1% above) instead
  // of uniqExact, which had to hold every conn_id string of the window: 6 s for 7 days at 10 M.
  const topSniQ = rows<CountRow>(
    ch,
    `SELECT value, max(c) AS count FROM (
       SELECT tls_server_name AS value, count() AS c FROM tls_handshakes
       WHERE ${inWindow('ts')} AND tls_server_name != '' GROUP BY value
       UNION ALL
       SELECT tls_server_name AS value, uniq(conn_id) AS c FROM http_logs
       WHERE ${inWindow('ts')} AND tls_server_name != '' GROUP BY value)
     GROUP BY value ORDER BY count DESC, value LIMIT {top:UInt32}`,
    p,
  );
  const topHostQ = rows<CountRow>(
    ch,
    `SELECT host AS value, count() AS count FROM http_logs
     WHERE ${inWindow('ts')} AND host != '' GROUP BY value ORDER BY count DESC, value LIMIT {top:UInt32}`,
    p,
  );
  // Each table on its own, not through the view: count() and min/max(minute) of a whole table come
  // from part metadata (5 ms at 10 M rows) but must read every row through the view (150 ms).
  // A table with no rows answers min(minute) = 1970: left out by c > 0.
  const extentQ = rows<{ n: unknown; first: string; last: string }>(
    ch,
    `SELECT sum(c) AS n, ${isoTs('toDateTime64(min(f), 6)')} AS first,
            ${isoTs('toDateTime64(max(l) + 60, 6)')} AS last FROM (
       SELECT count() AS c, min(minute) AS f, max(minute) AS l FROM agg_src_ip_1m
       UNION ALL
       SELECT count() AS c, min(minute) AS f, max(minute) AS l FROM agg_src_ip_handshakes_1m)
     WHERE c > 0`,
    {},
  );
  // A read that fails before its turn must not be an unhandled rejection; it rethrows at its await.
  for (const q of [trafficQ, anomaliesQ, flaggedQ, topIpQ, topJa4Q, topSniQ, topHostQ, extentQ])
    q.catch(() => undefined);

  const traffic = await trafficQ;
  const anomalies = await anomaliesQ;
  const byT = new Map(
    bucketStarts(w, bucket).map((t) => [t, { t, handshakes: 0, requests: 0, anomalies: 0 }]),
  );
  for (const r of traffic) {
    const point = byT.get(r.t);
    if (point) {
      point.handshakes = num(r.handshakes);
      point.requests = num(r.requests);
    }
  }
  for (const r of anomalies) {
    const point = byT.get(r.t);
    if (point) point.anomalies = num(r.n);
  }
  const series = [...byT.values()];

  const ja4Rows = await topJa4Q;
  const topJa4 = ja4Rows.map(counted);
  await labelCounted(ch, 'ja4', topJa4);
  const ipRows = await topIpQ;
  const topSni = await topSniQ;
  const topHost = await topHostQ;
  const [extent] = await extentQ;
  return {
    bucketSeconds: bucket,
    series,
    totals: {
      handshakes: series.reduce((s, x) => s + x.handshakes, 0),
      requests: series.reduce((s, x) => s + x.requests, 0),
      anomalies: num((await flaggedQ)[0]?.n),
      ips: num(ipRows[0]?.total),
      ja4s: num(ja4Rows[0]?.total),
    },
    top: {
      ja4: topJa4,
      ip: ipRows.map(counted),
      sni: topSni.map(counted),
      host: topHost.map(counted),
    },
    extent: extent && num(extent.n) > 0 ? { first: extent.first, last: extent.last } : null,
  };
}
