-- runner tables
CREATE TABLE IF NOT EXISTS ja4ws.schema_migrations ON CLUSTER 'ja4ws_cluster'
(
    version UInt32,
    name String,
    checksum String,
    direction Enum8('up' = 1, 'down' = 2),
    applied_at DateTime64(6, 'UTC')
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{database}/schema_migrations', '{replica}')
ORDER BY (version, applied_at);

CREATE TABLE IF NOT EXISTS ja4ws.schema_settings ON CLUSTER 'ja4ws_cluster'
(
    key String,
    value String,
    updated_at DateTime64(6, 'UTC')
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{database}/schema_settings', '{replica}')
ORDER BY (key, updated_at);

-- 0001_tls_handshakes.sql (up)
-- tls_handshakes: one row per connection from the capture engine (common/events/connection.ts
-- ConnectionRecord), every fingerprint it computes. Raw retention: 30 days.
--
-- ORDER BY (src_ip, ts) serves the investigation query "everything this IP did, newest first"
-- (IP profile, search by IP/CIDR): one IP's rows are contiguous and a range read. The JA4 and
-- SNI pivots use the bloom-filter skip indexes; time-window top-N scans are cut by the daily
-- partition.
CREATE TABLE IF NOT EXISTS ja4ws.tls_handshakes_local ON CLUSTER 'ja4ws_cluster'
(
    ts              DateTime64(6, 'UTC') CODEC(DoubleDelta, ZSTD(1)),
    sensor          LowCardinality(String),
    -- capture file basename for imported pcaps, '' for live capture
    pcap            LowCardinality(String),
    -- live engines may send a connection twice: 'handshake' early, 'final' (a superset) at its end
    phase           Enum8('' = 0, 'handshake' = 1, 'final' = 2),
    stream          UInt32 CODEC(Delta, ZSTD(1)),
    transport       Enum8('tcp' = 1, 'udp' = 2),
    src_ip          IPv6,
    src_port        UInt16,
    dst_ip          IPv6,
    dst_port        UInt16,
    tls_server_name String CODEC(ZSTD(1)),
    alpn            LowCardinality(String),
    tls_version     LowCardinality(String),
    cipher_count    Nullable(UInt16),
    ja4             LowCardinality(String),
    ja4_r           String CODEC(ZSTD(3)),
    ja4_o           LowCardinality(String),
    ja4_ro          String CODEC(ZSTD(3)),
    ja4_additional  Array(String) CODEC(ZSTD(1)),
    ja4s            LowCardinality(String),
    ja4s_r          String CODEC(ZSTD(3)),
    ja3             LowCardinality(String),
    ja3_full        String CODEC(ZSTD(3)),
    ja3s            LowCardinality(String),
    ja3s_full       String CODEC(ZSTD(3)),
    ja4h            Array(String) CODEC(ZSTD(1)),
    ja4h_r          Array(String) CODEC(ZSTD(3)),
    ja4h_ro         Array(String) CODEC(ZSTD(3)),
    ja4x            Array(String) CODEC(ZSTD(1)),
    ja4x_r          Array(String) CODEC(ZSTD(3)),
    ja4t            LowCardinality(String),
    ja4ts           LowCardinality(String),
    ja4l_c          String CODEC(ZSTD(1)),
    ja4l_s          String CODEC(ZSTD(1)),
    client_ttl      Nullable(UInt8),
    server_ttl      Nullable(UInt8),
    ja4ssh          Array(String) CODEC(ZSTD(1)),
    -- Retention counts from when we stored a row, not from when the packet was captured: an
    -- analyst importing last year's capture must not see it deleted by TTL on arrival.
    ingested_at     DateTime DEFAULT now() CODEC(DoubleDelta, ZSTD(1)),
    INDEX idx_ja4 ja4 TYPE bloom_filter(0.01) GRANULARITY 4,
    INDEX idx_sni tls_server_name TYPE bloom_filter(0.01) GRANULARITY 4
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}')
PARTITION BY toDate(ts)
ORDER BY (src_ip, ts)
TTL ingested_at + INTERVAL 30 DAY
-- The writer retries with insert_deduplication_token; a plain MergeTree only honours it with a
-- deduplication window.
-- index_granularity 1024: an IP lookup reads one granule per daily part; 1024 rows instead of
-- 8192 cut the IP lookup p95 at 10M rows from 911 ms to 152 ms (bench/storage/queries.bench.ts).
SETTINGS non_replicated_deduplication_window = 10000, ttl_only_drop_parts = 1, index_granularity = 1024;

CREATE TABLE IF NOT EXISTS ja4ws.tls_handshakes ON CLUSTER 'ja4ws_cluster' AS ja4ws.tls_handshakes_local
ENGINE = Distributed('ja4ws_cluster', 'ja4ws', 'tls_handshakes_local', sipHash64(src_ip));

-- 0001_tls_handshakes.sql (down)
DROP TABLE IF EXISTS ja4ws.tls_handshakes ON CLUSTER 'ja4ws_cluster' SYNC;

DROP TABLE IF EXISTS ja4ws.tls_handshakes_local ON CLUSTER 'ja4ws_cluster' SYNC;

-- 0002_http_requests.sql (up)
-- http_requests: one row per request event from the HTTP ingest socket (common/events/http-request.ts),
-- as received, before correlation. Raw retention: 30 days.
--
-- ORDER BY (src_ip, ts) serves "what did this client request, in order" (IP profile, the
-- correlator's replays and the detector's per-IP timing features); host/path pivots use the skip
-- indexes; time-window scans are cut by the daily partition.
CREATE TABLE IF NOT EXISTS ja4ws.http_requests_local ON CLUSTER 'ja4ws_cluster'
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
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}')
PARTITION BY toDate(ts)
ORDER BY (src_ip, ts)
TTL ingested_at + INTERVAL 30 DAY
-- index_granularity 1024: an IP lookup reads one granule per daily part; 1024 rows instead of
-- 8192 cut the IP lookup p95 at 10M rows from 911 ms to 152 ms (bench/storage/queries.bench.ts).
SETTINGS non_replicated_deduplication_window = 10000, ttl_only_drop_parts = 1, index_granularity = 1024;

CREATE TABLE IF NOT EXISTS ja4ws.http_requests ON CLUSTER 'ja4ws_cluster' AS ja4ws.http_requests_local
ENGINE = Distributed('ja4ws_cluster', 'ja4ws', 'http_requests_local', sipHash64(src_ip));

-- 0002_http_requests.sql (down)
DROP TABLE IF EXISTS ja4ws.http_requests ON CLUSTER 'ja4ws_cluster' SYNC;

DROP TABLE IF EXISTS ja4ws.http_requests_local ON CLUSTER 'ja4ws_cluster' SYNC;

-- 0003_http_logs.sql (up)
-- http_logs: the correlated event (common/events/correlated.ts): a request joined with the TLS
-- handshake of its connection, or a request or handshake on its own, with the correlation status
-- saying which. This is the table the analyst searches and the detector's features come from.
-- Raw retention: 30 days.
--
-- ORDER BY (src_ip, ts) serves the IP profile and the detector's per-IP windows (one IP's events
-- contiguous and in time order); JA4 / host / User-Agent pivots use the skip indexes and the
-- per-minute aggregates (0005).
CREATE TABLE IF NOT EXISTS ja4ws.http_logs_local ON CLUSTER 'ja4ws_cluster'
(
    ts               DateTime64(6, 'UTC') CODEC(DoubleDelta, ZSTD(1)),
    correlation      Enum8('matched' = 1, 'request-only' = 2, 'handshake-only' = 3, 'ambiguous' = 4),
    src_ip           IPv6,
    src_port         UInt16,
    dst_ip           IPv6,
    dst_port         UInt16,
    conn_id          String CODEC(ZSTD(1)),
    -- request (empty for handshake-only)
    method           LowCardinality(String),
    scheme           LowCardinality(String),
    host             LowCardinality(String),
    path             String CODEC(ZSTD(3)),
    query            String CODEC(ZSTD(3)),
    http_version     LowCardinality(String),
    status           UInt16,
    bytes_in         UInt64 CODEC(T64, ZSTD(1)),
    bytes_out        UInt64 CODEC(T64, ZSTD(1)),
    duration_ms      Float32 CODEC(Gorilla, ZSTD(1)),
    headers          Array(Tuple(name String, value String)) CODEC(ZSTD(3)),
    header_order     Enum8('' = 0, 'wire' = 1, 'configured' = 2, 'sorted' = 3),
    header_count     UInt16,
    has_accept_language Bool,
    has_cookie       Bool,
    user_agent       String CODEC(ZSTD(3)),
    source           LowCardinality(String),
    ja4h             LowCardinality(String),
    ja4h_r           String CODEC(ZSTD(3)),
    ja4h_ro          String CODEC(ZSTD(3)),
    -- the handshake (empty for request-only; for ambiguous, the candidates' JA4s)
    hs_ts            DateTime64(6, 'UTC') CODEC(Delta, ZSTD(1)),
    sensor           LowCardinality(String),
    tls_server_name  String CODEC(ZSTD(1)),
    alpn             LowCardinality(String),
    tls_version      LowCardinality(String),
    ja4              LowCardinality(String),
    ja4_r            String CODEC(ZSTD(3)),
    ja4s             LowCardinality(String),
    ja3              LowCardinality(String),
    ja3s             LowCardinality(String),
    ja4x             Array(String) CODEC(ZSTD(1)),
    ja4t             LowCardinality(String),
    ja4l_c           String CODEC(ZSTD(1)),
    candidate_ja4s   Array(String) CODEC(ZSTD(1)),
    finalized        Enum8('' = 0, 'window' = 1, 'late' = 2, 'evicted' = 3, 'flush' = 4),
    -- Retention counts from when we stored a row, not from when the packet was captured: an
    -- analyst importing last year's capture must not see it deleted by TTL on arrival.
    ingested_at     DateTime DEFAULT now() CODEC(DoubleDelta, ZSTD(1)),
    INDEX idx_ja4 ja4 TYPE bloom_filter(0.01) GRANULARITY 4,
    INDEX idx_host host TYPE bloom_filter(0.01) GRANULARITY 4,
    INDEX idx_ua user_agent TYPE bloom_filter(0.01) GRANULARITY 4
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}')
PARTITION BY toDate(ts)
ORDER BY (src_ip, ts)
TTL ingested_at + INTERVAL 30 DAY
-- index_granularity 1024: an IP lookup reads one granule per daily part; 1024 rows instead of
-- 8192 cut the IP lookup p95 at 10M rows from 911 ms to 152 ms (bench/storage/queries.bench.ts).
SETTINGS non_replicated_deduplication_window = 10000, ttl_only_drop_parts = 1, index_granularity = 1024;

CREATE TABLE IF NOT EXISTS ja4ws.http_logs ON CLUSTER 'ja4ws_cluster' AS ja4ws.http_logs_local
ENGINE = Distributed('ja4ws_cluster', 'ja4ws', 'http_logs_local', sipHash64(src_ip));

-- 0003_http_logs.sql (down)
DROP TABLE IF EXISTS ja4ws.http_logs ON CLUSTER 'ja4ws_cluster' SYNC;

DROP TABLE IF EXISTS ja4ws.http_logs_local ON CLUSTER 'ja4ws_cluster' SYNC;

-- 0004_tcp_events.sql (up)
-- tcp_events: connections that carried no TLS ClientHello (plaintext HTTP, SSH, SYN-only scans):
-- their TCP (JA4T/JA4TS), latency (JA4L), plaintext HTTP (JA4H) and SSH (JA4SSH) fingerprints.
-- TLS connections go to tls_handshakes (see connectionTable() in main/storage/rows/route.ts).
-- Raw retention: 30 days.
--
-- ORDER BY (src_ip, ts) serves the IP profile; the JA4T pivot ("which hosts share this TCP stack",
-- scanners) uses the skip index.
CREATE TABLE IF NOT EXISTS ja4ws.tcp_events_local ON CLUSTER 'ja4ws_cluster'
(
    ts          DateTime64(6, 'UTC') CODEC(DoubleDelta, ZSTD(1)),
    sensor      LowCardinality(String),
    pcap        LowCardinality(String),
    phase       Enum8('' = 0, 'handshake' = 1, 'final' = 2),
    stream      UInt32 CODEC(Delta, ZSTD(1)),
    transport   Enum8('tcp' = 1, 'udp' = 2),
    src_ip      IPv6,
    src_port    UInt16,
    dst_ip      IPv6,
    dst_port    UInt16,
    ja4t        LowCardinality(String),
    ja4ts       LowCardinality(String),
    ja4l_c      String CODEC(ZSTD(1)),
    ja4l_s      String CODEC(ZSTD(1)),
    client_ttl  Nullable(UInt8),
    server_ttl  Nullable(UInt8),
    ja4h        Array(String) CODEC(ZSTD(1)),
    ja4h_r      Array(String) CODEC(ZSTD(3)),
    ja4h_ro     Array(String) CODEC(ZSTD(3)),
    ja4ssh      Array(String) CODEC(ZSTD(1)),
    -- Retention counts from when we stored a row, not from when the packet was captured: an
    -- analyst importing last year's capture must not see it deleted by TTL on arrival.
    ingested_at     DateTime DEFAULT now() CODEC(DoubleDelta, ZSTD(1)),
    INDEX idx_ja4t ja4t TYPE bloom_filter(0.01) GRANULARITY 4
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}')
PARTITION BY toDate(ts)
ORDER BY (src_ip, ts)
TTL ingested_at + INTERVAL 30 DAY
-- index_granularity 1024: an IP lookup reads one granule per daily part; 1024 rows instead of
-- 8192 cut the IP lookup p95 at 10M rows from 911 ms to 152 ms (bench/storage/queries.bench.ts).
SETTINGS non_replicated_deduplication_window = 10000, ttl_only_drop_parts = 1, index_granularity = 1024;

CREATE TABLE IF NOT EXISTS ja4ws.tcp_events ON CLUSTER 'ja4ws_cluster' AS ja4ws.tcp_events_local
ENGINE = Distributed('ja4ws_cluster', 'ja4ws', 'tcp_events_local', sipHash64(src_ip));

-- 0004_tcp_events.sql (down)
DROP TABLE IF EXISTS ja4ws.tcp_events ON CLUSTER 'ja4ws_cluster' SYNC;

DROP TABLE IF EXISTS ja4ws.tcp_events_local ON CLUSTER 'ja4ws_cluster' SYNC;

-- 0005_minute_aggregates.sql (up)
-- Per-minute aggregates, AggregatingMergeTree fed by materialized views on insert. The detector's
-- features and the overview/profile charts read these instead of the raw tables.
-- Read them with the -Merge combinators (uniqMerge(src_ips), entropyMerge(path_entropy), ...) and
-- sum() for the SimpleAggregateFunction columns, GROUP BY the key. Retention: 365 days.

-- By client IP. ORDER BY (src_ip, minute) serves per-IP feature windows and the IP profile timeline.
CREATE TABLE IF NOT EXISTS ja4ws.agg_src_ip_1m_local ON CLUSTER 'ja4ws_cluster'
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
ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}')
PARTITION BY toDate(minute)
ORDER BY (src_ip, minute)
TTL ingested_at + INTERVAL 365 DAY
SETTINGS ttl_only_drop_parts = 1;

