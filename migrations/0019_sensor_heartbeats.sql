-- Every process with a sensor (role sensor, all, or server with fleet.serverSensor) writes one row
-- here every fleet.heartbeatSeconds (issue 25): who it is, what it captures, its counters since
-- start and its rates since the previous heartbeat. The Sensors view lists the latest row of each
-- sensor (argMax by ts); a sensor whose latest row is older than fleet.silentAfterSeconds is red.
-- Retention 7 days: the fleet view needs the last one; a week shows when a sensor went away.
-- Small (one row per sensor per 15 s): on a cluster every node keeps a full replica.
CREATE TABLE IF NOT EXISTS {{db}}.sensor_heartbeats {{on_cluster}}
(
    ts                 DateTime64(3, 'UTC'),
    sensor             LowCardinality(String),
    host               LowCardinality(String),
    -- one process: "<host>/<pid>/<random>" (a restart shows as a new instance)
    instance           String,
    role               LowCardinality(String),
    version            LowCardinality(String),
    started_at         DateTime64(3, 'UTC'),
    interfaces         Array(String),
    -- worst state of this process's parts: ok, degraded, down
    health             LowCardinality(String),
    problems           Array(String),
    packets            UInt64,
    bytes              UInt64,
    kernel_drops       UInt64,
    events_dropped     UInt64,
    capture_dropped    UInt64,
    requests_in        UInt64,
    rows_written       UInt64,
    rows_queued        UInt64,
    spool_bytes        UInt64,
    packets_per_s      Float64,
    rows_per_s         Float64
)
ENGINE = {{global_engine MergeTree}}
ORDER BY (sensor, ts)
TTL toDateTime(ts) + INTERVAL 7 DAY;

-- migrate:down
DROP TABLE IF EXISTS {{db}}.sensor_heartbeats {{on_cluster}} SYNC;
