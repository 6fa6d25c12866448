// Runs the feature SQL and returns the entities with their raw feature values.
import type { ClickHouseClient } from '@clickhouse/client';
import { AppError } from '../../../common/util/errors.js';
import { FEATURE_SQL } from './sql.js';
import { RAW_FEATURE_SQL } from './raw-sql.js';
import { FEATURE_NAMES, FEATURES, type FeatureName } from './catalog.js';
import { JA4_FAMILIES, type Ja4FamilyRow } from './ja4-families.js';
import { chTime } from '../util/ch-time.js';
import type { Matrix } from '../iforest/matrix.js';

export interface Entity {
  src_ip: string;
  ja4: string;
}

export interface FeatureTable {
  entities: Entity[];
  names: readonly FeatureName[];
  /** Raw values (requests, shares...), rows = entities, cols = names. */
  raw: Matrix;
}

/** The per-minute aggregate tables the feature query reads (migrations 0010 and 0005). */
export const AGG_SRC_IP_JA4_1M = 'agg_src_ip_ja4_1m';
export const AGG_SRC_IP_1M = 'agg_src_ip_1m';

const MINUTE_MS = 60_000;

/**
 * The window of `windowMs` ending at `endMs`, in whole minutes (what the per-minute aggregates can
 * answer): the end is rounded up to the next minute so the newest requests are in, the start is
 * end - windowMs rounded the same way.
 */
export function minuteWindow(endMs: number, windowMs: number): { start: number; end: number } {
  const end = Math.ceil(endMs / MINUTE_MS) * MINUTE_MS;
  return { start: end - Math.ceil(windowMs / MINUTE_MS) * MINUTE_MS, end };
}

export interface FeatureQuery {
  /**
   * 'aggregate' (default): the per-minute aggregate tables, the window in whole minutes.
   * 'raw': every http_logs row (the reference the aggregates are proven against; any window).
   */
  source?: 'aggregate' | 'raw';
  /** raw only: http_logs, or a table with its columns. */
  table?: string;
  /** aggregate only: the per-(IP, JA4) and per-IP minute tables (default the migrations' names). */
  aggTables?: { srcIpJa4: string; srcIp: string };
  /** Window [start, end) in ms since the epoch (whole minutes for the aggregates: minuteWindow). */
  start: number;
  end: number;
  minRequests: number;
  allowIps?: readonly string[];
  allowCidrs?: readonly string[];
  allowJa4?: readonly string[];
  /** One entity per IP (ja4 '') instead of per (IP, JA4). */
  perIp?: boolean;
  /** JA4 -> client family (loadJa4Families); default: the detector's own list. */
  families?: readonly Ja4FamilyRow[];
}

export async function computeFeatures(
  client: ClickHouseClient,
  q: FeatureQuery,
): Promise<FeatureTable> {
  const raw = q.source === 'raw';
  if (!raw && (q.start % MINUTE_MS !== 0 || q.end % MINUTE_MS !== 0)) {
    throw new AppError(
      'detector.window_unaligned',
      `feature window ${chTime(q.start)} .. ${chTime(q.end)} is not whole minutes: the per-minute aggregates cannot answer it (use minuteWindow)`,
      { start: q.start, end: q.end },
    );
  }
  const source = raw
    ? { src: q.table ?? 'http_logs' }
    : {
        agg: q.aggTables?.srcIpJa4 ?? AGG_SRC_IP_JA4_1M,
        agg_ip: q.aggTables?.srcIp ?? AGG_SRC_IP_1M,
      };
  const rs = await client.query({
    query: raw ? RAW_FEATURE_SQL : FEATURE_SQL,
    format: 'JSONEachRow',
    query_params: {
      ...source,
      start: chTime(q.start),
      end: chTime(q.end),
      min_requests: q.minRequests,
      per_ip: q.perIp ? 1 : 0,
      allow_ips: [...(q.allowIps ?? [])],
      allow_cidrs: [...(q.allowCidrs ?? [])],
      allow_ja4: [...(q.allowJa4 ?? [])],
      fam_keys: (q.families ?? JA4_FAMILIES).map((f) => f.key),
      fam_vals: (q.families ?? JA4_FAMILIES).map((f) => f.family),
    },
  });
  const rows = await rs.json<Record<string, unknown>>();
  const cols = FEATURE_NAMES.length;
  const data = new Float64Array(rows.length * cols);
  const entities: Entity[] = [];
  rows.forEach((row, r) => {
    entities.push({ src_ip: String(row.src_ip), ja4: String(row.ja4) });
    FEATURE_NAMES.forEach((name, c) => {
      // UInt64 counts arrive as strings in JSON; NaN (no data) becomes 0.
      const v = Number(row[name]);
      data[r * cols + c] = Number.isFinite(v) ? v : 0;
    });
  });
  return { entities, names: FEATURE_NAMES, raw: { rows: rows.length, cols, data } };
}

/** The matrix the forest sees: the enabled features only, counts through log1p. */
export function modelMatrix(table: FeatureTable, enabled: readonly FeatureName[]): Matrix {
  const idx = enabled.map((n) => table.names.indexOf(n));
  const logs = enabled.map((n) => FEATURES.find((f) => f.name === n)?.log ?? false);
  const cols = idx.length;
  const data = new Float64Array(table.raw.rows * cols);
  for (let r = 0; r < table.raw.rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = table.raw.data[r * table.raw.cols + idx[c]!]!;
      data[r * cols + c] = logs[c] ? Math.log1p(Math.max(0, v)) : v;
    }
  }
  return { rows: table.raw.rows, cols, data };
}