CREATE TABLE IF NOT EXISTS ja4ws.agg_src_ip_1m ON CLUSTER 'ja4ws_cluster' AS ja4ws.agg_src_ip_1m_local
ENGINE = Distributed('ja4ws_cluster', 'ja4ws', 'agg_src_ip_1m_local', sipHash64(src_ip));

CREATE MATERIALIZED VIEW IF NOT EXISTS ja4ws.mv_agg_src_ip_1m_handshakes_local ON CLUSTER 'ja4ws_cluster'
TO ja4ws.agg_src_ip_1m_local AS
SELECT toStartOfMinute(ts) AS minute, src_ip,
       count() AS handshakes,
       uniqState(ja4) AS ja4s,
       minState(ts) AS first_seen, maxState(ts) AS last_seen
FROM ja4ws.tls_handshakes_local
GROUP BY minute, src_ip;

CREATE MATERIALIZED VIEW IF NOT EXISTS ja4ws.mv_agg_src_ip_1m_requests_local ON CLUSTER 'ja4ws_cluster'
TO ja4ws.agg_src_ip_1m_local AS
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
FROM ja4ws.http_logs_local
GROUP BY minute, src_ip;

-- By JA4. ORDER BY (ja4, minute) serves the fingerprint profile and "top JA4s over a window"
-- (the daily partition limits the scan to the window, the key keeps each JA4's minutes together).
CREATE TABLE IF NOT EXISTS ja4ws.agg_ja4_1m_local ON CLUSTER 'ja4ws_cluster'
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
ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}')
PARTITION BY toDate(minute)
ORDER BY (ja4, minute)
TTL ingested_at + INTERVAL 365 DAY
SETTINGS ttl_only_drop_parts = 1;

