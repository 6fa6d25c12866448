-- view_ip_recurrence from a per-day, per-IP aggregate of ml_detected_anomalies (issue 4: < 1 s over
-- 30 days at 10 M anomalies; 0008's body took 6.3 s). Same rules as 0008: the raw table is read
-- with `detected_at >= now() - INTERVAL 30 DAY` (partition pruning, EXPLAIN test in
-- main/storage/schema.test.ts), never FINAL, the latest version of an anomaly by argMax.
--
-- Why the aggregate alone is not enough: a triage (a later version of the same anomaly key) cannot
-- be subtracted from a sum/min/max. So the view answers in two exact parts:
--  1. IPs with no triaged row in the window (not_new = 0: every row they have is a detector row in
--     state 'new', one per anomaly key), on whole days after the boundary day: the aggregate;
--  2. the boundary day (the window starts mid-day) for every IP, and the later days of the IPs with
--     a triaged row: the raw table with argMax(..., version) per key, as 0008 did (two reads, so
--     each can use the partition pruning or the primary key).
-- Days seen are a bitmask of day offsets (at most 31) OR-ed per IP: exact, no per-IP hash set.
-- Triage never changes a key's day, so an IP's days are all in one part or the other.
--
-- ORDER BY (src_ip, day): per-IP rows contiguous for the GROUP BY src_ip and the IN lookups; daily
-- partitions as the other tables, so TTL drops whole days.
CREATE TABLE IF NOT EXISTS {{local agg_anomaly_ip_1d}} {{on_cluster}}
(
    day         Date,
    src_ip      IPv6,
    -- rows inserted (detector rows and triage versions alike), and those not in state 'new'
    rows        SimpleAggregateFunction(sum, UInt64),
    not_new     SimpleAggregateFunction(sum, UInt64),
    first_seen  SimpleAggregateFunction(min, DateTime64(6, 'UTC')),
    last_seen   SimpleAggregateFunction(max, DateTime64(6, 'UTC')),
    max_score   SimpleAggregateFunction(max, Float64)
)
ENGINE = {{engine AggregatingMergeTree}}
PARTITION BY day
ORDER BY (src_ip, day)
TTL day + INTERVAL {{aggregate_ttl_days}} DAY
SETTINGS ttl_only_drop_parts = 1;

{{distributed agg_anomaly_ip_1d sipHash64(src_ip)}};

CREATE MATERIALIZED VIEW IF NOT EXISTS {{local mv_agg_anomaly_ip_1d}} {{on_cluster}}
TO {{local agg_anomaly_ip_1d}} AS
SELECT toDate(detected_at, 'UTC') AS day, src_ip,
       count() AS rows,
       countIf(state != 'new') AS not_new,
       min(detected_at) AS first_seen,
       max(detected_at) AS last_seen,
       max(score) AS max_score
FROM {{local ml_detected_anomalies}}
GROUP BY day, src_ip;

-- Backfill what the table already holds (migrations run before the writers start, as 0010).
INSERT INTO {{table agg_anomaly_ip_1d}} (day, src_ip, rows, not_new, first_seen, last_seen, max_score)
SELECT toDate(detected_at, 'UTC') AS day, src_ip, count(), countIf(state != 'new'),
       min(detected_at), max(detected_at), max(score)
FROM {{table ml_detected_anomalies}}
GROUP BY day, src_ip;

CREATE OR REPLACE VIEW {{db}}.view_ip_recurrence {{on_cluster}} AS
SELECT
    src_ip,
    toUInt64(bitCount(groupBitOr(day_bit))) AS days_seen,
    min(first) AS first_seen,
    max(last) AS last_seen,
    sum(anomalies) AS anomaly_count,
    max(top_score) AS max_score
FROM
(
    SELECT src_ip,
           bitShiftLeft(toUInt64(1), dateDiff('day', toDate(now() - INTERVAL 30 DAY, 'UTC'), day)) AS day_bit,
           first_seen AS first, last_seen AS last, rows AS anomalies, max_score AS top_score
    FROM {{table agg_anomaly_ip_1d}}
    WHERE day > toDate(now() - INTERVAL 30 DAY, 'UTC')
      AND src_ip GLOBAL NOT IN (SELECT src_ip FROM {{table agg_anomaly_ip_1d}}
                                WHERE day >= toDate(now() - INTERVAL 30 DAY, 'UTC') AND not_new > 0)
    UNION ALL
    SELECT src_ip,
           bitShiftLeft(toUInt64(1), dateDiff('day', toDate(now() - INTERVAL 30 DAY, 'UTC'), toDate(detected_at, 'UTC'))),
           detected_at, detected_at, toUInt64(1), score
    FROM
    (
        -- the boundary day, every IP (the daily partition prunes the scan to that one day)
        SELECT src_ip, detected_at,
               argMax(state, version) AS state,
               argMax(score, version) AS score
        FROM {{table ml_detected_anomalies}}
        WHERE detected_at >= now() - INTERVAL 30 DAY
          AND detected_at < toDateTime(toDate(now() - INTERVAL 30 DAY, 'UTC') + 1, 'UTC')
        GROUP BY src_ip, detected_at, entity_type, ja4, model_id
        UNION ALL
        -- the later days of IPs with a triaged row (the primary key finds their rows)
        SELECT src_ip, detected_at,
               argMax(state, version) AS state,
               argMax(score, version) AS score
        FROM {{table ml_detected_anomalies}}
        WHERE detected_at >= now() - INTERVAL 30 DAY
          AND detected_at >= toDateTime(toDate(now() - INTERVAL 30 DAY, 'UTC') + 1, 'UTC')
          AND src_ip GLOBAL IN (SELECT src_ip FROM {{table agg_anomaly_ip_1d}}
                                WHERE day >= toDate(now() - INTERVAL 30 DAY, 'UTC') AND not_new > 0)
        GROUP BY src_ip, detected_at, entity_type, ja4, model_id
    )
    WHERE state != 'false_positive'
)
GROUP BY src_ip;

-- migrate:down
CREATE OR REPLACE VIEW {{db}}.view_ip_recurrence {{on_cluster}} AS
SELECT
    src_ip,
    uniqExact(toDate(detected_at)) AS days_seen,
    min(detected_at) AS first_seen,
    max(detected_at) AS last_seen,
    count() AS anomaly_count,
    max(score) AS max_score
FROM
(
    SELECT src_ip, detected_at, entity_type, ja4, model_id,
           argMax(state, version) AS state,
           argMax(score, version) AS score
    FROM {{table ml_detected_anomalies}}
    WHERE detected_at >= now() - INTERVAL 30 DAY
    GROUP BY src_ip, detected_at, entity_type, ja4, model_id
)
WHERE state != 'false_positive'
GROUP BY src_ip;
DROP VIEW IF EXISTS {{local mv_agg_anomaly_ip_1d}} {{on_cluster}} SYNC;
DROP TABLE IF EXISTS {{table agg_anomaly_ip_1d}} {{on_cluster}} SYNC;
DROP TABLE IF EXISTS {{local agg_anomaly_ip_1d}} {{on_cluster}} SYNC;
