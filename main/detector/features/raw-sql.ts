// The feature query over raw rows: per (src_ip, ja4) — or per src_ip with per_ip — over
// [start, end), with IP-level and JA4-level features joined in, read from http_logs
// (migrations/0003). Runs use the aggregate query (sql.ts); this one is the reference it is
// proven against (features/aggregate-vs-raw.test.ts) and the benchmark's baseline. Everything
// variable is a query parameter, including the source table (an Identifier), so no input is ever
// spliced into SQL text. `src_rows` adapts http_logs to the few columns the features need and
// keeps only the last 30 days before the window end (recurrence); `ts` is the partition column,
// so older days are pruned.
//
// Parameters: src (Identifier), start/end (DateTime64(3)), min_requests (UInt32), per_ip (Bool),
// allow_ips / allow_cidrs / allow_ja4 (Array(String)), fam_keys / fam_vals (Array(String): the
// JA4 -> client family mapping, see ja4-families.ts).
import {
  displayIp,
  featureColumns,
  isMismatch,
  ja4Family,
  notAllowlisted,
  uaFamily,
} from './sql-fragments.js';

export const RAW_FEATURE_SQL = `
WITH
  {start:DateTime64(3)} AS w_start,
  {end:DateTime64(3)} AS w_end,
  src_rows AS
  (
    SELECT
      ts AS time,
      ${displayIp('src_ip')} AS src_ip,
      src_port,
      toString(l.ja4) AS real_ja4,
      -- per_ip = 1: one entity per IP (ja4 ''), the fingerprint-level columns still use real_ja4
      if({per_ip:Bool}, '', real_ja4) AS ja4,
      correlation = 'handshake-only' AS handshake_only,
      path,
      toString(http_version) AS http_version,
      status,
      user_agent,
      header_count,
      has_accept_language,
      has_cookie
    FROM {src:Identifier} AS l
    WHERE ts >= {end:DateTime64(3)} - INTERVAL 30 DAY AND ts < {end:DateTime64(3)}
  )
SELECT
${featureColumns({ peak_rpm: 'p', interval_cv: 'e', ip_distinct_ja4: 'i', ja4_ua_distinct: 'j', recurrence_days: 'r' })}
FROM
(
  SELECT
    src_ip,
    ja4,
    countIf(NOT handshake_only) AS requests,
    uniqExactIf(path, NOT handshake_only) AS distinct_paths,
    entropyIf(path, NOT handshake_only) AS path_entropy,
    countIf(NOT handshake_only AND status >= 400 AND status < 500) / requests AS ratio_4xx,
    countIf(NOT handshake_only AND status >= 500 AND status < 600) / requests AS ratio_5xx,
    uniqExactIf(user_agent, NOT handshake_only) AS ua_distinct,
    countIf(NOT handshake_only AND ${isMismatch('ua_family', 'ja4_family')}) / requests AS ua_mismatch_share,
    avgIf(header_count, NOT handshake_only) AS mean_headers,
    countIf(NOT handshake_only AND NOT has_accept_language) / requests AS no_accept_language_share,
    countIf(NOT handshake_only AND NOT has_cookie) / requests AS no_cookie_share,
    countIf(NOT handshake_only AND startsWith(http_version, '1')) / requests AS http1_share,
    arrayPopFront(arrayDifference(arraySort(groupArrayIf(toUnixTimestamp64Milli(time), NOT handshake_only)))) AS gaps,
    if(length(gaps) >= 2 AND arrayReduce('avg', gaps) > 0,
       arrayReduce('stddevPop', gaps) / arrayReduce('avg', gaps), 0) AS interval_cv,
    countIf(handshake_only) / (countIf(handshake_only) + uniqExactIf(src_port, NOT handshake_only)) AS handshake_only_share
  FROM
  (
    SELECT
      *,
      ${uaFamily('user_agent')} AS ua_family,
      ${ja4Family('real_ja4')} AS ja4_family
    FROM src_rows
    WHERE time >= w_start AND time < w_end
      AND ${notAllowlisted('src_ip', 'real_ja4')}
  )
  GROUP BY src_ip, ja4
  HAVING requests >= {min_requests:UInt32}
) AS e
LEFT JOIN
(
  SELECT src_ip, ja4, max(c) AS peak_rpm
  FROM
  (
    SELECT src_ip, ja4, toStartOfMinute(time) AS minute, count() AS c
    FROM src_rows
    WHERE time >= w_start AND time < w_end AND NOT handshake_only
    GROUP BY src_ip, ja4, minute
  )
  GROUP BY src_ip, ja4
) AS p ON p.src_ip = e.src_ip AND p.ja4 = e.ja4
LEFT JOIN
(
  SELECT src_ip, uniqExact(real_ja4) AS ip_distinct_ja4
  FROM src_rows
  WHERE time >= w_start AND time < w_end AND NOT handshake_only
  GROUP BY src_ip
) AS i ON i.src_ip = e.src_ip
LEFT JOIN
(
  SELECT ja4, uniqExact(user_agent) AS ja4_ua_distinct
  FROM src_rows
  WHERE time >= w_start AND time < w_end AND NOT handshake_only
  GROUP BY ja4
) AS j ON j.ja4 = e.ja4
LEFT JOIN
(
  SELECT src_ip, uniqExact(toDate(time)) AS recurrence_days
  FROM src_rows
  WHERE time >= w_end - INTERVAL 30 DAY AND time < w_end AND NOT handshake_only
  GROUP BY src_ip
) AS r ON r.src_ip = e.src_ip
ORDER BY src_ip, ja4`;