CREATE TABLE IF NOT EXISTS ja4ws.agg_ja4_1m ON CLUSTER 'ja4ws_cluster' AS ja4ws.agg_ja4_1m_local
ENGINE = Distributed('ja4ws_cluster', 'ja4ws', 'agg_ja4_1m_local', sipHash64(ja4));

CREATE MATERIALIZED VIEW IF NOT EXISTS ja4ws.mv_agg_ja4_1m_handshakes_local ON CLUSTER 'ja4ws_cluster'
TO ja4ws.agg_ja4_1m_local AS
SELECT toStartOfMinute(ts) AS minute, ja4,
       count() AS handshakes,
       uniqState(src_ip) AS src_ips,
       uniqState(tls_server_name) AS snis,
       minState(ts) AS first_seen, maxState(ts) AS last_seen
FROM ja4ws.tls_handshakes_local
WHERE ja4 != ''
GROUP BY minute, ja4;

CREATE MATERIALIZED VIEW IF NOT EXISTS ja4ws.mv_agg_ja4_1m_requests_local ON CLUSTER 'ja4ws_cluster'
TO ja4ws.agg_ja4_1m_local AS
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
FROM ja4ws.http_logs_local
WHERE ja4 != ''
GROUP BY minute, ja4;

-- By (JA4, User-Agent). ORDER BY (ja4, user_agent, minute) serves "which User-Agents claim this
-- fingerprint" and the UA/JA4 mismatch feature.
CREATE TABLE IF NOT EXISTS ja4ws.agg_ja4_ua_1m_local ON CLUSTER 'ja4ws_cluster'
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
ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}')
PARTITION BY toDate(minute)
ORDER BY (ja4, user_agent, minute)
TTL ingested_at + INTERVAL 365 DAY
SETTINGS ttl_only_drop_parts = 1;

CREATE TABLE IF NOT EXISTS ja4ws.agg_ja4_ua_1m ON CLUSTER 'ja4ws_cluster' AS ja4ws.agg_ja4_ua_1m_local
ENGINE = Distributed('ja4ws_cluster', 'ja4ws', 'agg_ja4_ua_1m_local', sipHash64(ja4));

CREATE MATERIALIZED VIEW IF NOT EXISTS ja4ws.mv_agg_ja4_ua_1m_local ON CLUSTER 'ja4ws_cluster'
TO ja4ws.agg_ja4_ua_1m_local AS
SELECT toStartOfMinute(ts) AS minute, ja4, user_agent,
       count() AS requests,
       uniqState(src_ip) AS src_ips,
       uniqState(path) AS paths,
       minState(ts) AS first_seen, maxState(ts) AS last_seen
FROM ja4ws.http_logs_local
WHERE ja4 != '' AND correlation != 'handshake-only'
GROUP BY minute, ja4, user_agent;

-- 0005_minute_aggregates.sql (down)
DROP VIEW IF EXISTS ja4ws.mv_agg_ja4_ua_1m_local ON CLUSTER 'ja4ws_cluster' SYNC;

DROP TABLE IF EXISTS ja4ws.agg_ja4_ua_1m ON CLUSTER 'ja4ws_cluster' SYNC;

DROP TABLE IF EXISTS ja4ws.agg_ja4_ua_1m_local ON CLUSTER 'ja4ws_cluster' SYNC;

DROP VIEW IF EXISTS ja4ws.mv_agg_ja4_1m_requests_local ON CLUSTER 'ja4ws_cluster' SYNC;

DROP VIEW IF EXISTS ja4ws.mv_agg_ja4_1m_handshakes_local ON CLUSTER 'ja4ws_cluster' SYNC;

DROP TABLE IF EXISTS ja4ws.agg_ja4_1m ON CLUSTER 'ja4ws_cluster' SYNC;

DROP TABLE IF EXISTS ja4ws.agg_ja4_1m_local ON CLUSTER 'ja4ws_cluster' SYNC;

DROP VIEW IF EXISTS ja4ws.mv_agg_src_ip_1m_requests_local ON CLUSTER 'ja4ws_cluster' SYNC;

DROP VIEW IF EXISTS ja4ws.mv_agg_src_ip_1m_handshakes_local ON CLUSTER 'ja4ws_cluster' SYNC;

DROP TABLE IF EXISTS ja4ws.agg_src_ip_1m ON CLUSTER 'ja4ws_cluster' SYNC;

DROP TABLE IF EXISTS ja4ws.agg_src_ip_1m_local ON CLUSTER 'ja4ws_cluster' SYNC;

-- 0006_ml.sql (up)
-- Detector output and analyst input. Retention: 365 days (anomalies are few
-- and the 30-day recurrence needs their history).

-- One row per flagged entity per run; a state change (triage) inserts the same key with a higher
-- version. Never read with FINAL: use argMax(..., version) per key (view_ip_recurrence does).
-- ORDER BY (src_ip, detected_at, ...) serves the per-IP GROUP BY of view_ip_recurrence and the IP
-- profile's anomaly history (one IP's anomalies contiguous); the daily partition lets a
-- `detected_at >= now() - INTERVAL 30 DAY` filter skip older days.
CREATE TABLE IF NOT EXISTS ja4ws.ml_detected_anomalies_local ON CLUSTER 'ja4ws_cluster'
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
ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}', version)
PARTITION BY toDate(detected_at)
ORDER BY (src_ip, detected_at, entity_type, ja4, model_id)
TTL toDateTime(detected_at) + INTERVAL 365 DAY
SETTINGS non_replicated_deduplication_window = 1000;

CREATE TABLE IF NOT EXISTS ja4ws.ml_detected_anomalies ON CLUSTER 'ja4ws_cluster' AS ja4ws.ml_detected_anomalies_local
ENGINE = Distributed('ja4ws_cluster', 'ja4ws', 'ml_detected_anomalies_local', sipHash64(src_ip));

