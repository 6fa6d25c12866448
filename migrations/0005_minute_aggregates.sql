-- Per-minute aggregates, AggregatingMergeTree fed by materialized views on insert. The detector's
-- features and the overview/profile charts read these instead of the raw tables.
-- Read them with the -Merge combinators (uniqMerge(src_ips), entropyMerge(path_entropy), ...) and
-- sum() for the SimpleAggregateFunction columns, GROUP BY the key. Retention: {{aggregate_ttl_days}} days.

-- By client IP. ORDER BY (src_ip, minute) serves per-IP feature windows and the IP profile timeline.
CREATE TABLE IF NOT EXISTS {{local agg_src_ip_1m}} {{on_cluster}}
(
    minute              DateTime('UTC') CODEC(DoubleDelta, ZSTD(1)),
    src_ip              IPv6,
    handshakes          SimpleAggregateFunction(sum, UInt64),
    requests            SimpleAggregateFunction(sum, UInt64),
    handshake_only      SimpleAggregateFunction(sum, UInt64),
    status_4xx          SimpleAggregateFunction(sum, UInt64),
    status_5xx          SimpleAggregateFunction(sum, UInt64),
    header_count_sum    SimpleAggregateFunction(sum, UInt64),
    no_accept_language  SimpleAggregateFunction(sum, UInt64),
    no_cookie           SimpleAggregateFunction(sum, UInt64),
    http1               SimpleAggregateFunction(sum, UInt64),
    http2               SimpleAggregateFunction(sum, UInt64),
    http3               SimpleAggregateFunction(sum, UInt64),
    bytes_out           SimpleAggregateFunction(sum, UInt64),
    paths               AggregateFunction(uniq, String),
    path_entropy        AggregateFunction(entropy, String),
    ja4s                AggregateFunction(uniq, String),
    user_agents         AggregateFunction(uniq, String),
    first_seen          AggregateFunction(min, DateTime64(6, 'UTC')),
    last_seen           AggregateFunction(max, DateTime64(6, 'UTC')),
    -- retention counts from the last time the row was added to (imports of old captures survive)
    ingested_at         SimpleAggregateFunction(max, DateTime) DEFAULT now()
)
ENGINE = {{engine AggregatingMergeTree}}
PARTITION BY toDate(minute)
ORDER BY (src_ip, minute)
TTL ingested_at + INTERVAL {{aggregate_ttl_days}} DAY
SETTINGS ttl_only_drop_parts = 1;

{{distributed agg_src_ip_1m sipHash64(src_ip)}};

CREATE MATERIALIZED VIEW IF NOT EXISTS {{local mv_agg_src_ip_1m_handshakes}} {{on_cluster}}
TO {{local agg_src_ip_1m}} AS
SELECT toStartOfMinute(ts) AS minute, src_ip,
       count() AS handshakes,
       uniqState(ja4) AS ja4s,
       minState(ts) AS first_seen, maxState(ts) AS last_seen
FROM {{local tls_handshakes}}
GROUP BY minute, src_ip;

CREATE MATERIALIZED VIEW IF NOT EXISTS {{local mv_agg_src_ip_1m_requests}} {{on_cluster}}
TO {{local agg_src_ip_1m}} AS
SELECT toStartOfMinute(ts) AS minute, src_ip,
       countIf(correlation != 'handshake-only') AS requests,
       countIf(correlation = 'handshake-only') AS handshake_only,
       countIf(status >= 400 AND status < 500) AS status_4xx,
       countIf(status >= 500 AND status < 600) AS status_5xx,
       sum(header_count) AS header_count_sum,
       countIf(correlation != 'handshake-only' AND NOT has_accept_language) AS no_accept_language,
       countIf(correlation != 'handshake-only' AND NOT has_cookie) AS no_cookie,
       countIf(http_version IN ('1.0', '1.1')) AS http1,
       countIf(http_version = '2') AS http2,
       countIf(http_version = '3') AS http3,
       sum(bytes_out) AS bytes_out,
       uniqStateIf(path, correlation != 'handshake-only') AS paths,
       entropyStateIf(path, correlation != 'handshake-only') AS path_entropy,
       uniqStateIf(user_agent, correlation != 'handshake-only') AS user_agents,
       minState(ts) AS first_seen, maxState(ts) AS last_seen
FROM {{local http_logs}}
GROUP BY minute, src_ip;

