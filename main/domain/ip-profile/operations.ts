// IP profile: one client address across handshakes, requests, aggregates and anomalies. Every
// query is keyed on src_ip, the leading column of each table's ORDER BY (a range read).
import type { ClickHouseClient } from '@clickhouse/client';
import type { IpProfile, UaConsistency } from '../../../common/api/ip-profile.js';
import type { TimeWindow } from '../../../common/api/time-range.js';
import { knownLabels } from '../fingerprint-profile/known-labels.js';
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
  numOrNull,
  rows,
  showIp,
  windowParams,
} from '../../core/sql-parts.js';
import { consistencyVerdict, fingerprintFamily, uaFamily } from './ua-family.js';

const ME = 'src_ip = toIPv6({ip:String})';

export async function ipProfile(
  ch: ClickHouseClient,
  input: { ip: string; window: TimeWindow },
): Promise<IpProfile> {
  const w = input.window;
  const bucket = bucketFor(w);
  const p = { ...windowParams(w), ip: input.ip, bucket };
  // Independent reads start together; each is awaited where its result is needed.
  // An aggregate without GROUP BY: always one row, which also carries the address as shown.
  const totQ = rows<{
    ip: string;
    h: unknown;
    r: unknown;
    n: unknown;
    first: string;
    last: string;
  }>(
    ch,
    `SELECT ${showIp('toIPv6({ip:String})')} AS ip, sum(handshakes) AS h, sum(requests) AS r, count() AS n,
            ${isoTs('min(first_seen)')} AS first, ${isoTs('max(last_seen)')} AS last
     FROM view_src_ip_1m WHERE ${ME} AND ${minutesInWindow()}`,
    p,
  );
  const seriesQ = rows<{ t: string; h: unknown; r: unknown }>(
    ch,
    `SELECT ${bucketExpr('minute')} AS t, sum(handshakes) AS h, sum(requests) AS r
     FROM view_src_ip_1m WHERE ${ME} AND ${minutesInWindow()} GROUP BY t`,
    p,
  );
  const fpsQ = rows<{ ja4: string; n: unknown; first: string; last: string }>(
    ch,
    // Connections from the capture and from correlated requests (one per conn_id); a connection
    // may be in both tables, so per JA4 the larger count wins.
    `SELECT ja4, max(c) AS n, ${isoTs('min(f)')} AS first, ${isoTs('max(l)')} AS last FROM (
       SELECT toString(ja4) AS ja4, count() AS c, min(ts) AS f, max(ts) AS l FROM tls_handshakes
       WHERE ${ME} AND ${inWindow('ts')} AND ja4 != '' GROUP BY ja4
       UNION ALL
       SELECT toString(ja4) AS ja4, uniqExact(conn_id) AS c, min(ts) AS f, max(ts) AS l FROM http_logs
       WHERE ${ME} AND ${inWindow('ts')} AND ja4 != '' GROUP BY ja4)
     GROUP BY ja4 ORDER BY n DESC, ja4 LIMIT 100`,
    p,
  );
  const pairsQ = rows<{ ja4: string; user_agent: string; n: unknown }>(
    ch,
    `SELECT ja4, user_agent, count() AS n FROM http_logs
     WHERE ${ME} AND ${inWindow('ts')} AND correlation != 'handshake-only'
     GROUP BY ja4, user_agent ORDER BY n DESC LIMIT 100`,
    p,
  );
  const timingQ = rows<Record<string, unknown>>(
    ch,
    `SELECT n, p50, p95,
            if(length(gaps) > 0, arrayAvg(gaps), NULL) AS mean_gap,
            if(length(gaps) > 1 AND arrayAvg(gaps) > 0,
               sqrt(arrayAvg(arrayMap(g -> pow(g - arrayAvg(gaps), 2), gaps))) / arrayAvg(gaps), NULL) AS cv
     FROM (
       SELECT count() AS n,
              if(n > 0, quantile(0.5)(duration_ms), NULL) AS p50,
              if(n > 0, quantile(0.95)(duration_ms), NULL) AS p95,
              arrayPopFront(arrayDifference(arraySort(groupArray(toUnixTimestamp64Micro(ts))))) AS gaps_us,
              arrayMap(x -> x / 1000, gaps_us) AS gaps
       FROM http_logs WHERE ${ME} AND ${inWindow('ts')} AND correlation != 'handshake-only')`,
    p,
  );
  const peakQ = rows<{ peak: unknown }>(
    ch,
    `SELECT max(r) AS peak FROM (SELECT minute, sum(requests) AS r FROM agg_src_ip_1m
     WHERE ${ME} AND ${minutesInWindow()} GROUP BY minute)`,
    p,
  );
  const daysQ = rows<{ day: string; events: unknown }>(
    ch,
    `SELECT toString(toDate(minute)) AS day, sum(handshakes) + sum(requests) AS events
     FROM view_src_ip_1m
     WHERE ${ME} AND minute >= toDateTime64({w_to:String}, 6, 'UTC') - INTERVAL 30 DAY
       AND minute < toDateTime64({w_to:String}, 6, 'UTC')
     GROUP BY day ORDER BY day`,
    p,
  );
  const recQ = rows<Record<string, unknown>>(
    ch,
    `SELECT days_seen, ${isoTs('first_seen')} AS first_seen, ${isoTs('last_seen')} AS last_seen,
            anomaly_count, max_score FROM view_ip_recurrence WHERE ${ME}`,
    p,
  );
  const anomalyTotalQ = rows<{ n: unknown }>(
    ch,
    `SELECT count() AS n FROM (SELECT 1 FROM ml_detected_anomalies WHERE ${ME}
       GROUP BY src_ip, detected_at, entity_type, ja4, model_id)`,
    p,
  );
  const anomaliesQ = rows<Record<string, unknown>>(
    ch,
    `SELECT ${isoTs('detected_at')} AS detected_at, toString(entity_type) AS entity_type, ja4, model_id,
            argMax(score, version) AS score, argMax(threshold, version) AS threshold,
            argMax(reasons, version) AS reasons, toString(argMax(state, version)) AS state
     FROM ml_detected_anomalies WHERE ${ME}
     GROUP BY src_ip, detected_at, entity_type, ja4, model_id
     ORDER BY detected_at DESC LIMIT 200`,
    p,
  );
  const top = (col: string, table: string, extra = '') =>
    rows<CountRow>(
      ch,
      `SELECT toString(${col}) AS value, count() AS count FROM ${table}
       WHERE ${ME} AND ${inWindow('ts')} ${extra}
       GROUP BY value ORDER BY count DESC, value LIMIT 20`,
      p,
    );
  // Connections per server name: one row per connection in tls_handshakes, and requests counted
  // once per connection (conn_id); a connection may be in both, so per name the larger count wins
  // (as the Overview). Counting rows of both tables counted handshakes + requests.
  const snisQ = rows<CountRow>(
    ch,
    `SELECT value, max(c) AS count FROM (
       SELECT tls_server_name AS value, count() AS c FROM tls_handshakes
       WHERE ${ME} AND ${inWindow('ts')} AND tls_server_name != '' GROUP BY value
       UNION ALL
       SELECT tls_server_name AS value, uniqExact(conn_id) AS c FROM http_logs
       WHERE ${ME} AND ${inWindow('ts')} AND tls_server_name != '' AND conn_id != '' GROUP BY value)
     GROUP BY value ORDER BY count DESC, value LIMIT 20`,
    p,
  );
  const pathsQ = top('path', 'http_logs', "AND correlation != 'handshake-only'");
  const statusesQ = top('status', 'http_logs', "AND correlation != 'handshake-only'");
  // A read that fails before its turn must not be an unhandled rejection; it rethrows at its await.
  for (const q of [
    totQ,
    seriesQ,
    fpsQ,
    pairsQ,
    timingQ,
    peakQ,
    daysQ,
    recQ,
    anomaliesQ,
    anomalyTotalQ,
    snisQ,
    pathsQ,
    statusesQ,
  ])
    q.catch(() => undefined);

  const [tot] = await totQ;
  const seen = tot && num(tot.n) > 0;

  const series = await seriesQ;
  const byT = new Map(bucketStarts(w, bucket).map((t) => [t, { t, handshakes: 0, requests: 0 }]));
  for (const r of series) {
    const point = byT.get(r.t);
    if (point) Object.assign(point, { handshakes: num(r.h), requests: num(r.r) });
  }

  const fps = await fpsQ;
  const pairs = await pairsQ;
  const labels = await knownLabels(ch, 'ja4', [
    ...fps.map((f) => f.ja4),
    ...pairs.map((x) => x.ja4),
  ]);
  const consistency: UaConsistency[] = pairs.map((x) => {
    const application = labels.get(x.ja4) ?? '';
    const ua = uaFamily(x.user_agent);
    return {
      ja4: x.ja4,
      user_agent: x.user_agent,
      count: num(x.n),
      ua_family: ua,
      ja4_application: application,
      verdict:
        x.ja4 === '' ? 'unknown' : consistencyVerdict(ua, fingerprintFamily(x.ja4, application)),
    };
  });

  const snis = await snisQ;
  const paths = await pathsQ;
  const statuses = await statusesQ;

  const [timing] = await timingQ;
  const [peak] = await peakQ;
  const days = await daysQ;
  const [rec] = await recQ;
  const anomalies = await anomaliesQ;
  const [anomalyTotal] = await anomalyTotalQ;

  return {
    ip: tot?.ip ?? input.ip,
    totals: {
      handshakes: num(tot?.h),
      requests: num(tot?.r),
      first_seen: seen ? tot.first : null,
      last_seen: seen ? tot.last : null,
    },
    bucketSeconds: bucket,
    timeline: [...byT.values()],
    fingerprints: fps.map((f) => ({
      ja4: f.ja4,
      count: num(f.n),
      first_seen: f.first,
      last_seen: f.last,
      application: labels.get(f.ja4) ?? '',
    })),
    consistency,
    snis: snis.map(counted),
    paths: paths.map(counted),
    statuses: statuses.map(counted),
    timing: {
      requests: num(timing?.n),
      mean_gap_ms: numOrNull(timing?.mean_gap),
      cv_gap: numOrNull(timing?.cv),
      p50_duration_ms: numOrNull(timing?.p50),
      p95_duration_ms: numOrNull(timing?.p95),
      peak_per_minute: num(peak?.peak),
    },
    activeDays: days.map((d) => ({ day: d.day, events: num(d.events) })),
    recurrence: rec
      ? {
          days_seen: num(rec.days_seen),
          first_seen: String(rec.first_seen),
          last_seen: String(rec.last_seen),
          anomaly_count: num(rec.anomaly_count),
          max_score: num(rec.max_score),
        }
      : null,
    anomalies: anomalies.map((a) => ({
      detected_at: String(a.detected_at),
      entity_type: String(a.entity_type),
      ja4: String(a.ja4),
      model_id: String(a.model_id),
      score: num(a.score),
      threshold: num(a.threshold),
      reasons: (a.reasons as string[]) ?? [],
      state: String(a.state),
    })),
    anomaly_total: num(anomalyTotal?.n),
  };
}