-- One row per training run. ORDER BY (created_at, model_id) serves "latest model" and run history.
CREATE TABLE IF NOT EXISTS ja4ws.ml_models_local ON CLUSTER 'ja4ws_cluster'
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
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}')
ORDER BY (created_at, model_id);

CREATE TABLE IF NOT EXISTS ja4ws.ml_models ON CLUSTER 'ja4ws_cluster' AS ja4ws.ml_models_local
ENGINE = Distributed('ja4ws_cluster', 'ja4ws', 'ml_models_local', rand());

-- Analyst verdicts. ORDER BY (src_ip, ja4, created_at) serves "is this entity suppressed" (latest
-- verdict per entity) and the IP profile.
CREATE TABLE IF NOT EXISTS ja4ws.analyst_feedback_local ON CLUSTER 'ja4ws_cluster'
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
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}')
ORDER BY (src_ip, ja4, created_at);

CREATE TABLE IF NOT EXISTS ja4ws.analyst_feedback ON CLUSTER 'ja4ws_cluster' AS ja4ws.analyst_feedback_local
ENGINE = Distributed('ja4ws_cluster', 'ja4ws', 'analyst_feedback_local', sipHash64(src_ip));

-- 0006_ml.sql (down)
DROP TABLE IF EXISTS ja4ws.analyst_feedback ON CLUSTER 'ja4ws_cluster' SYNC;

DROP TABLE IF EXISTS ja4ws.analyst_feedback_local ON CLUSTER 'ja4ws_cluster' SYNC;

DROP TABLE IF EXISTS ja4ws.ml_models ON CLUSTER 'ja4ws_cluster' SYNC;

DROP TABLE IF EXISTS ja4ws.ml_models_local ON CLUSTER 'ja4ws_cluster' SYNC;

DROP TABLE IF EXISTS ja4ws.ml_detected_anomalies ON CLUSTER 'ja4ws_cluster' SYNC;

DROP TABLE IF EXISTS ja4ws.ml_detected_anomalies_local ON CLUSTER 'ja4ws_cluster' SYNC;

-- 0007_known_fingerprints.sql (up)
-- Known-fingerprint mapping: application / library / device / OS per fingerprint, loaded from the
-- CSV files shipped in data/ (docs/storage.md, "Known fingerprints") by `migrate up` whenever
-- their checksum changes. Small: on a cluster every node holds a full replica (one replication
-- path for all shards, no Distributed table).
-- ORDER BY (fingerprint_type, fingerprint) serves the lookup "what is this JA4/JA4S/...".
CREATE TABLE IF NOT EXISTS ja4ws.known_fingerprints ON CLUSTER 'ja4ws_cluster'
(
    fingerprint_type  LowCardinality(String),
    fingerprint       String,
    application       String,
    library           String,
    device            String,
    os                String,
    notes             String,
    source            LowCardinality(String)
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{database}/{table}', '{replica}')
ORDER BY (fingerprint_type, fingerprint);

-- 0007_known_fingerprints.sql (down)
DROP TABLE IF EXISTS ja4ws.known_fingerprints ON CLUSTER 'ja4ws_cluster' SYNC;

-- 0008_view_ip_recurrence.sql (up)
-- view_ip_recurrence: per client IP over the last 30 days, on how many days it was flagged, when
-- first and last, how many anomalies and the highest score. False positives are left out.
--  - `detected_at >= now() - INTERVAL 30 DAY` sits on the table's partition column, so days older
--    than 30 are pruned (proved with EXPLAIN indexes = 1 in main/storage/schema.test.ts);
--  - ml_detected_anomalies is ORDER BY (src_ip, detected_at, entity_type, ja4, model_id): the inner
--    GROUP BY on that key and the outer GROUP BY src_ip read each IP's rows contiguously;
--  - no FINAL: the latest version of each anomaly is picked with argMax(..., version).
CREATE VIEW IF NOT EXISTS ja4ws.view_ip_recurrence ON CLUSTER 'ja4ws_cluster' AS
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
    FROM ja4ws.ml_detected_anomalies
    WHERE detected_at >= now() - INTERVAL 30 DAY
    GROUP BY src_ip, detected_at, entity_type, ja4, model_id
)
WHERE state != 'false_positive'
GROUP BY src_ip;

-- 0008_view_ip_recurrence.sql (down)
DROP VIEW IF EXISTS ja4ws.view_ip_recurrence ON CLUSTER 'ja4ws_cluster' SYNC;

-- 0009_tls_additional_hellos.sql (up)
-- Later ClientHellos on one connection (after a HelloRetryRequest): their JA4 raw/original
-- variants and JA3/JA3S, as ConnectionRecord now carries them (common/events/connection.ts).
-- Same order as ja4_additional.
ALTER TABLE ja4ws.tls_handshakes_local ON CLUSTER 'ja4ws_cluster'
    ADD COLUMN IF NOT EXISTS ja4_additional_variants Array(Tuple(ja4_r String, ja4_o String, ja4_ro String)) CODEC(ZSTD(3)) AFTER ja4_additional,
    ADD COLUMN IF NOT EXISTS ja3_additional Array(String) CODEC(ZSTD(1)) AFTER ja3s_full,
    ADD COLUMN IF NOT EXISTS ja3_full_additional Array(String) CODEC(ZSTD(3)) AFTER ja3_additional,
    ADD COLUMN IF NOT EXISTS ja3s_additional Array(String) CODEC(ZSTD(1)) AFTER ja3_full_additional,
    ADD COLUMN IF NOT EXISTS ja3s_full_additional Array(String) CODEC(ZSTD(3)) AFTER ja3s_additional;

-- On a cluster the Distributed table's columns must follow.
 ALTER TABLE ja4ws.tls_handshakes ON CLUSTER 'ja4ws_cluster'
    ADD COLUMN IF NOT EXISTS ja4_additional_variants Array(Tuple(ja4_r String, ja4_o String, ja4_ro String)) AFTER ja4_additional,
    ADD COLUMN IF NOT EXISTS ja3_additional Array(String) AFTER ja3s_full,
    ADD COLUMN IF NOT EXISTS ja3_full_additional Array(String) AFTER ja3_additional,
    ADD COLUMN IF NOT EXISTS ja3s_additional Array(String) AFTER ja3_full_additional,
    ADD COLUMN IF NOT EXISTS ja3s_full_additional Array(String) AFTER ja3s_additional;

-- 0009_tls_additional_hellos.sql (down)
ALTER TABLE ja4ws.tls_handshakes ON CLUSTER 'ja4ws_cluster'
    DROP COLUMN IF EXISTS ja4_additional_variants, DROP COLUMN IF EXISTS ja3_additional, DROP COLUMN IF EXISTS ja3_full_additional,
    DROP COLUMN IF EXISTS ja3s_additional, DROP COLUMN IF EXISTS ja3s_full_additional;

ALTER TABLE ja4ws.tls_handshakes_local ON CLUSTER 'ja4ws_cluster'
    DROP COLUMN IF EXISTS ja4_additional_variants, DROP COLUMN IF EXISTS ja3_additional, DROP COLUMN IF EXISTS ja3_full_additional,
    DROP COLUMN IF EXISTS ja3s_additional, DROP COLUMN IF EXISTS ja3s_full_additional;

