// Per-JA4 signals over a window (default the last hour), computed the way large bot-management
// services publish "JA4 signals": how much of a fingerprint's traffic looks like browsers, how
// diverse its User-Agents and paths are, how big it is relative to every other fingerprint
// (ranks and quantiles of requests and IPs), and its HTTP/2-3 share. Shown beside the score: a
// JA4 with thousands of IPs, one path and no browser traffic is a kit, whatever each IP does.
import type { ClickHouseClient } from '@clickhouse/client';
import { windowRows, type WindowQuery } from './window-query.js';

export interface Ja4Signal {
  ja4: string;
  requests: number;
  ips: number;
  /** Share of requests whose User-Agent names a browser (Chrome/Firefox/Safari/Edge...). */
  browser_share: number;
  ua_count: number;
  path_count: number;
  /** Share of requests over HTTP/2 or HTTP/3. */
  h2h3_share: number;
  /** 1 = most requests / most IPs among the window's JA4s. */
  requests_rank: number;
  ips_rank: number;
  uas_rank: number;
  paths_rank: number;
  /** 0..1: share of JA4s with fewer requests / IPs. */
  requests_quantile: number;
  ips_quantile: number;
}

export const JA4_SIGNALS_SQL = `
SELECT
  ja4, requests, ips, browser_share, ua_count, path_count, h2h3_share,
  rank() OVER (ORDER BY requests DESC) AS requests_rank,
  rank() OVER (ORDER BY ips DESC) AS ips_rank,
  rank() OVER (ORDER BY ua_count DESC) AS uas_rank,
  rank() OVER (ORDER BY path_count DESC) AS paths_rank,
  percent_rank() OVER (ORDER BY requests ASC) AS requests_quantile,
  percent_rank() OVER (ORDER BY ips ASC) AS ips_quantile
FROM
(
  SELECT
    toString(ja4) AS ja4,
    count() AS requests,
    uniqExact(src_ip) AS ips,
    countIf(match(user_agent, 'Chrome/|Chromium/|Firefox/|Safari/|Edg/')
            AND NOT match(user_agent, '(?i)(curl|wget|python|go-http|bot|spider|crawl|headless)')) / requests AS browser_share,
    uniqExact(user_agent) AS ua_count,
    uniqExact(path) AS path_count,
    countIf(http_version IN ('2', '3')) / requests AS h2h3_share
  FROM {src:Identifier}
  WHERE ts >= {start:DateTime64(3)} AND ts < {end:DateTime64(3)}
    AND correlation != 'handshake-only' AND ja4 != ''
  GROUP BY ja4
)
ORDER BY requests DESC, ja4
LIMIT {limit:UInt32}`;

export async function ja4Signals(client: ClickHouseClient, q: WindowQuery): Promise<Ja4Signal[]> {
  const rows = await windowRows<Record<string, unknown>>(client, JA4_SIGNALS_SQL, q);
  return rows.map((r) => ({
    ja4: String(r.ja4),
    requests: Number(r.requests),
    ips: Number(r.ips),
    browser_share: Number(r.browser_share),
    ua_count: Number(r.ua_count),
    path_count: Number(r.path_count),
    h2h3_share: Number(r.h2h3_share),
    requests_rank: Number(r.requests_rank),
    ips_rank: Number(r.ips_rank),
    uas_rank: Number(r.uas_rank),
    paths_rank: Number(r.paths_rank),
    requests_quantile: Number(r.requests_quantile),
    ips_quantile: Number(r.ips_quantile),
  }));
}
