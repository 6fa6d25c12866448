-- http_requests: one row per request event from the HTTP ingest socket (common/events/http-request.ts),
-- as received, before correlation. Raw retention: {{raw_ttl_days}} days.
--
-- ORDER BY (src_ip, ts) serves "what did this client request, in order" (IP profile, the
-- correlator's replays and the detector's per-IP timing features); host/path pivots use the skip
-- indexes; time-window scans are cut by the daily partition.
CREATE TABLE IF NOT EXISTS {{local http_requests}} {{on_cluster}}
(
    ts            DateTime64(6, 'UTC') CODEC(DoubleDelta, ZSTD(1)),
    src_ip        IPv6,
    src_port      UInt16,
    dst_ip        IPv6,
    dst_port      UInt16,
    method        LowCardinality(String),
    scheme        LowCardinality(String),
    host          LowCardinality(String),
    path          String CODEC(ZSTD(3)),
    query         String CODEC(ZSTD(3)),
    -- '1.0', '1.1', '2', '3'
    http_version  LowCardinality(String),
    -- 0 when the server did not log a status
    status        UInt16,
    bytes_in      UInt64 CODEC(T64, ZSTD(1)),
    bytes_out     UInt64 CODEC(T64, ZSTD(1)),
    duration_ms   Float32 CODEC(Gorilla, ZSTD(1)),
    -- request headers in the order the client sent them (JA4H needs the order)
    headers       Array(Tuple(name String, value String)) CODEC(ZSTD(3)),
    header_order  Enum8('wire' = 1, 'configured' = 2, 'sorted' = 3),
    user_agent    String CODEC(ZSTD(3)),
    source        LowCardinality(String),
    -- Retention counts from when we stored a row, not from when the packet was captured: an
    -- analyst importing last year's capture must not see it deleted by TTL on arrival.
    ingested_at     DateTime DEFAULT now() CODEC(DoubleDelta, ZSTD(1)),
    INDEX idx_host host TYPE bloom_filter(0.01) GRANULARITY 4,
    INDEX idx_path path TYPE bloom_filter(0.01) GRANULARITY 4
)
ENGINE = {{engine MergeTree}}
PARTITION BY toDate(ts)
ORDER BY (src_ip, ts)
TTL ingested_at + INTERVAL {{raw_ttl_days}} DAY
-- index_granularity 1024: an IP lookup reads one granule per daily part; 1024 rows instead of
-- 8192 cut the IP lookup p95 at 10M rows from 911 ms to 152 ms (bench/storage/queries.bench.ts).
SETTINGS non_replicated_deduplication_window = 10000, ttl_only_drop_parts = 1, index_granularity = 1024;

{{distributed http_requests sipHash64(src_ip)}};

-- migrate:down
DROP TABLE IF EXISTS {{table http_requests}} {{on_cluster}} SYNC;
DROP TABLE IF EXISTS {{local http_requests}} {{on_cluster}} SYNC;