-- 0010_src_ip_ja4_minute_aggregate.sql (up)
-- Per (client IP, JA4) per minute: what the detector's features need (main/detector/features/sql.ts),
-- so a run reads one row per entity and minute instead of every request. AggregatingMergeTree fed
-- by a materialized view on http_logs, same conventions as 0005 (daily partitions, DoubleDelta on
-- the minute, TTL from ingested_at with 365 days). Read with sum() for the
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
CREATE TABLE IF NOT EXISTS ja4ws.agg_src_ip_ja4_1m_local ON CLUSTER 'ja4ws_cluster'
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
ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}')
PARTITION BY toDate(minute)
ORDER BY (toStartOfHour(minute), src_ip, ja4, minute)
TTL ingested_at + INTERVAL 365 DAY
SETTINGS ttl_only_drop_parts = 1;

CREATE TABLE IF NOT EXISTS ja4ws.agg_src_ip_ja4_1m ON CLUSTER 'ja4ws_cluster' AS ja4ws.agg_src_ip_ja4_1m_local
ENGINE = Distributed('ja4ws_cluster', 'ja4ws', 'agg_src_ip_ja4_1m_local', sipHash64(src_ip));

CREATE MATERIALIZED VIEW IF NOT EXISTS ja4ws.mv_agg_src_ip_ja4_1m_local ON CLUSTER 'ja4ws_cluster'
TO ja4ws.agg_src_ip_ja4_1m_local AS
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
FROM ja4ws.http_logs_local
GROUP BY minute, src_ip, ja4;

-- Backfill: the view only sees rows inserted after it exists, so fold in what http_logs already
-- holds (the same SELECT). Migrations run before the writers start (daemon start, `ja4ws migrate
-- up`), so no row is counted twice or missed; on a shared server, stop other writers during the
-- upgrade. Through the Distributed tables on a cluster, so each row lands on its IP's shard.
INSERT INTO ja4ws.agg_src_ip_ja4_1m
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
FROM ja4ws.http_logs
GROUP BY minute, src_ip, ja4;

-- 0010_src_ip_ja4_minute_aggregate.sql (down)
DROP VIEW IF EXISTS ja4ws.mv_agg_src_ip_ja4_1m_local ON CLUSTER 'ja4ws_cluster' SYNC;

DROP TABLE IF EXISTS ja4ws.agg_src_ip_ja4_1m ON CLUSTER 'ja4ws_cluster' SYNC;

DROP TABLE IF EXISTS ja4ws.agg_src_ip_ja4_1m_local ON CLUSTER 'ja4ws_cluster' SYNC;

-- 0011_ip_recurrence_daily.sql (up)
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
CREATE TABLE IF NOT EXISTS ja4ws.agg_anomaly_ip_1d_local ON CLUSTER 'ja4ws_cluster'
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
ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}')
PARTITION BY day
ORDER BY (src_ip, day)
TTL day + INTERVAL 365 DAY
SETTINGS ttl_only_drop_parts = 1;

CREATE TABLE IF NOT EXISTS ja4ws.agg_anomaly_ip_1d ON CLUSTER 'ja4ws_cluster' AS ja4ws.agg_anomaly_ip_1d_local
ENGINE = Distributed('ja4ws_cluster', 'ja4ws', 'agg_anomaly_ip_1d_local', sipHash64(src_ip));

CREATE MATERIALIZED VIEW IF NOT EXISTS ja4ws.mv_agg_anomaly_ip_1d_local ON CLUSTER 'ja4ws_cluster'
TO ja4ws.agg_anomaly_ip_1d_local AS
SELECT toDate(detected_at, 'UTC') AS day, src_ip,
       count() AS rows,
       countIf(state != 'new') AS not_new,
       min(detected_at) AS first_seen,
       max(detected_at) AS last_seen,
       max(score) AS max_score
FROM ja4ws.ml_detected_anomalies_local
GROUP BY day, src_ip;

-- Backfill what the table already holds (migrations run before the writers start, as 0010).
INSERT INTO ja4ws.agg_anomaly_ip_1d (day, src_ip, rows, not_new, first_seen, last_seen, max_score)
SELECT toDate(detected_at, 'UTC') AS day, src_ip, count(), countIf(state != 'new'),
       min(detected_at), max(detected_at), max(score)
FROM ja4ws.ml_detected_anomalies
GROUP BY day, src_ip;

CREATE OR REPLACE VIEW ja4ws.view_ip_recurrence ON CLUSTER 'ja4ws_cluster' AS
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
    FROM ja4ws.agg_anomaly_ip_1d
    WHERE day > toDate(now() - INTERVAL 30 DAY, 'UTC')
      AND src_ip GLOBAL NOT IN (SELECT src_ip FROM ja4ws.agg_anomaly_ip_1d
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
        FROM ja4ws.ml_detected_anomalies
        WHERE detected_at >= now() - INTERVAL 30 DAY
          AND detected_at < toDateTime(toDate(now() - INTERVAL 30 DAY, 'UTC') + 1, 'UTC')
        GROUP BY src_ip, detected_at, entity_type, ja4, model_id
        UNION ALL
        -- the later days of IPs with a triaged row (the primary key finds their rows)
        SELECT src_ip, detected_at,
               argMax(state, version) AS state,
               argMax(score, version) AS score
        FROM ja4ws.ml_detected_anomalies
        WHERE detected_at >= now() - INTERVAL 30 DAY
          AND detected_at >= toDateTime(toDate(now() - INTERVAL 30 DAY, 'UTC') + 1, 'UTC')
          AND src_ip GLOBAL IN (SELECT src_ip FROM ja4ws.agg_anomaly_ip_1d
                                WHERE day >= toDate(now() - INTERVAL 30 DAY, 'UTC') AND not_new > 0)
        GROUP BY src_ip, detected_at, entity_type, ja4, model_id
    )
    WHERE state != 'false_positive'
)
GROUP BY src_ip;

-- 0011_ip_recurrence_daily.sql (down)
CREATE OR REPLACE VIEW ja4ws.view_ip_recurrence ON CLUSTER 'ja4ws_cluster' AS
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
    FROM ja4ws.ml_detected_anomalies
    WHERE detected_at >= now() - INTERVAL 30 DAY
    GROUP BY src_ip, detected_at, entity_type, ja4, model_id
)
WHERE state != 'false_positive'
GROUP BY src_ip;

DROP VIEW IF EXISTS ja4ws.mv_agg_anomaly_ip_1d_local ON CLUSTER 'ja4ws_cluster' SYNC;

DROP TABLE IF EXISTS ja4ws.agg_anomaly_ip_1d ON CLUSTER 'ja4ws_cluster' SYNC;

DROP TABLE IF EXISTS ja4ws.agg_anomaly_ip_1d_local ON CLUSTER 'ja4ws_cluster' SYNC;

-- 0012_compact_insert_parts.sql (up)
-- Compact parts for inserts (issue 4: >= 500,000 handshakes/s into the embedded store).
-- ClickHouse writes a part in the Wide format (two files per column: data and marks) once it
-- reaches min_bytes_for_wide_part (10 MB uncompressed) — a 100,000-row block of tls_handshakes
-- does, so every insert created ~100 files for tls_handshakes' 47 columns, and every materialized
-- view another Wide part. Measured on 2 vCPU (chDB 3.4, 1 M rows in 100,000-row Native blocks):
-- ext4 inode allocation alone was ~20% of the CPU, the tls_handshakes insert took 2.4 s per 1 M
-- rows; with Compact insert parts (one data file and one marks file for all columns) 1.2 s.
-- min_rows_for_wide_part = 262144 keeps a part Compact while it has fewer rows (either threshold
-- not reached means Compact); merges still produce Wide parts for the large parts that queries
-- read, so reads are unchanged. Applies to every table written in small blocks: the ingest tables,
-- the aggregates their materialized views fill, and the detector's anomalies (plus their daily
-- aggregate). ml_models, analyst_feedback and known_fingerprints get rare, tiny inserts that stay
-- under 10 MB anyway.
ALTER TABLE ja4ws.tls_handshakes_local ON CLUSTER 'ja4ws_cluster' MODIFY SETTING min_rows_for_wide_part = 262144;

