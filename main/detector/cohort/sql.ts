// The two queries behind the cohort and NAT features, over the raw http_logs rows of the window.
// The per-minute aggregates (features/sql.ts) keep neither the User-Agent per path nor request
// times per UA, which a cohort cut by JA4 + User-Agent or JA4 + path class needs; the window is
// bounded (an hour by default), so the scan stays one ORDER BY (src_ip, ts) range per daily part.
//
// GROUPS: one row per (src_ip, ja4, user_agent, path class) with counts, the UA's and the JA4's
// client families, and the gaps between its requests (sorted times: count, sum, sum of squares)
// so a timing CV can be pooled over any set of rows exactly.
// PATHS: one row per (ja4, user_agent, path class, path): requests and IPs, for the path
// concentration of every cohort.
//
// Parameters: src (Identifier), start/end (DateTime64(3)), allow_ips / allow_cidrs / allow_ja4,
// fam_keys / fam_vals (see features/ja4-families.ts).
import { displayIp, ja4Family, notAllowlisted, uaFamily } from '../features/sql-fragments.js';
import { pathClassSql } from './path-class.js';

const WINDOW = `
    SELECT
      ${displayIp('src_ip')} AS ip,
      toString(ja4) AS j,
      user_agent AS ua,
      ${pathClassSql('path')} AS pclass,
      path, method, status, has_cookie, has_accept_language, header_count, http_version, ts
    FROM {src:Identifier}
    WHERE ts >= {start:DateTime64(3)} AND ts < {end:DateTime64(3)}
      AND correlation != 'handshake-only'`;

export const COHORT_GROUPS_SQL = `
SELECT src_ip, ja4, ua, pclass, ua_family, ja4_family, n, n4xx, posts, no_cookie, no_lang, http1,
       headers, paths, top_path, top_path_n, gap_n, gap_sum, gap_sq, first_ms
FROM
(
SELECT
  ip AS src_ip,
  j AS ja4,
  ua,
  pclass,
  ${uaFamily('ua')} AS ua_family,
  ${ja4Family('j')} AS ja4_family,
  count() AS n,
  countIf(status >= 400 AND status < 500) AS n4xx,
  countIf(method = 'POST') AS posts,
  countIf(NOT has_cookie) AS no_cookie,
  countIf(NOT has_accept_language) AS no_lang,
  countIf(http_version IN ('1.0', '1.1', '0.9')) AS http1,
  sum(header_count) AS headers,
  sumMap(map(path, toUInt64(1))) AS pm,
  length(mapKeys(pm)) AS paths,
  arrayMax(mapValues(pm)) AS top_path_n,
  mapKeys(pm)[indexOf(mapValues(pm), top_path_n)] AS top_path,
  arraySort(groupArray(toUnixTimestamp64Milli(ts))) AS t,
  arrayDifference(t) AS d,
  toUInt64(length(t) - 1) AS gap_n,
  toInt64(t[-1] - t[1]) AS gap_sum,
  toFloat64(arraySum(arrayMap(g -> toFloat64(g) * g, arrayPopFront(d)))) AS gap_sq,
  t[1] AS first_ms
FROM (${WINDOW}) AS w
WHERE ${notAllowlisted('ip', 'j')}
GROUP BY ip, j, ua, pclass
)
ORDER BY src_ip, ja4, ua, pclass`;

export const COHORT_PATHS_SQL = `
SELECT j AS ja4, ua, pclass, path, count() AS n
FROM (${WINDOW}) AS w
WHERE ${notAllowlisted('ip', 'j')}
GROUP BY j, ua, pclass, path
ORDER BY ja4, ua, pclass, path`;
