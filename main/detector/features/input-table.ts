// The detector's input: one row per correlated request (or per handshake that carried none),
// reduced to the columns the feature SQL reads. Offline mode fills it from JSONL; on a live
// store it becomes a view over http_logs with the same columns, so the feature SQL is one text.
export const INPUT_TABLE = 'detector_events';

export const INPUT_TABLE_DDL = `
CREATE TABLE IF NOT EXISTS ${INPUT_TABLE} (
  time DateTime64(3, 'UTC'),
  src_ip String,
  src_port UInt16,
  ja4 String,
  handshake_only UInt8,
  method LowCardinality(String),
  path String,
  http_version LowCardinality(String),
  status UInt16,
  user_agent String,
  header_count UInt16,
  has_accept_language UInt8,
  has_cookie UInt8
) ENGINE = MergeTree
-- The feature query groups by (src_ip, ja4) within a time window: this order reads each entity contiguously.
ORDER BY (src_ip, ja4, time)`;

export interface InputRow {
  time: string;
  src_ip: string;
  src_port: number;
  ja4: string;
  handshake_only: 0 | 1;
  method: string;
  path: string;
  http_version: string;
  status: number;
  user_agent: string;
  header_count: number;
  has_accept_language: 0 | 1;
  has_cookie: 0 | 1;
}