ALTER TABLE ja4ws.http_requests_local ON CLUSTER 'ja4ws_cluster' MODIFY SETTING min_rows_for_wide_part = 262144;

ALTER TABLE ja4ws.http_logs_local ON CLUSTER 'ja4ws_cluster' MODIFY SETTING min_rows_for_wide_part = 262144;

ALTER TABLE ja4ws.tcp_events_local ON CLUSTER 'ja4ws_cluster' MODIFY SETTING min_rows_for_wide_part = 262144;

ALTER TABLE ja4ws.agg_src_ip_1m_local ON CLUSTER 'ja4ws_cluster' MODIFY SETTING min_rows_for_wide_part = 262144;

ALTER TABLE ja4ws.agg_ja4_1m_local ON CLUSTER 'ja4ws_cluster' MODIFY SETTING min_rows_for_wide_part = 262144;

ALTER TABLE ja4ws.agg_ja4_ua_1m_local ON CLUSTER 'ja4ws_cluster' MODIFY SETTING min_rows_for_wide_part = 262144;

ALTER TABLE ja4ws.agg_src_ip_ja4_1m_local ON CLUSTER 'ja4ws_cluster' MODIFY SETTING min_rows_for_wide_part = 262144;

ALTER TABLE ja4ws.ml_detected_anomalies_local ON CLUSTER 'ja4ws_cluster' MODIFY SETTING min_rows_for_wide_part = 262144;

ALTER TABLE ja4ws.agg_anomaly_ip_1d_local ON CLUSTER 'ja4ws_cluster' MODIFY SETTING min_rows_for_wide_part = 262144;

-- 0012_compact_insert_parts.sql (down)
ALTER TABLE ja4ws.agg_anomaly_ip_1d_local ON CLUSTER 'ja4ws_cluster' RESET SETTING min_rows_for_wide_part;

ALTER TABLE ja4ws.ml_detected_anomalies_local ON CLUSTER 'ja4ws_cluster' RESET SETTING min_rows_for_wide_part;

ALTER TABLE ja4ws.agg_src_ip_ja4_1m_local ON CLUSTER 'ja4ws_cluster' RESET SETTING min_rows_for_wide_part;

ALTER TABLE ja4ws.agg_ja4_ua_1m_local ON CLUSTER 'ja4ws_cluster' RESET SETTING min_rows_for_wide_part;

ALTER TABLE ja4ws.agg_ja4_1m_local ON CLUSTER 'ja4ws_cluster' RESET SETTING min_rows_for_wide_part;

ALTER TABLE ja4ws.agg_src_ip_1m_local ON CLUSTER 'ja4ws_cluster' RESET SETTING min_rows_for_wide_part;

ALTER TABLE ja4ws.tcp_events_local ON CLUSTER 'ja4ws_cluster' RESET SETTING min_rows_for_wide_part;

ALTER TABLE ja4ws.http_logs_local ON CLUSTER 'ja4ws_cluster' RESET SETTING min_rows_for_wide_part;

ALTER TABLE ja4ws.http_requests_local ON CLUSTER 'ja4ws_cluster' RESET SETTING min_rows_for_wide_part;

ALTER TABLE ja4ws.tls_handshakes_local ON CLUSTER 'ja4ws_cluster' RESET SETTING min_rows_for_wide_part;

-- 0013_src_ip_handshakes_aggregate.sql (up)
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
-- GROUP BY. Same retention as the other aggregates (365 days from ingested_at).
CREATE TABLE IF NOT EXISTS ja4ws.agg_src_ip_handshakes_1m_local ON CLUSTER 'ja4ws_cluster'
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
ENGINE = ReplicatedAggregatingMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}')
PARTITION BY toDate(minute)
ORDER BY (src_ip, minute)
TTL ingested_at + INTERVAL 365 DAY
SETTINGS ttl_only_drop_parts = 1, min_rows_for_wide_part = 262144;

CREATE TABLE IF NOT EXISTS ja4ws.agg_src_ip_handshakes_1m ON CLUSTER 'ja4ws_cluster' AS ja4ws.agg_src_ip_handshakes_1m_local
ENGINE = Distributed('ja4ws_cluster', 'ja4ws', 'agg_src_ip_handshakes_1m_local', sipHash64(src_ip));

-- Migrations run before the writers start (as 0010), so no handshake is missed or counted twice
-- between the two statements.
DROP VIEW IF EXISTS ja4ws.mv_agg_src_ip_1m_handshakes_local ON CLUSTER 'ja4ws_cluster' SYNC;

CREATE MATERIALIZED VIEW IF NOT EXISTS ja4ws.mv_agg_src_ip_handshakes_1m_local ON CLUSTER 'ja4ws_cluster'
TO ja4ws.agg_src_ip_handshakes_1m_local AS
SELECT toStartOfMinute(ts) AS minute, src_ip,
       count() AS handshakes,
       uniqState(ja4) AS ja4s,
       min(ts) AS first_seen, max(ts) AS last_seen
FROM ja4ws.tls_handshakes_local
GROUP BY minute, src_ip;

-- One row per stored row of either table (parts not merged yet hold several rows per key):
-- aggregate over it. requests is 0 on the handshake side; handshakes is 0 on agg_src_ip_1m's rows
-- written after this migration.
CREATE OR REPLACE VIEW ja4ws.view_src_ip_1m ON CLUSTER 'ja4ws_cluster' AS
SELECT minute, src_ip,
       toUInt64(handshakes) AS handshakes,
       toUInt64(requests) AS requests,
       finalizeAggregation(first_seen) AS first_seen,
       finalizeAggregation(last_seen) AS last_seen
FROM ja4ws.agg_src_ip_1m
UNION ALL
SELECT minute, src_ip,
       toUInt64(handshakes) AS handshakes,
       toUInt64(0) AS requests,
       toDateTime64(first_seen, 6, 'UTC') AS first_seen,
       toDateTime64(last_seen, 6, 'UTC') AS last_seen
FROM ja4ws.agg_src_ip_handshakes_1m;

-- 0013_src_ip_handshakes_aggregate.sql (down)
-- The old view again, and the handshakes counted since 0013 back into agg_src_ip_1m (states from
-- the plain values), so the readers of agg_src_ip_1m alone see every handshake.
DROP VIEW IF EXISTS ja4ws.mv_agg_src_ip_handshakes_1m_local ON CLUSTER 'ja4ws_cluster' SYNC;

CREATE MATERIALIZED VIEW IF NOT EXISTS ja4ws.mv_agg_src_ip_1m_handshakes_local ON CLUSTER 'ja4ws_cluster'
TO ja4ws.agg_src_ip_1m_local AS
SELECT toStartOfMinute(ts) AS minute, src_ip,
       count() AS handshakes,
       uniqState(ja4) AS ja4s,
       minState(ts) AS first_seen, maxState(ts) AS last_seen
FROM ja4ws.tls_handshakes_local
GROUP BY minute, src_ip;

INSERT INTO ja4ws.agg_src_ip_1m (minute, src_ip, handshakes, ja4s, first_seen, last_seen, ingested_at)
SELECT minute, src_ip, sum(handshakes), uniqMergeState(ja4s), minState(first_seen), maxState(last_seen),
       max(ingested_at)
FROM ja4ws.agg_src_ip_handshakes_1m
GROUP BY minute, src_ip;

