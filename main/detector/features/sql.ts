// The feature query: per (src_ip, ja4) — or per src_ip with per_ip — over [start, end), with
// IP-level and JA4-level features joined in, computed from the per-minute aggregates:
//   agg_src_ip_ja4_1m (migrations/0010) — every entity feature, the IP's distinct JA4s and the
//     JA4's distinct User-Agents (per_ip merges an IP's JA4 rows: every column is mergeable);
//   agg_src_ip_1m (migrations/0005) — recurrence days over the 30 days before the window end.
// The window must be whole minutes (compute.ts aligns it). Results equal the raw-row query
// (raw-sql.ts) feature by feature; features/aggregate-vs-raw.test.ts proves it on generated traffic.
//
// Two passes over the window's rows: `e` merges every state once per entity (merging per minute
// first and again per entity cost 3x); `t` groups by minute only for the request times. interval_cv
// is exact: each (entity, minute) row holds its requests' milliseconds; `per_minute` sorts them
// (n, first, last, sum of squared gaps inside the minute), and a window function brings the
// previous non-empty minute's last time so the gap across each minute boundary is added. With
// k = n - 1 gaps summing to S (= last - first) with squares Q,
// CV = stddevPop / mean = sqrt(k·Q − S²) / S, computed in Int128 so nothing cancels.
//
// Parameters: agg (Identifier: agg_src_ip_ja4_1m), agg_ip (Identifier: agg_src_ip_1m),
// start/end (DateTime64(3)), min_requests (UInt32), per_ip (Bool), allow_ips / allow_cidrs /
// allow_ja4 (Array(String)), fam_keys / fam_vals (Array(String): see ja4-families.ts).
import {
  displayIp,
  featureColumns,
  isMismatch,
  ja4Family,
  notAllowlisted,
  uaFamily,
} from './sql-fragments.js';

export const FEATURE_SQL = `
WITH
  {start:DateTime64(3)} AS w_start,
  {end:DateTime64(3)} AS w_end,
  win AS
  (
    SELECT
      minute,
      ${displayIp('src_ip')} AS src_ip,
      toString(a.ja4) AS real_ja4,
      -- per_ip = 1: one entity per IP (ja4 ''), the fingerprint-level columns still use real_ja4
      if({per_ip:Bool}, '', real_ja4) AS ja4,
      requests, handshake_only, status_4xx, status_5xx, header_count_sum,
      no_accept_language, no_cookie, http1, user_agents, paths, path_entropy, conn_ports, request_ms
    FROM {agg:Identifier} AS a
    WHERE minute >= w_start AND minute < w_end
  ),
  -- The entity's rows after the allowlists, with the JA4's client family.
  kept AS
  (
    SELECT *, ${ja4Family('real_ja4')} AS ja4_family
    FROM win
    WHERE ${notAllowlisted('src_ip', 'real_ja4')}
  ),
  -- One row per entity and minute (unmerged parts hold several rows per key) with the minute's
  -- request times sorted: their count, first, last and the squared gaps between them.
  per_minute AS
  (
    SELECT
      src_ip,
      ja4,
      minute,
      sum(requests) AS req,
      arraySort(arrayMap(x -> toInt64(toUnixTimestamp(minute)) * 1000 + x, groupArrayMerge(request_ms))) AS ts,
      length(ts) AS n,
      ts[1] AS t_first,
      ts[-1] AS t_last,
      arraySum(arrayMap(g -> g * g, arrayDifference(ts))) AS sq_inside
    FROM kept
    GROUP BY src_ip, ja4, minute
  ),
  stitched AS
  (
    SELECT
      *,
      -- times grow with the minute, so the running max of earlier minutes' last times is the
      -- previous non-empty minute's last request (0: none, or this minute has no request)
      if(n > 0, max(t_last) OVER (PARTITION BY src_ip, ja4 ORDER BY minute
                                  ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS prev_last,
      if(prev_last > 0, t_first - prev_last, 0) AS gap_before
    FROM per_minute
  )
SELECT
${featureColumns({ peak_rpm: 't', interval_cv: 't', ip_distinct_ja4: 'i', ja4_ua_distinct: 'j', recurrence_days: 'r' })}
FROM
(
  SELECT
    src_ip,
    ja4,
    sum(requests) AS requests,
    uniqExactMerge(paths) AS distinct_paths,
    entropyMerge(path_entropy) AS path_entropy,
    sum(status_4xx) / requests AS ratio_4xx,
    sum(status_5xx) / requests AS ratio_5xx,
    length(sumMap(user_agents)) AS ua_distinct,
    -- the JA4's family is known per row (real_ja4); each UA's family from the map's keys
    sum(arraySum((ua, c) -> if(${isMismatch(uaFamily('ua'), 'ja4_family')}, c, 0),
                 mapKeys(user_agents), mapValues(user_agents))) / requests AS ua_mismatch_share,
    sum(header_count_sum) / requests AS mean_headers,
    sum(no_accept_language) / requests AS no_accept_language_share,
    sum(no_cookie) / requests AS no_cookie_share,
    sum(http1) / requests AS http1_share,
    sum(handshake_only) / (sum(handshake_only) + uniqExactMerge(conn_ports)) AS handshake_only_share
  FROM kept
  GROUP BY src_ip, ja4
  HAVING requests >= {min_requests:UInt32}
) AS e
LEFT JOIN
(
  SELECT
    src_ip,
    ja4,
    max(req) AS peak_rpm,
    toInt128(sum(n)) - 1 AS gaps,
    toInt128(max(t_last) - minIf(t_first, n > 0)) AS gap_sum,
    toInt128(sum(sq_inside)) + toInt128(sum(gap_before * gap_before)) AS gap_sq,
    if(gaps >= 2 AND gap_sum > 0, sqrt(toFloat64(gaps * gap_sq - gap_sum * gap_sum)) / toFloat64(gap_sum), 0)
      AS interval_cv
  FROM stitched
  GROUP BY src_ip, ja4
) AS t ON t.src_ip = e.src_ip AND t.ja4 = e.ja4
LEFT JOIN
(
  SELECT src_ip, uniqExactIf(real_ja4, requests > 0) AS ip_distinct_ja4
  FROM win
  GROUP BY src_ip
) AS i ON i.src_ip = e.src_ip
LEFT JOIN
(
  SELECT ja4, uniqExactArray(mapKeys(user_agents)) AS ja4_ua_distinct
  FROM win
  GROUP BY ja4
) AS j ON j.ja4 = e.ja4
LEFT JOIN
(
  SELECT ${displayIp('src_ip')} AS src_ip, uniqExactIf(toDate(minute), requests > 0) AS recurrence_days
  FROM {agg_ip:Identifier}
  WHERE minute >= w_end - INTERVAL 30 DAY AND minute < w_end
  GROUP BY src_ip
) AS r ON r.src_ip = e.src_ip
ORDER BY src_ip, ja4`;
