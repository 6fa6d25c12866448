-- Later ClientHellos on one connection (after a HelloRetryRequest): their JA4 raw/original
-- variants and JA3/JA3S, as ConnectionRecord now carries them (common/events/connection.ts).
-- Same order as ja4_additional.
ALTER TABLE {{local tls_handshakes}} {{on_cluster}}
    ADD COLUMN IF NOT EXISTS ja4_additional_variants Array(Tuple(ja4_r String, ja4_o String, ja4_ro String)) CODEC(ZSTD(3)) AFTER ja4_additional,
    ADD COLUMN IF NOT EXISTS ja3_additional Array(String) CODEC(ZSTD(1)) AFTER ja3s_full,
    ADD COLUMN IF NOT EXISTS ja3_full_additional Array(String) CODEC(ZSTD(3)) AFTER ja3_additional,
    ADD COLUMN IF NOT EXISTS ja3s_additional Array(String) CODEC(ZSTD(1)) AFTER ja3_full_additional,
    ADD COLUMN IF NOT EXISTS ja3s_full_additional Array(String) CODEC(ZSTD(3)) AFTER ja3s_additional;

-- On a cluster the Distributed table's columns must follow.
{{cluster_only ALTER TABLE {{table tls_handshakes}} {{on_cluster}}
    ADD COLUMN IF NOT EXISTS ja4_additional_variants Array(Tuple(ja4_r String, ja4_o String, ja4_ro String)) AFTER ja4_additional,
    ADD COLUMN IF NOT EXISTS ja3_additional Array(String) AFTER ja3s_full,
    ADD COLUMN IF NOT EXISTS ja3_full_additional Array(String) AFTER ja3_additional,
    ADD COLUMN IF NOT EXISTS ja3s_additional Array(String) AFTER ja3_full_additional,
    ADD COLUMN IF NOT EXISTS ja3s_full_additional Array(String) AFTER ja3s_additional}};

-- migrate:down
{{cluster_only ALTER TABLE {{table tls_handshakes}} {{on_cluster}}
    DROP COLUMN IF EXISTS ja4_additional_variants, DROP COLUMN IF EXISTS ja3_additional, DROP COLUMN IF EXISTS ja3_full_additional,
    DROP COLUMN IF EXISTS ja3s_additional, DROP COLUMN IF EXISTS ja3s_full_additional}};
ALTER TABLE {{local tls_handshakes}} {{on_cluster}}
    DROP COLUMN IF EXISTS ja4_additional_variants, DROP COLUMN IF EXISTS ja3_additional, DROP COLUMN IF EXISTS ja3_full_additional,
    DROP COLUMN IF EXISTS ja3s_additional, DROP COLUMN IF EXISTS ja3s_full_additional;