DROP VIEW IF EXISTS ja4ws.view_src_ip_1m ON CLUSTER 'ja4ws_cluster' SYNC;

DROP TABLE IF EXISTS ja4ws.agg_src_ip_handshakes_1m ON CLUSTER 'ja4ws_cluster' SYNC;

DROP TABLE IF EXISTS ja4ws.agg_src_ip_handshakes_1m_local ON CLUSTER 'ja4ws_cluster' SYNC;

-- 0014_one_row_per_connection.sql (up)
-- One connection, one row (issue 16). A live capture worker sends a connection twice: an early
-- `handshake` record right after the hellos (so the correlator and the Live view get it at once)
-- and a `final` record when the connection ends (adding what came later: certificates' JA4X, JA4TS,
-- a late ServerHello, a second ClientHello). Until now both went into tls_handshakes, so every live
-- connection was two rows and every materialized view counted it twice (imports, one record per
-- connection, were counted once).
--
-- From now on tls_handshakes holds exactly one row per connection: the early record of a live
-- connection (stored at once: visible to analysts while a keep-alive connection is still open, and
-- kept if the daemon dies before the connection ends), or the only record of any other connection.
-- The final record of a connection whose early row is stored goes here instead, and only when it
-- adds something (main/daemon/connection-dedupe.ts). This table has no materialized view, so
-- nothing counts it; readers that show fields a final record can add (JA4S, JA4X, JA3S, JA4TS...)
-- prefer its row over the early one (main/core/connections-sql.ts). Same columns, key, retention
-- and skip indexes as tls_handshakes.
CREATE TABLE IF NOT EXISTS ja4ws.tls_handshake_finals_local ON CLUSTER 'ja4ws_cluster'
(
    ts              DateTime64(6, 'UTC') CODEC(DoubleDelta, ZSTD(1)),
    sensor          LowCardinality(String),
    pcap            LowCardinality(String),
    phase           Enum8('' = 0, 'handshake' = 1, 'final' = 2),
    stream          UInt32 CODEC(Delta, ZSTD(1)),
    transport       Enum8('tcp' = 1, 'udp' = 2),
    src_ip          IPv6,
    src_port        UInt16,
    dst_ip          IPv6,
    dst_port        UInt16,
    tls_server_name String CODEC(ZSTD(1)),
    alpn            LowCardinality(String),
    tls_version     LowCardinality(String),
    cipher_count    Nullable(UInt16),
    ja4             LowCardinality(String),
    ja4_r           String CODEC(ZSTD(3)),
    ja4_o           LowCardinality(String),
    ja4_ro          String CODEC(ZSTD(3)),
    ja4_additional  Array(String) CODEC(ZSTD(1)),
    ja4_additional_variants Array(Tuple(ja4_r String, ja4_o String, ja4_ro String)) CODEC(ZSTD(3)),
    ja4s            LowCardinality(String),
    ja4s_r          String CODEC(ZSTD(3)),
    ja3             LowCardinality(String),
    ja3_full        String CODEC(ZSTD(3)),
    ja3s            LowCardinality(String),
    ja3s_full       String CODEC(ZSTD(3)),
    ja3_additional  Array(String) CODEC(ZSTD(1)),
    ja3_full_additional Array(String) CODEC(ZSTD(3)),
    ja3s_additional Array(String) CODEC(ZSTD(1)),
    ja3s_full_additional Array(String) CODEC(ZSTD(3)),
    ja4h            Array(String) CODEC(ZSTD(1)),
    ja4h_r          Array(String) CODEC(ZSTD(3)),
    ja4h_ro         Array(String) CODEC(ZSTD(3)),
    ja4x            Array(String) CODEC(ZSTD(1)),
    ja4x_r          Array(String) CODEC(ZSTD(3)),
    ja4t            LowCardinality(String),
    ja4ts           LowCardinality(String),
    ja4l_c          String CODEC(ZSTD(1)),
    ja4l_s          String CODEC(ZSTD(1)),
    client_ttl      Nullable(UInt8),
    server_ttl      Nullable(UInt8),
    ja4ssh          Array(String) CODEC(ZSTD(1)),
    ingested_at     DateTime DEFAULT now() CODEC(DoubleDelta, ZSTD(1)),
    INDEX idx_ja4 ja4 TYPE bloom_filter(0.01) GRANULARITY 4,
    INDEX idx_sni tls_server_name TYPE bloom_filter(0.01) GRANULARITY 4
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}')
PARTITION BY toDate(ts)
ORDER BY (src_ip, ts)
TTL ingested_at + INTERVAL 30 DAY
SETTINGS non_replicated_deduplication_window = 10000, ttl_only_drop_parts = 1, index_granularity = 1024,
         min_rows_for_wide_part = 262144;

CREATE TABLE IF NOT EXISTS ja4ws.tls_handshake_finals ON CLUSTER 'ja4ws_cluster' AS ja4ws.tls_handshake_finals_local
ENGINE = Distributed('ja4ws_cluster', 'ja4ws', 'tls_handshake_finals_local', sipHash64(src_ip));

-- Repair of a store written before this migration: every `final` row whose `handshake` row is
-- stored (same sensor, addresses, ports and start time) is a duplicate. Migrations run before the
-- writers start, so nothing is inserted between these statements.
-- 1. The duplicates' full rows move to tls_handshake_finals (their later fields are kept).
INSERT INTO ja4ws.tls_handshake_finals
SELECT * FROM ja4ws.tls_handshakes
WHERE phase = 'final'
  AND (sensor, src_ip, src_port, dst_ip, dst_port, ts) IN (
      SELECT sensor, src_ip, src_port, dst_ip, dst_port, ts FROM ja4ws.tls_handshakes
      WHERE phase = 'handshake');

-- 2. The aggregates counted both rows. Only the handshake counters are wrong: uniq states
-- (JA4s, IPs, SNIs) and min/max times are the same with or without the twin. The counters of
-- every (minute, key) holding a duplicate are zeroed here and recounted from the repaired raw rows
-- in step 4. agg_src_ip_1m holds the handshakes counted before 0013.
ALTER TABLE ja4ws.agg_src_ip_handshakes_1m_local ON CLUSTER 'ja4ws_cluster' UPDATE handshakes = 0
WHERE (src_ip, minute) IN (SELECT src_ip, toStartOfMinute(ts) FROM ja4ws.tls_handshake_finals)
SETTINGS mutations_sync = 2, allow_nondeterministic_mutations = 1;

ALTER TABLE ja4ws.agg_src_ip_1m_local ON CLUSTER 'ja4ws_cluster' UPDATE handshakes = 0
WHERE (src_ip, minute) IN (SELECT src_ip, toStartOfMinute(ts) FROM ja4ws.tls_handshake_finals)
SETTINGS mutations_sync = 2, allow_nondeterministic_mutations = 1;

ALTER TABLE ja4ws.agg_ja4_1m_local ON CLUSTER 'ja4ws_cluster' UPDATE handshakes = 0
WHERE (ja4, minute) IN (SELECT ja4, toStartOfMinute(ts) FROM ja4ws.tls_handshake_finals WHERE ja4 != '')
SETTINGS mutations_sync = 2, allow_nondeterministic_mutations = 1;

-- 3. The duplicate rows leave tls_handshakes.
ALTER TABLE ja4ws.tls_handshakes_local ON CLUSTER 'ja4ws_cluster' DELETE
WHERE phase = 'final'
  AND (sensor, src_ip, src_port, dst_ip, dst_port, ts) IN (
      SELECT sensor, src_ip, src_port, dst_ip, dst_port, ts FROM ja4ws.tls_handshake_finals)
