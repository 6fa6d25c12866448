-- The handshake side of the per-IP minute aggregate gets its own narrow table (issue 4: insert
-- cost). mv_agg_src_ip_1m_handshakes wrote count / uniq(ja4) / min / max into agg_src_ip_1m, whose
-- 20 columns include the request side's AggregateFunction states (paths, path_entropy,
-- user_agents, ...): every handshake row carried default states for them, created, serialized and
-- merged, in a Wide part. Measured on 2 vCPU (chDB 3.4, 1 M handshakes in 100,000-row blocks): that
-- view cost 2-3 CPU-s per 1 M rows, the same view into this 7-column table ~0.5 CPU-s; with 0012's
-- Compact parts the whole insert went from 4.5-5 s wall / 6 CPU-s to 2.0-2.2 s / 3.2-3.4 CPU-s.
-- first_seen/last_seen are plain min/max (SimpleAggregateFunction): cheaper than min/maxState.
--
-- No data moves: agg_src_ip_1m keeps the handshakes counted before this migration (and the
-- request side). Readers go through view_src_ip_1m, the UNION ALL of both tables with every
-- column a plain value, and aggregate over it (sum(handshakes), min(first_seen), ... GROUP BY).
-- ORDER BY (src_ip, minute) as agg_src_ip_1m: the IP profile's range read and the per-IP
-- GROUP BY. Same retention as the other aggregates ({{aggregate_ttl_days}} days from ingested_at).
CREATE TABLE IF NOT EXISTS {{local agg_src_ip_handshakes_1m}} {{on_cluster}}
(
    minute       DateTime('UTC') CODEC(DoubleDelta, ZSTD(1)),
    src_ip       IPv6,
    handshakes   SimpleAggregateFunction(sum, UInt64),
    ja4s         AggregateFunction(uniq, String),
    first_seen   SimpleAggregateFunction(min, DateTime64(6, 'UTC')),
    last_seen    SimpleAggregateFunction(max, DateTime64(6, 'UTC')),
    -- retention counts from the last time the row was added to (imports of old captures survive)
    ingested_at  SimpleAggregateFunction(max, DateTime) DEFAULT now()
)
ENGINE = {{engine AggregatingMergeTree}}
PARTITION BY toDate(minute)
ORDER BY (src_ip, minute)
TTL ingested_at + INTERVAL {{aggregate_ttl_days}} DAY
SETTINGS ttl_only_drop_parts = 1, min_rows_for_wide_part = 262144;

{{distributed agg_src_ip_handshakes_1m sipHash64(src_ip)}};

-- Migrations run before the writers start (as 0010), so no handshake is missed or counted twice
-- between the two statements.
DROP VIEW IF EXISTS {{local mv_agg_src_ip_1m_handshakes}} {{on_cluster}} SYNC;

CREATE MATERIALIZED VIEW IF NOT EXISTS {{local mv_agg_src_ip_handshakes_1m}} {{on_cluster}}
TO {{local agg_src_ip_handshakes_1m}} AS
SELECT toStartOfMinute(ts) AS minute, src_ip,
       count() AS handshakes,
       uniqState(ja4) AS ja4s,
       min(ts) AS first_seen, max(ts) AS last_seen
FROM {{local tls_handshakes}}
GROUP BY minute, src_ip;

-- One row per stored row of either table (parts not merged yet hold several rows per key):
-- aggregate over it. requests is 0 on the handshake side; handshakes is 0 on agg_src_ip_1m's rows
-- written after this migration.
CREATE OR REPLACE VIEW {{db}}.view_src_ip_1m {{on_cluster}} AS
SELECT minute, src_ip,
       toUInt64(handshakes) AS handshakes,
       toUInt64(requests) AS requests,
       finalizeAggregation(first_seen) AS first_seen,
       finalizeAggregation(last_seen) AS last_seen
FROM {{table agg_src_ip_1m}}
UNION ALL
SELECT minute, src_ip,
       toUInt64(handshakes) AS handshakes,
       toUInt64(0) AS requests,
       toDateTime64(first_seen, 6, 'UTC') AS first_seen,
       toDateTime64(last_seen, 6, 'UTC') AS last_seen
FROM {{table agg_src_ip_handshakes_1m}};

-- migrate:down
-- The old view again, and the handshakes counted since 0013 back into agg_src_ip_1m (states from
-- the plain values), so the readers of agg_src_ip_1m alone see every handshake.
DROP VIEW IF EXISTS {{local mv_agg_src_ip_handshakes_1m}} {{on_cluster}} SYNC;
CREATE MATERIALIZED VIEW IF NOT EXISTS {{local mv_agg_src_ip_1m_handshakes}} {{on_cluster}}
TO {{local agg_src_ip_1m}} AS
SELECT toStartOfMinute(ts) AS minute, src_ip,
       count() AS handshakes,
       uniqState(ja4) AS ja4s,
       minState(ts) AS first_seen, maxState(ts) AS last_seen
FROM {{local tls_handshakes}}
GROUP BY minute, src_ip;
INSERT INTO {{table agg_src_ip_1m}} (minute, src_ip, handshakes, ja4s, first_seen, last_seen, ingested_at)
SELECT minute, src_ip, sum(handshakes), uniqMergeState(ja4s), minState(first_seen), maxState(last_seen),
       max(ingested_at)
FROM {{table agg_src_ip_handshakes_1m}}
GROUP BY minute, src_ip;
DROP VIEW IF EXISTS {{db}}.view_src_ip_1m {{on_cluster}} SYNC;
DROP TABLE IF EXISTS {{table agg_src_ip_handshakes_1m}} {{on_cluster}} SYNC;
DROP TABLE IF EXISTS {{local agg_src_ip_handshakes_1m}} {{on_cluster}} SYNC;
