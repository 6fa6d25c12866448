// Runs the cohort queries (sql.ts) and returns typed rows.
import type { ClickHouseClient } from '@clickhouse/client';
import { chTime } from '../util/ch-time.js';
import { JA4_FAMILIES, type Ja4FamilyRow } from '../features/ja4-families.js';
import { COHORT_GROUPS_SQL, COHORT_PATHS_SQL } from './sql.js';
import type { PathClass } from './path-class.js';

/** One (src_ip, ja4, user_agent, path class) group of the window. */
export interface GroupRow {
  src_ip: string;
  ja4: string;
  ua: string;
  pclass: PathClass;
  /** tool, firefox, chrome, safari, none or other (features/sql-fragments.ts uaFamily). */
  ua_family: string;
  /** chrome, firefox, safari, tool or unknown (the JA4 -> family mapping). */
  ja4_family: string;
  n: number;
  n4xx: number;
  posts: number;
  no_cookie: number;
  no_lang: number;
  http1: number;
  headers: number;
  paths: number;
  top_path: string;
  top_path_n: number;
  /** Gaps between the group's requests: count, sum (ms), sum of squares. */
  gap_n: number;
  gap_sum: number;
  gap_sq: number;
  first_ms: number;
}

/** Requests per (ja4, user_agent, path class, path). */
export interface PathRow {
  ja4: string;
  ua: string;
  pclass: PathClass;
  path: string;
  n: number;
}

export interface CohortRows {
  groups: GroupRow[];
  paths: PathRow[];
}

export interface CohortQuery {
  /** http_logs or a table with its columns. */
  table?: string;
  start: number;
  end: number;
  allowIps?: readonly string[];
  allowCidrs?: readonly string[];
  allowJa4?: readonly string[];
  families?: readonly Ja4FamilyRow[];
}

const NUMERIC = [
  'n',
  'n4xx',
  'posts',
  'no_cookie',
  'no_lang',
  'http1',
  'headers',
  'paths',
  'top_path_n',
  'gap_n',
  'gap_sum',
  'gap_sq',
  'first_ms',
] as const;

export async function loadCohortRows(
  client: ClickHouseClient,
  q: CohortQuery,
): Promise<CohortRows> {
  const fam = q.families ?? JA4_FAMILIES;
  const params = {
    src: q.table ?? 'http_logs',
    start: chTime(q.start),
    end: chTime(q.end),
    allow_ips: [...(q.allowIps ?? [])],
    allow_cidrs: [...(q.allowCidrs ?? [])],
    allow_ja4: [...(q.allowJa4 ?? [])],
    fam_keys: fam.map((f) => f.key),
    fam_vals: fam.map((f) => f.family),
  };
  const [g, p] = await Promise.all([
    client.query({ query: COHORT_GROUPS_SQL, format: 'JSONEachRow', query_params: params }),
    client.query({ query: COHORT_PATHS_SQL, format: 'JSONEachRow', query_params: params }),
  ]);
  const groups = (await g.json<Record<string, unknown>>()).map((r) => {
    const row = { ...r } as Record<string, unknown>;
    // UInt64 counts arrive as strings in JSON.
    for (const k of NUMERIC) row[k] = Number(r[k]);
    return row as unknown as GroupRow;
  });
  const paths = (await p.json<Record<string, unknown>>()).map(
    (r) => ({ ...r, n: Number(r.n) }) as unknown as PathRow,
  );
  return { groups, paths };
}
