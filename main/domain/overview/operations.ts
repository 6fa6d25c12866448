// Overview: traffic over time and the top talkers of a window. Series and top JA4s/IPs come from
// the per-minute aggregates (cheap at any size); SNIs and hosts from the raw tables' columns.
import type { ClickHouseClient } from '@clickhouse/client';
import type { OverviewStats } from '../../../common/api/overview.js';
import type { Counted, TimeWindow } from '../../../common/api/time-range.js';
import { knownLabels } from '../fingerprint-profile/known-labels.js';
import {
  bucketExpr,
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

type CountRow = { value: string; count: unknown };
const counted = (r: CountRow): Counted => ({ value: r.value, count: num(r.count) });

export async function overviewStats(
  ch: ClickHouseClient,
  input: { window: TimeWindow; top?: number },
): Promise<OverviewStats> {
  const w = input.window;
  const top = input.top ?? 10;
  const bucket = bucketFor(w);
  const p = { ...windowParams(w), bucket, top };
  // Independent reads start together; each is awaited where its result is needed.
  const trafficQ = rows<{ t: string; handshakes: unknown; requests: unknown }>(
    ch,
    `SELECT ${bucketExpr('minute')} AS t, sum(handshakes) AS handshakes, sum(requests) AS requests
     FROM agg_src_ip_1m WHERE ${minutesInWindow()} GROUP BY t`,
    p,
  );
  const anomaliesQ = rows<{ t: string; n: unknown }>(
    ch,
    `SELECT ${bucketExpr('detected_at')} AS t,
            uniqExact(src_ip, detected_at, entity_type, ja4, model_id) AS n
     FROM ml_detected_anomalies WHERE ${inWindow('detected_at')} GROUP BY t`,
    p,
  );
  const distinctQ = rows<{ ips: unknown; ja4s: unknown }>(
    ch,
    `SELECT (SELECT uniqExact(src_ip) FROM agg_src_ip_1m WHERE ${minutesInWindow()}) AS ips,
            (SELECT uniqExact(ja4) FROM agg_ja4_1m WHERE ${minutesInWindow()}) AS ja4s`,
    p,
  );
  const topIpQ = rows<CountRow>(
    ch,
    `SELECT ${showIp('src_ip')} AS value, sum(handshakes) + sum(requests) AS count
     FROM agg_src_ip_1m WHERE ${minutesInWindow()} GROUP BY src_ip ORDER BY count DESC, value LIMIT {top:UInt32}`,
    p,
  );
  const topSniQ = rows<CountRow>(
    ch,
    `SELECT value, max(c) AS count FROM (
       SELECT tls_server_name AS value, count() AS c FROM tls_handshakes
       WHERE ${inWindow('ts')} AND tls_server_name != '' GROUP BY value
       UNION ALL
       SELECT tls_server_name AS value, uniqExact(conn_id) AS c FROM http_logs
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
  const extentQ = rows<{ n: unknown; first: string; last: string }>(
    ch,
    `SELECT count() AS n, ${isoTs('toDateTime64(min(minute), 6)')} AS first,
            ${isoTs('toDateTime64(max(minute) + 60, 6)')} AS last FROM agg_src_ip_1m`,
    {},
  );
  // A read that fails before its turn must not be an unhandled rejection; it rethrows at its await.
  for (const q of [trafficQ, anomaliesQ, distinctQ, topIpQ, topSniQ, topHostQ, extentQ])
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

  const [distinct] = await distinctQ;
  const topJa4 = (
    await rows<CountRow>(
      ch,
      `SELECT ja4 AS value, sum(handshakes) + sum(requests) AS count
       FROM agg_ja4_1m WHERE ${minutesInWindow()} GROUP BY ja4 ORDER BY count DESC, value LIMIT {top:UInt32}`,
      p,
    )
  ).map(counted);
  const labels = await knownLabels(
    ch,
    'ja4',
    topJa4.map((c) => c.value),
  );
  for (const c of topJa4) {
    const label = labels.get(c.value);
    if (label) c.label = label;
  }
  const topIp = await topIpQ;
  // Connections from the capture and from correlated requests (one per conn_id); one connection
  // may be in both tables, so per name the larger count wins.
  const topSni = await topSniQ;
  const topHost = await topHostQ;
  const [extent] = await extentQ;
  return {
    bucketSeconds: bucket,
    series,
    totals: {
      handshakes: series.reduce((s, x) => s + x.handshakes, 0),
      requests: series.reduce((s, x) => s + x.requests, 0),
      anomalies: series.reduce((s, x) => s + x.anomalies, 0),
      ips: num(distinct?.ips),
      ja4s: num(distinct?.ja4s),
    },
    top: {
      ja4: topJa4,
      ip: topIp.map(counted),
      sni: topSni.map(counted),
      host: topHost.map(counted),
    },
    extent: extent && num(extent.n) > 0 ? { first: extent.first, last: extent.last } : null,
  };
}
