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
CREATE TABLE IF NOT EXISTS {{local tls_handshake_finals}} {{on_cluster}}
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
ENGINE = {{engine MergeTree}}
PARTITION BY toDate(ts)
ORDER BY (src_ip, ts)
TTL ingested_at + INTERVAL {{raw_ttl_days}} DAY
SETTINGS non_replicated_deduplication_window = 10000, ttl_only_drop_parts = 1, index_granularity = 1024,
         min_rows_for_wide_part = 262144;

{{distributed tls_handshake_finals sipHash64(src_ip)}};

-- Repair of a store written before this migration: every `final` row whose `handshake` row is
-- stored (same sensor, addresses, ports and start time) is a duplicate. Migrations run before the
-- writers start, so nothing is inserted between these statements.
-- 1. The duplicates' full rows move to tls_handshake_finals (their later fields are kept).
INSERT INTO {{table tls_handshake_finals}}
SELECT * FROM {{table tls_handshakes}}
WHERE phase = 'final'
  AND (sensor, src_ip, src_port, dst_ip, dst_port, ts) IN (
      SELECT sensor, src_ip, src_port, dst_ip, dst_port, ts FROM {{table tls_handshakes}}
      WHERE phase = 'handshake');

-- 2. The aggregates counted both rows. Only the handshake counters are wrong: uniq states
-- (JA4s, IPs, SNIs) and min/max times are the same with or without the twin. The counters of
-- every (minute, key) holding a duplicate are zeroed here and recounted from the repaired raw rows
-- in step 4. agg_src_ip_1m holds the handshakes counted before 0013.
ALTER TABLE {{local agg_src_ip_handshakes_1m}} {{on_cluster}} UPDATE handshakes = 0
WHERE (src_ip, minute) IN (SELECT src_ip, toStartOfMinute(ts) FROM {{table tls_handshake_finals}})
SETTINGS mutations_sync = 2, allow_nondeterministic_mutations = 1;

ALTER TABLE {{local agg_src_ip_1m}} {{on_cluster}} UPDATE handshakes = 0
WHERE (src_ip, minute) IN (SELECT src_ip, toStartOfMinute(ts) FROM {{table tls_handshake_finals}})
SETTINGS mutations_sync = 2, allow_nondeterministic_mutations = 1;

ALTER TABLE {{local agg_ja4_1m}} {{on_cluster}} UPDATE handshakes = 0
WHERE (ja4, minute) IN (SELECT ja4, toStartOfMinute(ts) FROM {{table tls_handshake_finals}} WHERE ja4 != '')
SETTINGS mutations_sync = 2, allow_nondeterministic_mutations = 1;

-- 3. The duplicate rows leave tls_handshakes.
ALTER TABLE {{local tls_handshakes}} {{on_cluster}} DELETE
WHERE phase = 'final'
  AND (sensor, src_ip, src_port, dst_ip, dst_port, ts) IN (
      SELECT sensor, src_ip, src_port, dst_ip, dst_port, ts FROM {{table tls_handshake_finals}})
SETTINGS mutations_sync = 2, allow_nondeterministic_mutations = 1;

-- 4. Recount the zeroed keys from the raw rows, one row per connection now. The uniq and
-- min/max states are merged again with the same values (no change).
INSERT INTO {{table agg_src_ip_handshakes_1m}} (minute, src_ip, handshakes, ja4s, first_seen, last_seen, ingested_at)
SELECT toStartOfMinute(ts) AS minute, src_ip, count(), uniqState(ja4), min(ts), max(ts), max(ingested_at)
FROM {{table tls_handshakes}}
WHERE (src_ip, toStartOfMinute(ts)) IN (SELECT src_ip, toStartOfMinute(ts) FROM {{table tls_handshake_finals}})
GROUP BY minute, src_ip;

INSERT INTO {{table agg_ja4_1m}} (minute, ja4, handshakes, src_ips, snis, first_seen, last_seen, ingested_at)
SELECT toStartOfMinute(ts) AS minute, ja4, count(), uniqState(src_ip), uniqState(tls_server_name),
       minState(ts), maxState(ts), max(ingested_at)
FROM {{table tls_handshakes}}
WHERE ja4 != ''
  AND (ja4, toStartOfMinute(ts)) IN (SELECT ja4, toStartOfMinute(ts) FROM {{table tls_handshake_finals}} WHERE ja4 != '')
GROUP BY minute, ja4;

-- migrate:down
-- The final rows go back into tls_handshakes as before this migration (and are counted again by
-- the views, as they were), then the table goes.
INSERT INTO {{table tls_handshakes}} SELECT * FROM {{table tls_handshake_finals}};
DROP TABLE IF EXISTS {{table tls_handshake_finals}} {{on_cluster}} SYNC;
DROP TABLE IF EXISTS {{local tls_handshake_finals}} {{on_cluster}} SYNC;
