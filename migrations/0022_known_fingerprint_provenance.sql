-- Provenance per known-fingerprint entry (issue 21, "a fingerprint knowledge base worth the
-- name"): the client family the entry stands for (chrome, firefox, safari, tool, impersonator,
-- server or ''), when it was observed or published, how, and under which licence it may be used.
-- `source` (0007) keeps naming where the entry comes from. `paired_with`: the other half of a
-- client/server pair given on the same mapping row (a JA4S row's JA4, a JA4 row's JA4S), so that
-- a server answer is labelled only beside the client it was seen answering. Filled by the loader
-- from the CSV columns or the file's defaults in data/known-fingerprints.provenance.json
-- (docs/fingerprints.md, "Knowledge base").
ALTER TABLE {{db}}.known_fingerprints {{on_cluster}}
    ADD COLUMN IF NOT EXISTS family LowCardinality(String) AFTER notes,
    ADD COLUMN IF NOT EXISTS observed String AFTER source,
    ADD COLUMN IF NOT EXISTS method String AFTER observed,
    ADD COLUMN IF NOT EXISTS licence LowCardinality(String) AFTER method,
    ADD COLUMN IF NOT EXISTS paired_with String AFTER licence;

-- migrate:down
ALTER TABLE {{db}}.known_fingerprints {{on_cluster}}
    DROP COLUMN IF EXISTS paired_with,
    DROP COLUMN IF EXISTS licence,
    DROP COLUMN IF EXISTS method,
    DROP COLUMN IF EXISTS observed,
    DROP COLUMN IF EXISTS family;
