-- tcp_events: connections that carried no TLS ClientHello (plaintext HTTP, SSH, SYN-only scans):
-- their TCP (JA4T/JA4TS), latency (JA4L), plaintext HTTP (JA4H) and SSH (JA4SSH) fingerprints.
-- TLS connections go to tls_handshakes (see connectionTable() in main/storage/rows/route.ts).
-- Raw retention: {{raw_ttl_days}} days.
--
-- ORDER BY (src_ip, ts) serves the IP profile; the JA4T pivot ("which hosts share this TCP stack",
-- scanners) uses the skip index.
CREATE TABLE IF NOT EXISTS {{local tcp_events}} {{on_cluster}}
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
ENGINE = {{engine MergeTree}}
PARTITION BY toDate(ts)
ORDER BY (src_ip, ts)
TTL ingested_at + INTERVAL {{raw_ttl_days}} DAY
-- index_granularity 1024: an IP lookup reads one granule per daily part; 1024 rows instead of
-- 8192 cut the IP lookup p95 at 10M rows from 911 ms to 152 ms (bench/storage/queries.bench.ts).
SETTINGS non_replicated_deduplication_window = 10000, ttl_only_drop_parts = 1, index_granularity = 1024;

{{distributed tcp_events sipHash64(src_ip)}};

-- migrate:down
DROP TABLE IF EXISTS {{table tcp_events}} {{on_cluster}} SYNC;
DROP TABLE IF EXISTS {{local tcp_events}} {{on_cluster}} SYNC;
