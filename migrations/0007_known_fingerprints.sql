-- Known-fingerprint mapping: application / library / device / OS per fingerprint, loaded from the
-- CSV files shipped in data/ (docs/storage.md, "Known fingerprints") by `migrate up` whenever
-- their checksum changes. Small: on a cluster every node holds a full replica (one replication
-- path for all shards, no Distributed table).
-- ORDER BY (fingerprint_type, fingerprint) serves the lookup "what is this JA4/JA4S/...".
CREATE TABLE IF NOT EXISTS {{db}}.known_fingerprints {{on_cluster}}
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
ENGINE = {{global_engine MergeTree}}
ORDER BY (fingerprint_type, fingerprint);

-- migrate:down
DROP TABLE IF EXISTS {{db}}.known_fingerprints {{on_cluster}} SYNC;
