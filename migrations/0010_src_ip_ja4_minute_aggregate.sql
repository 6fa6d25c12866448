-- Per (client IP, JA4) per minute: what the detector's features need (main/detector/features/sql.ts),
-- so a run reads one row per entity and minute instead of every request. AggregatingMergeTree fed
-- by a materialized view on http_logs, same conventions as 0005 (daily partitions, DoubleDelta on
-- the minute, TTL from ingested_at with {{aggregate_ttl_days}} days). Read with sum() for the
-- SimpleAggregateFunction columns (sumMap for user_agents) and -Merge for the states, GROUP BY the
-- key: parts not merged yet hold several rows per key.
--
-- request_ms keeps each request's millisecond within its minute (2 bytes a request): the
-- coefficient of variation of inter-request intervals is not mergeable from fixed-size summaries
-- (a sum of squared gaps between sorted times depends on how two sets interleave), so the query
-- sorts each minute's times and stitches minute boundaries with a window function — exact, see
-- docs/detector.md "Features from the aggregates".
--
-- ORDER BY (toStartOfHour(minute), src_ip, ja4, minute) serves the detector's window query: a 1 h
-- window reads one or two hour ranges of a daily partition instead of the whole day, and within an
-- hour each entity's minutes are contiguous and in time order for the interval stitching.
CREATE TABLE IF NOT EXISTS {{local agg_src_ip_ja4_1m}} {{on_cluster}}
(
    minute              DateTime('UTC') CODEC(DoubleDelta, ZSTD(1)),
    src_ip              IPv6,
    ja4                 LowCardinality(String),
    -- requests = rows that are not handshake-only; every column below but handshake_only counts requests only
    requests            SimpleAggregateFunction(sum, UInt64),
    handshake_only      SimpleAggregateFunction(sum, UInt64),
    status_4xx          SimpleAggregateFunction(sum, UInt64),
    status_5xx          SimpleAggregateFunction(sum, UInt64),
    header_count_sum    SimpleAggregateFunction(sum, UInt64),
    no_accept_language  SimpleAggregateFunction(sum, UInt64),
    no_cookie           SimpleAggregateFunction(sum, UInt64),
    http1               SimpleAggregateFunction(sum, UInt64),
    -- User-Agent -> requests: exact distinct count, and the UA family is derived at query time so the
    -- JA4 family mapping (known_fingerprints) can change without a migration
    user_agents         SimpleAggregateFunction(sumMap, Map(String, UInt64)),
    paths               AggregateFunction(uniqExact, String),
    path_entropy        AggregateFunction(entropy, String),
    -- distinct source ports of requests = connections that carried a request (handshake_only share)
    conn_ports          AggregateFunction(uniqExact, UInt16),
    request_ms          AggregateFunction(groupArray, UInt16),
    -- retention counts from the last time the row was added to (imports of old captures survive)
    ingested_at         SimpleAggregateFunction(max, DateTime) DEFAULT now()
)
ENGINE = {{engine AggregatingMergeTree}}
PARTITION BY toDate(minute)
ORDER BY (toStartOfHour(minute), src_ip, ja4, minute)
TTL ingested_at + INTERVAL {{aggregate_ttl_days}} DAY
SETTINGS ttl_only_drop_parts = 1;

{{distributed agg_src_ip_ja4_1m sipHash64(src_ip)}};

CREATE MATERIALIZED VIEW IF NOT EXISTS {{local mv_agg_src_ip_ja4_1m}} {{on_cluster}}
TO {{local agg_src_ip_ja4_1m}} AS
SELECT toStartOfMinute(ts) AS minute, src_ip, ja4,
       countIf(correlation != 'handshake-only') AS requests,
       countIf(correlation = 'handshake-only') AS handshake_only,
       countIf(correlation != 'handshake-only' AND status >= 400 AND status < 500) AS status_4xx,
       countIf(correlation != 'handshake-only' AND status >= 500 AND status < 600) AS status_5xx,
       sumIf(toUInt64(header_count), correlation != 'handshake-only') AS header_count_sum,
       countIf(correlation != 'handshake-only' AND NOT has_accept_language) AS no_accept_language,
       countIf(correlation != 'handshake-only' AND NOT has_cookie) AS no_cookie,
       countIf(correlation != 'handshake-only' AND startsWith(http_version, '1')) AS http1,
       sumMapIf(map(user_agent, toUInt64(1)), correlation != 'handshake-only') AS user_agents,
       uniqExactStateIf(path, correlation != 'handshake-only') AS paths,
       entropyStateIf(path, correlation != 'handshake-only') AS path_entropy,
       uniqExactStateIf(src_port, correlation != 'handshake-only') AS conn_ports,
       groupArrayStateIf(toUInt16(toUnixTimestamp64Milli(ts) % 60000), correlation != 'handshake-only') AS request_ms
FROM {{local http_logs}}
GROUP BY minute, src_ip, ja4;

-- Backfill: the view only sees rows inserted after it exists, so fold in what http_logs already
-- holds (the same SELECT). Migrations run before the writers start (daemon start, `ja4ws migrate
-- up`), so no row is counted twice or missed; on a shared server, stop other writers during the
-- upgrade. Through the Distributed tables on a cluster, so each row lands on its IP's shard.
INSERT INTO {{table agg_src_ip_ja4_1m}}
    (minute, src_ip, ja4, requests, handshake_only, status_4xx, status_5xx, header_count_sum,
     no_accept_language, no_cookie, http1, user_agents, paths, path_entropy, conn_ports, request_ms)
SELECT toStartOfMinute(ts) AS minute, src_ip, ja4,
       countIf(correlation != 'handshake-only') AS requests,
       countIf(correlation = 'handshake-only') AS handshake_only,
       countIf(correlation != 'handshake-only' AND status >= 400 AND status < 500) AS status_4xx,
       countIf(correlation != 'handshake-only' AND status >= 500 AND status < 600) AS status_5xx,
       sumIf(toUInt64(header_count), correlation != 'handshake-only') AS header_count_sum,
       countIf(correlation != 'handshake-only' AND NOT has_accept_language) AS no_accept_language,
       countIf(correlation != 'handshake-only' AND NOT has_cookie) AS no_cookie,
       countIf(correlation != 'handshake-only' AND startsWith(http_version, '1')) AS http1,
       sumMapIf(map(user_agent, toUInt64(1)), correlation != 'handshake-only') AS user_agents,
       uniqExactStateIf(path, correlation != 'handshake-only') AS paths,
       entropyStateIf(path, correlation != 'handshake-only') AS path_entropy,
       uniqExactStateIf(src_port, correlation != 'handshake-only') AS conn_ports,
       groupArrayStateIf(toUInt16(toUnixTimestamp64Milli(ts) % 60000), correlation != 'handshake-only') AS request_ms
FROM {{table http_logs}}
GROUP BY minute, src_ip, ja4;

-- migrate:down
DROP VIEW IF EXISTS {{local mv_agg_src_ip_ja4_1m}} {{on_cluster}} SYNC;
DROP TABLE IF EXISTS {{table agg_src_ip_ja4_1m}} {{on_cluster}} SYNC;
DROP TABLE IF EXISTS {{local agg_src_ip_ja4_1m}} {{on_cluster}} SYNC;
