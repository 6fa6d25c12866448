-- Detector output and analyst input. Retention: {{aggregate_ttl_days}} days (anomalies are few
-- and the 30-day recurrence needs their history).

-- One row per flagged entity per run; a state change (triage) inserts the same key with a higher
-- version. Never read with FINAL: use argMax(..., version) per key (view_ip_recurrence does).
-- ORDER BY (src_ip, detected_at, ...) serves the per-IP GROUP BY of view_ip_recurrence and the IP
-- profile's anomaly history (one IP's anomalies contiguous); the daily partition lets a
-- `detected_at >= now() - INTERVAL 30 DAY` filter skip older days.
CREATE TABLE IF NOT EXISTS {{local ml_detected_anomalies}} {{on_cluster}}
(
    detected_at   DateTime64(6, 'UTC') CODEC(DoubleDelta, ZSTD(1)),
    entity_type   Enum8('ip' = 1, 'ip_ja4' = 2),
    src_ip        IPv6,
    ja4           LowCardinality(String),
    model_id      LowCardinality(String),
    run_id        String,
    score         Float64 CODEC(Gorilla, ZSTD(1)),
    threshold     Float64 CODEC(Gorilla, ZSTD(1)),
    features      Map(LowCardinality(String), Float64) CODEC(ZSTD(1)),
    -- top features that isolated the entity, in plain words
    reasons       Array(String) CODEC(ZSTD(1)),
    state         Enum8('new' = 1, 'investigating' = 2, 'true_positive' = 3, 'false_positive' = 4),
    version       UInt64
)
ENGINE = {{engine ReplacingMergeTree(version)}}
PARTITION BY toDate(detected_at)
ORDER BY (src_ip, detected_at, entity_type, ja4, model_id)
TTL toDateTime(detected_at) + INTERVAL {{aggregate_ttl_days}} DAY
SETTINGS non_replicated_deduplication_window = 1000;

{{distributed ml_detected_anomalies sipHash64(src_ip)}};

-- One row per training run. ORDER BY (created_at, model_id) serves "latest model" and run history.
CREATE TABLE IF NOT EXISTS {{local ml_models}} {{on_cluster}}
(
    model_id          String,
    created_at        DateTime64(6, 'UTC'),
    -- tuning parameters and the serialised forest, JSON
    params            String CODEC(ZSTD(3)),
    model             String CODEC(ZSTD(3)),
    features          Array(LowCardinality(String)),
    rows_trained      UInt64,
    threshold         Float64,
    score_histogram   Array(Tuple(upper Float64, count UInt64)),
    duration_ms       UInt32,
    window_start      DateTime64(6, 'UTC'),
    window_end        DateTime64(6, 'UTC')
)
ENGINE = {{engine MergeTree}}
ORDER BY (created_at, model_id);

{{distributed ml_models rand()}};

-- Analyst verdicts. ORDER BY (src_ip, ja4, created_at) serves "is this entity suppressed" (latest
-- verdict per entity) and the IP profile.
CREATE TABLE IF NOT EXISTS {{local analyst_feedback}} {{on_cluster}}
(
    created_at    DateTime64(6, 'UTC'),
    src_ip        IPv6,
    ja4           LowCardinality(String),
    entity_type   Enum8('ip' = 1, 'ip_ja4' = 2),
    -- the anomaly the verdict is about (its detected_at and model), when it came from the queue
    detected_at   Nullable(DateTime64(6, 'UTC')),
    model_id      LowCardinality(String),
    verdict       Enum8('true_positive' = 1, 'false_positive' = 2),
    analyst       LowCardinality(String),
    note          String
)
ENGINE = {{engine MergeTree}}
ORDER BY (src_ip, ja4, created_at);

{{distributed analyst_feedback sipHash64(src_ip)}};

-- migrate:down
DROP TABLE IF EXISTS {{table analyst_feedback}} {{on_cluster}} SYNC;
DROP TABLE IF EXISTS {{local analyst_feedback}} {{on_cluster}} SYNC;
DROP TABLE IF EXISTS {{table ml_models}} {{on_cluster}} SYNC;
DROP TABLE IF EXISTS {{local ml_models}} {{on_cluster}} SYNC;
DROP TABLE IF EXISTS {{table ml_detected_anomalies}} {{on_cluster}} SYNC;
DROP TABLE IF EXISTS {{local ml_detected_anomalies}} {{on_cluster}} SYNC;
