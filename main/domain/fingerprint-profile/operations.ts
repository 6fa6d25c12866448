// Fingerprint profile: one JA4 across handshakes, requests and the per-minute aggregates. The JA4
// reads use the tables' bloom-filter skip indexes; hourly signals and ranks read agg_ja4_1m.
import type { ClickHouseClient } from '@clickhouse/client';
import type { FingerprintProfile } from '../../../common/api/fingerprint-profile.js';
import type { Counted, TimeWindow } from '../../../common/api/time-range.js';
import {
  counted,
  type CountRow,
  inWindow,
  isoTs,
  minutesInWindow,
  num,
  numOrNull,
  rows,
  showIp,
  windowParams,
} from '../../core/sql-parts.js';
import { tlsConnections } from '../../core/connections-sql.js';
import { labelCounted } from './known-labels.js';
import { ja4Knowledge } from '../fingerprint-knowledge/lookup.js';
import { labelServerAnswers } from '../fingerprint-knowledge/server-answers.js';

const ME = 'ja4 = {ja4:String}';

export async function fingerprintProfile(
  ch: ClickHouseClient,
  input: { ja4: string; window: TimeWindow },
): Promise<FingerprintProfile> {
  const p = { ...windowParams(input.window), ja4: input.ja4, b: input.ja4.split('_')[1] ?? '' };
  // Independent reads start together; each is awaited where its result is needed.
  const rawQ = rows<{ ja4_r: string }>(
    ch,
    `SELECT ja4_r FROM (
       SELECT ja4_r FROM tls_handshakes WHERE ${ME} AND ja4_r != '' LIMIT 1
       UNION ALL
       SELECT ja4_r FROM http_logs WHERE ${ME} AND ja4_r != '' LIMIT 1) LIMIT 1`,
    p,
  );
  const knownQ = ja4Knowledge(ch, input.ja4);
  const totQ = rows<Record<string, unknown>>(
    ch,
    `SELECT sum(handshakes) AS h, sum(requests) AS r, uniqMerge(src_ips) AS ips
     FROM agg_ja4_1m WHERE ${ME} AND ${minutesInWindow()}`,
    p,
  );
  const everQ = rows<Record<string, unknown>>(
    ch,
    `SELECT count() AS n, ${isoTs('minMerge(first_seen)')} AS first, ${isoTs('maxMerge(last_seen)')} AS last
     FROM agg_ja4_1m WHERE ${ME}`,
    p,
  );
  const hourlyQ = rows<Record<string, unknown>>(
    ch,
    `SELECT formatDateTime(toStartOfHour(minute), '%Y-%m-%dT%H:00:00Z', 'UTC') AS hour,
            sum(handshakes) AS h, sum(requests) AS r, sum(browser_ua) AS b,
            uniqMerge(user_agents) AS uas, uniqMerge(paths) AS paths, uniqMerge(src_ips) AS ips
     FROM agg_ja4_1m WHERE ${ME} AND ${minutesInWindow()}
     GROUP BY hour ORDER BY hour DESC LIMIT 720`,
    p,
  );
  const rankQ = rows<Record<string, unknown>>(
    ch,
    `SELECT count() AS of, max(ja4 = {ja4:String}) AS present,
            countIf(events > me_events) + 1 AS by_events, countIf(ips > me_ips) + 1 AS by_ips
     FROM (SELECT ja4, sum(handshakes) + sum(requests) AS events, uniqMerge(src_ips) AS ips
           FROM agg_ja4_1m WHERE ${minutesInWindow()} GROUP BY ja4) AS per
     CROSS JOIN (SELECT sum(handshakes) + sum(requests) AS me_events, uniqMerge(src_ips) AS me_ips
           FROM agg_ja4_1m WHERE ${ME} AND ${minutesInWindow()}) AS me`,
    p,
  );
  // A read that fails before its turn must not be an unhandled rejection; it rethrows at its await.
  for (const q of [rawQ, knownQ, totQ, everQ, hourlyQ, rankQ]) q.catch(() => undefined);

  const [raw] = await rawQ;
  const knowledge = await knownQ;
  const [tot] = await totQ;
  const [ever] = await everQ;
  // Connections come from the capture (tls_handshakes) and from correlated requests (http_logs,
  // one connection per conn_id); a connection may be in both, so per value the larger count wins.
  const top = async (expr: string): Promise<Counted[]> =>
    (
      await rows<CountRow>(
        ch,
        `SELECT value, max(c) AS count FROM (
           SELECT ${expr} AS value, count() AS c FROM ${tlsConnections(`${ME} AND ${inWindow('ts')}`)}
           GROUP BY value
           UNION ALL
           SELECT ${expr} AS value, uniqExact(conn_id) AS c FROM http_logs
           WHERE ${ME} AND ${inWindow('ts')} GROUP BY value)
         GROUP BY value HAVING value != '' ORDER BY count DESC, value LIMIT 20`,
        p,
      )
    ).map(counted);
  // The per-value reads are independent too: they run together, then their labels together.
  const [ips, snis, ja4s, ja3, ja4x, userAgents, family] = await Promise.all([
    top(showIp('src_ip')),
    top('tls_server_name'),
    top('toString(ja4s)'),
    top('toString(ja3)'),
    top('arrayJoin(ja4x)'),
    rows<CountRow>(
      ch,
      `SELECT user_agent AS value, sum(requests) AS count FROM agg_ja4_ua_1m
       WHERE ${ME} AND ${minutesInWindow()} GROUP BY value ORDER BY count DESC, value LIMIT 20`,
      p,
    ).then((r) => r.map(counted)),
    rows<CountRow>(
      ch,
      `SELECT ja4 AS value, sum(handshakes) + sum(requests) AS count FROM agg_ja4_1m
       WHERE splitByChar('_', toString(ja4))[2] = {b:String} AND ja4 != {ja4:String} AND ${minutesInWindow()}
       GROUP BY ja4 ORDER BY count DESC, value LIMIT 50`,
      p,
    ).then((r) => r.map(counted)),
  ]);
  await Promise.all([
    // A server answer is named only beside the client it was seen answering (server-answers.ts).
    labelServerAnswers(ch, input.ja4, ja4s),
    labelCounted(ch, 'ja4x', ja4x),
    labelCounted(ch, 'ja4', family),
  ]);

  const hourly = await hourlyQ;
  const [rank] = await rankQ;

  const present = num(rank?.present) > 0;
  return {
    ja4: input.ja4,
    ja4_r: raw?.ja4_r ?? '',
    known: knowledge.confidence === 'exact' ? knowledge.entries : [],
    knowledge,
    totals: {
      handshakes: num(tot?.h),
      requests: num(tot?.r),
      ips: num(tot?.ips),
      first_seen: num(ever?.n) > 0 ? String(ever!.first) : null,
      last_seen: num(ever?.n) > 0 ? String(ever!.last) : null,
    },
    ips,
    userAgents,
    snis,
    ja4s,
    ja4x,
    ja3,
    hourly: hourly.reverse().map((h) => ({
      hour: String(h.hour),
      handshakes: num(h.h),
      requests: num(h.r),
      browser_share: num(h.r) > 0 ? num(h.b) / num(h.r) : null,
      user_agents: num(h.uas),
      paths: num(h.paths),
      ips: num(h.ips),
    })),
    ranks: {
      by_events: present ? numOrNull(rank?.by_events) : null,
      by_ips: present ? numOrNull(rank?.by_ips) : null,
      of: num(rank?.of),
    },
    family,
  };
}