-- By JA4. ORDER BY (ja4, minute) serves the fingerprint profile and "top JA4s over a window"
-- (the daily partition limits the scan to the window, the key keeps each JA4's minutes together).
CREATE TABLE IF NOT EXISTS {{local agg_ja4_1m}} {{on_cluster}}
(
    minute        DateTime('UTC') CODEC(DoubleDelta, ZSTD(1)),
    ja4           LowCardinality(String),
    handshakes    SimpleAggregateFunction(sum, UInt64),
    requests      SimpleAggregateFunction(sum, UInt64),
    browser_ua    SimpleAggregateFunction(sum, UInt64),
    http2plus     SimpleAggregateFunction(sum, UInt64),
    status_4xx    SimpleAggregateFunction(sum, UInt64),
    status_5xx    SimpleAggregateFunction(sum, UInt64),
    src_ips       AggregateFunction(uniq, IPv6),
    user_agents   AggregateFunction(uniq, String),
    paths         AggregateFunction(uniq, String),
    hosts         AggregateFunction(uniq, String),
    snis          AggregateFunction(uniq, String),
    first_seen    AggregateFunction(min, DateTime64(6, 'UTC')),
    last_seen     AggregateFunction(max, DateTime64(6, 'UTC')),
    -- retention counts from the last time the row was added to (imports of old captures survive)
    ingested_at   SimpleAggregateFunction(max, DateTime) DEFAULT now()
)
ENGINE = {{engine AggregatingMergeTree}}
PARTITION BY toDate(minute)
ORDER BY (ja4, minute)
TTL ingested_at + INTERVAL {{aggregate_ttl_days}} DAY
SETTINGS ttl_only_drop_parts = 1;

{{distributed agg_ja4_1m sipHash64(ja4)}};

CREATE MATERIALIZED VIEW IF NOT EXISTS {{local mv_agg_ja4_1m_handshakes}} {{on_cluster}}
TO {{local agg_ja4_1m}} AS
SELECT toStartOfMinute(ts) AS minute, ja4,
       count() AS handshakes,
       uniqState(src_ip) AS src_ips,
       uniqState(tls_server_name) AS snis,
       minState(ts) AS first_seen, maxState(ts) AS last_seen
FROM {{local tls_handshakes}}
WHERE ja4 != ''
GROUP BY minute, ja4;

CREATE MATERIALIZED VIEW IF NOT EXISTS {{local mv_agg_ja4_1m_requests}} {{on_cluster}}
TO {{local agg_ja4_1m}} AS
SELECT toStartOfMinute(ts) AS minute, ja4,
       countIf(correlation != 'handshake-only') AS requests,
       countIf(correlation != 'handshake-only' AND match(user_agent, '^Mozilla/5\\.0 ')) AS browser_ua,
       countIf(http_version IN ('2', '3')) AS http2plus,
       countIf(status >= 400 AND status < 500) AS status_4xx,
       countIf(status >= 500 AND status < 600) AS status_5xx,
       uniqStateIf(user_agent, correlation != 'handshake-only') AS user_agents,
       uniqStateIf(path, correlation != 'handshake-only') AS paths,
       uniqStateIf(host, correlation != 'handshake-only') AS hosts,
       minState(ts) AS first_seen, maxState(ts) AS last_seen
FROM {{local http_logs}}
WHERE ja4 != ''
GROUP BY minute, ja4;

-- By (JA4, User-Agent). ORDER BY (ja4, user_agent, minute) serves "which User-Agents claim this
-- fingerprint" and the UA/JA4 mismatch feature.
CREATE TABLE IF NOT EXISTS {{local agg_ja4_ua_1m}} {{on_cluster}}
(
    minute        DateTime('UTC') CODEC(DoubleDelta, ZSTD(1)),
    ja4           LowCardinality(String),
    user_agent    String,
    requests      SimpleAggregateFunction(sum, UInt64),
    src_ips       AggregateFunction(uniq, IPv6),
    paths         AggregateFunction(uniq, String),
    first_seen    AggregateFunction(min, DateTime64(6, 'UTC')),
    last_seen     AggregateFunction(max, DateTime64(6, 'UTC')),
    -- retention counts from the last time the row was added to (imports of old captures survive)
    ingested_at   SimpleAggregateFunction(max, DateTime) DEFAULT now()
)
ENGINE = {{engine AggregatingMergeTree}}
PARTITION BY toDate(minute)
ORDER BY (ja4, user_agent, minute)
TTL ingested_at + INTERVAL {{aggregate_ttl_days}} DAY
SETTINGS ttl_only_drop_parts = 1;

{{distributed agg_ja4_ua_1m sipHash64(ja4)}};

CREATE MATERIALIZED VIEW IF NOT EXISTS {{local mv_agg_ja4_ua_1m}} {{on_cluster}}
TO {{local agg_ja4_ua_1m}} AS
SELECT toStartOfMinute(ts) AS minute, ja4, user_agent,
       count() AS requests,
       uniqState(src_ip) AS src_ips,
       uniqState(path) AS paths,
       minState(ts) AS first_seen, maxState(ts) AS last_seen
FROM {{local http_logs}}
WHERE ja4 != '' AND correlation != 'handshake-only'
GROUP BY minute, ja4, user_agent;

-- migrate:down
DROP VIEW IF EXISTS {{local mv_agg_ja4_ua_1m}} {{on_cluster}} SYNC;
DROP TABLE IF EXISTS {{table agg_ja4_ua_1m}} {{on_cluster}} SYNC;
DROP TABLE IF EXISTS {{local agg_ja4_ua_1m}} {{on_cluster}} SYNC;
DROP VIEW IF EXISTS {{local mv_agg_ja4_1m_requests}} {{on_cluster}} SYNC;
DROP VIEW IF EXISTS {{local mv_agg_ja4_1m_handshakes}} {{on_cluster}} SYNC;
DROP TABLE IF EXISTS {{table agg_ja4_1m}} {{on_cluster}} SYNC;
DROP TABLE IF EXISTS {{local agg_ja4_1m}} {{on_cluster}} SYNC;
DROP VIEW IF EXISTS {{local mv_agg_src_ip_1m_requests}} {{on_cluster}} SYNC;
DROP VIEW IF EXISTS {{local mv_agg_src_ip_1m_handshakes}} {{on_cluster}} SYNC;
DROP TABLE IF EXISTS {{table agg_src_ip_1m}} {{on_cluster}} SYNC;
DROP TABLE IF EXISTS {{local agg_src_ip_1m}} {{on_cluster}} SYNC;
