-- view_ip_recurrence: per client IP over the last 30 days, on how many days it was flagged, when
-- first and last, how many anomalies and the highest score. False positives are left out.
--  - `detected_at >= now() - INTERVAL 30 DAY` sits on the table's partition column, so days older
--    than 30 are pruned (proved with EXPLAIN indexes = 1 in main/storage/schema.test.ts);
--  - ml_detected_anomalies is ORDER BY (src_ip, detected_at, entity_type, ja4, model_id): the inner
--    GROUP BY on that key and the outer GROUP BY src_ip read each IP's rows contiguously;
--  - no FINAL: the latest version of each anomaly is picked with argMax(..., version).
CREATE VIEW IF NOT EXISTS {{db}}.view_ip_recurrence {{on_cluster}} AS
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

-- migrate:down
DROP VIEW IF EXISTS {{db}}.view_ip_recurrence {{on_cluster}} SYNC;
