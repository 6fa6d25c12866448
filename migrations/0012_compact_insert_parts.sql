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
ALTER TABLE {{local tls_handshakes}} {{on_cluster}} MODIFY SETTING min_rows_for_wide_part = 262144;
ALTER TABLE {{local http_requests}} {{on_cluster}} MODIFY SETTING min_rows_for_wide_part = 262144;
ALTER TABLE {{local http_logs}} {{on_cluster}} MODIFY SETTING min_rows_for_wide_part = 262144;
ALTER TABLE {{local tcp_events}} {{on_cluster}} MODIFY SETTING min_rows_for_wide_part = 262144;
ALTER TABLE {{local agg_src_ip_1m}} {{on_cluster}} MODIFY SETTING min_rows_for_wide_part = 262144;
ALTER TABLE {{local agg_ja4_1m}} {{on_cluster}} MODIFY SETTING min_rows_for_wide_part = 262144;
ALTER TABLE {{local agg_ja4_ua_1m}} {{on_cluster}} MODIFY SETTING min_rows_for_wide_part = 262144;
ALTER TABLE {{local agg_src_ip_ja4_1m}} {{on_cluster}} MODIFY SETTING min_rows_for_wide_part = 262144;
ALTER TABLE {{local ml_detected_anomalies}} {{on_cluster}} MODIFY SETTING min_rows_for_wide_part = 262144;
ALTER TABLE {{local agg_anomaly_ip_1d}} {{on_cluster}} MODIFY SETTING min_rows_for_wide_part = 262144;

-- migrate:down
ALTER TABLE {{local agg_anomaly_ip_1d}} {{on_cluster}} RESET SETTING min_rows_for_wide_part;
ALTER TABLE {{local ml_detected_anomalies}} {{on_cluster}} RESET SETTING min_rows_for_wide_part;
ALTER TABLE {{local agg_src_ip_ja4_1m}} {{on_cluster}} RESET SETTING min_rows_for_wide_part;
ALTER TABLE {{local agg_ja4_ua_1m}} {{on_cluster}} RESET SETTING min_rows_for_wide_part;
ALTER TABLE {{local agg_ja4_1m}} {{on_cluster}} RESET SETTING min_rows_for_wide_part;
ALTER TABLE {{local agg_src_ip_1m}} {{on_cluster}} RESET SETTING min_rows_for_wide_part;
ALTER TABLE {{local tcp_events}} {{on_cluster}} RESET SETTING min_rows_for_wide_part;
ALTER TABLE {{local http_logs}} {{on_cluster}} RESET SETTING min_rows_for_wide_part;
ALTER TABLE {{local http_requests}} {{on_cluster}} RESET SETTING min_rows_for_wide_part;
ALTER TABLE {{local tls_handshakes}} {{on_cluster}} RESET SETTING min_rows_for_wide_part;