SETTINGS mutations_sync = 2, allow_nondeterministic_mutations = 1;

-- 4. Recount the zeroed keys from the raw rows, one row per connection now. The uniq and
-- min/max states are merged again with the same values (no change).
INSERT INTO ja4ws.agg_src_ip_handshakes_1m (minute, src_ip, handshakes, ja4s, first_seen, last_seen, ingested_at)
SELECT toStartOfMinute(ts) AS minute, src_ip, count(), uniqState(ja4), min(ts), max(ts), max(ingested_at)
FROM ja4ws.tls_handshakes
WHERE (src_ip, toStartOfMinute(ts)) IN (SELECT src_ip, toStartOfMinute(ts) FROM ja4ws.tls_handshake_finals)
GROUP BY minute, src_ip;

INSERT INTO ja4ws.agg_ja4_1m (minute, ja4, handshakes, src_ips, snis, first_seen, last_seen, ingested_at)
SELECT toStartOfMinute(ts) AS minute, ja4, count(), uniqState(src_ip), uniqState(tls_server_name),
       minState(ts), maxState(ts), max(ingested_at)
FROM ja4ws.tls_handshakes
WHERE ja4 != ''
  AND (ja4, toStartOfMinute(ts)) IN (SELECT ja4, toStartOfMinute(ts) FROM ja4ws.tls_handshake_finals WHERE ja4 != '')
GROUP BY minute, ja4;

-- 0014_one_row_per_connection.sql (down)
-- The final rows go back into tls_handshakes as before this migration (and are counted again by
-- the views, as they were), then the table goes.
INSERT INTO ja4ws.tls_handshakes SELECT * FROM ja4ws.tls_handshake_finals;

DROP TABLE IF EXISTS ja4ws.tls_handshake_finals ON CLUSTER 'ja4ws_cluster' SYNC;

DROP TABLE IF EXISTS ja4ws.tls_handshake_finals_local ON CLUSTER 'ja4ws_cluster' SYNC;

-- 0015_tls_upgrade.sql (up)
-- What a TCP connection spoke before its TLS began (issue 18): the STARTTLS-style upgrade
-- (smtp_starttls, imap_starttls, pop3_stls, ftp_auth_tls, ldap_starttls, xmpp_starttls,
-- postgres_sslrequest, mysql_ssl), the proxy hop (socks4, socks5, http_connect), 'openvpn' for
-- TLS inside OpenVPN's control channel, 'other', or '' when the connection started with TLS
-- (ConnectionRecord.tls_upgrade, docs/engine.md). Both connection tables get it at the same
-- place, after ja4ssh: readers union them with SELECT * (main/core/connections-sql.ts).
ALTER TABLE ja4ws.tls_handshakes_local ON CLUSTER 'ja4ws_cluster'
    ADD COLUMN IF NOT EXISTS tls_upgrade LowCardinality(String) AFTER ja4ssh;

ALTER TABLE ja4ws.tls_handshake_finals_local ON CLUSTER 'ja4ws_cluster'
    ADD COLUMN IF NOT EXISTS tls_upgrade LowCardinality(String) AFTER ja4ssh;

-- On a cluster the Distributed tables' columns must follow.
 ALTER TABLE ja4ws.tls_handshakes ON CLUSTER 'ja4ws_cluster'
    ADD COLUMN IF NOT EXISTS tls_upgrade LowCardinality(String) AFTER ja4ssh;

ALTER TABLE ja4ws.tls_handshake_finals ON CLUSTER 'ja4ws_cluster'
    ADD COLUMN IF NOT EXISTS tls_upgrade LowCardinality(String) AFTER ja4ssh;

-- 0015_tls_upgrade.sql (down)
ALTER TABLE ja4ws.tls_handshake_finals ON CLUSTER 'ja4ws_cluster' DROP COLUMN IF EXISTS tls_upgrade;

ALTER TABLE ja4ws.tls_handshakes ON CLUSTER 'ja4ws_cluster' DROP COLUMN IF EXISTS tls_upgrade;

ALTER TABLE ja4ws.tls_handshake_finals_local ON CLUSTER 'ja4ws_cluster' DROP COLUMN IF EXISTS tls_upgrade;

ALTER TABLE ja4ws.tls_handshakes_local ON CLUSTER 'ja4ws_cluster' DROP COLUMN IF EXISTS tls_upgrade;

-- 0018_detector_windows.sql (up)
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
CREATE TABLE IF NOT EXISTS ja4ws.detector_windows ON CLUSTER 'ja4ws_cluster'
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
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{database}/{table}', '{replica}')
ORDER BY (window_end, kind, attempt)
TTL toDateTime(window_end) + INTERVAL 30 DAY
SETTINGS non_replicated_deduplication_window = 10000;

-- 0018_detector_windows.sql (down)
DROP TABLE IF EXISTS ja4ws.detector_windows ON CLUSTER 'ja4ws_cluster' SYNC;

-- 0019_sensor_heartbeats.sql (up)
-- Every process with a sensor (role sensor, all, or server with fleet.serverSensor) writes one row
-- here every fleet.heartbeatSeconds (issue 25): who it is, what it captures, its counters since
-- start and its rates since the previous heartbeat. The Sensors view lists the latest row of each
-- sensor (argMax by ts); a sensor whose latest row is older than fleet.silentAfterSeconds is red.
-- Retention 7 days: the fleet view needs the last one; a week shows when a sensor went away.
-- Small (one row per sensor per 15 s): on a cluster every node keeps a full replica.
CREATE TABLE IF NOT EXISTS ja4ws.sensor_heartbeats ON CLUSTER 'ja4ws_cluster'
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
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{database}/{table}', '{replica}')
ORDER BY (sensor, ts)
TTL toDateTime(ts) + INTERVAL 7 DAY;

-- 0019_sensor_heartbeats.sql (down)
DROP TABLE IF EXISTS ja4ws.sensor_heartbeats ON CLUSTER 'ja4ws_cluster' SYNC;

-- 0022_known_fingerprint_provenance.sql (up)
-- Provenance per known-fingerprint entry (issue 21, "a fingerprint knowledge base worth the
-- name"): the client family the entry stands for (chrome, firefox, safari, tool, impersonator,
-- server or ''), when it was observed or published, how, and under which licence it may be used.
-- `source` (0007) keeps naming where the entry comes from. `paired_with`: the other half of a
-- client/server pair given on the same mapping row (a JA4S row's JA4, a JA4 row's JA4S), so that
-- a server answer is labelled only beside the client it was seen answering. Filled by the loader
-- from the CSV columns or the file's defaults in data/known-fingerprints.provenance.json
-- (docs/fingerprints.md, "Knowledge base").
ALTER TABLE ja4ws.known_fingerprints ON CLUSTER 'ja4ws_cluster'
    ADD COLUMN IF NOT EXISTS family LowCardinality(String) AFTER notes,
    ADD COLUMN IF NOT EXISTS observed String AFTER source,
    ADD COLUMN IF NOT EXISTS method String AFTER observed,
    ADD COLUMN IF NOT EXISTS licence LowCardinality(String) AFTER method,
    ADD COLUMN IF NOT EXISTS paired_with String AFTER licence;

-- 0022_known_fingerprint_provenance.sql (down)
ALTER TABLE ja4ws.known_fingerprints ON CLUSTER 'ja4ws_cluster'
    DROP COLUMN IF EXISTS paired_with,
    DROP COLUMN IF EXISTS licence,
    DROP COLUMN IF EXISTS method,
    DROP COLUMN IF EXISTS observed,
    DROP COLUMN IF EXISTS family;
