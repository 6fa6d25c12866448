// Runs the feature SQL and returns the entities with their raw feature values.
import type { ClickHouseClient } from '@clickhouse/client';
import { FEATURE_SQL } from './sql.js';
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

export interface FeatureQuery {
  /** http_logs, or a table with its columns. */
  table: string;
  /** Window [start, end) in ms since the epoch. */
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
  const rs = await client.query({
    query: FEATURE_SQL,
    format: 'JSONEachRow',
    query_params: {
      src: q.table,
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
