-- The detector's schedule shared by every server daemon on one store (issue 25, docs/decisions.md
-- "One detector per store"). Windows are numbered by their end (a multiple of the period); for
-- each window a server inserts a claim row with insert_deduplication_token
-- 'detector-claim-<window_end>-<attempt>': ClickHouse keeps the first block with a token and
-- drops later ones (non_replicated_deduplication_window here; on a cluster the Replicated
-- engine's block ids in Keeper, one replication path for every shard), so exactly one claim row
-- per (window_end, attempt) ever exists and every server reading it back agrees on the holder.
-- The holder runs the window and inserts a 'done' row (token 'detector-done-<window_end>'). A
-- claim older than the lease with no 'done' row is taken over with attempt + 1.
-- Small and read whole by every server: on a cluster every node keeps a full replica.
CREATE TABLE IF NOT EXISTS {{db}}.detector_windows {{on_cluster}}
(
    window_end   DateTime64(3, 'UTC'),
    kind         Enum8('claim' = 1, 'done' = 2),
    attempt      UInt16,
    -- the claiming or finishing process: "<host>/<pid>/<random>"
    holder       String,
    at           DateTime64(3, 'UTC'),
    period_s     UInt32,
    -- 'done': ok, empty (too few entities), failed: <code>
    outcome      String,
    model_id     String,
    anomalies    UInt32
)
ENGINE = {{global_engine MergeTree}}
ORDER BY (window_end, kind, attempt)
TTL toDateTime(window_end) + INTERVAL 30 DAY
SETTINGS non_replicated_deduplication_window = 10000;

-- migrate:down
DROP TABLE IF EXISTS {{db}}.detector_windows {{on_cluster}} SYNC;
