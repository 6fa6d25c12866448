-- tls_handshakes: one row per connection from the capture engine (common/events/connection.ts
-- ConnectionRecord), every fingerprint it computes. Raw retention: {{raw_ttl_days}} days.
--
-- ORDER BY (src_ip, ts) serves the investigation query "everything this IP did, newest first"
-- (IP profile, search by IP/CIDR): one IP's rows are contiguous and a range read. The JA4 and
-- SNI pivots use the bloom-filter skip indexes; time-window top-N scans are cut by the daily
-- partition.
CREATE TABLE IF NOT EXISTS {{local tls_handshakes}} {{on_cluster}}
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
ENGINE = {{engine MergeTree}}
PARTITION BY toDate(ts)
ORDER BY (src_ip, ts)
TTL ingested_at + INTERVAL {{raw_ttl_days}} DAY
-- The writer retries with insert_deduplication_token; a plain MergeTree only honours it with a
-- deduplication window.
-- index_granularity 1024: an IP lookup reads one granule per daily part; 1024 rows instead of
-- 8192 cut the IP lookup p95 at 10M rows from 911 ms to 152 ms (bench/storage/queries.bench.ts).
SETTINGS non_replicated_deduplication_window = 10000, ttl_only_drop_parts = 1, index_granularity = 1024;

{{distributed tls_handshakes sipHash64(src_ip)}};

-- migrate:down
DROP TABLE IF EXISTS {{table tls_handshakes}} {{on_cluster}} SYNC;
DROP TABLE IF EXISTS {{local tls_handshakes}} {{on_cluster}} SYNC;
