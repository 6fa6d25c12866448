// Search over handshakes (tls_handshakes) or correlated requests (http_logs), newest first.
import type { ClickHouseClient } from '@clickhouse/client';
import { type SearchFilters, SearchRow, type SearchSource } from '../../../common/api/search.js';
import type { TimeWindow } from '../../../common/api/time-range.js';
import { tlsConnections } from '../../core/connections-sql.js';
import { type PairSet, SOURCE_TABLE, searchWhere } from './filters.js';
import { mismatchedPairs } from '../mismatch/pairs.js';
import { isoTs, num, type Params, rows, showIp, windowParams } from '../../core/sql-parts.js';

export interface SearchInput {
  window: TimeWindow;
  source?: SearchSource;
  filters?: SearchFilters;
}

/** The SELECT list, in SearchRow's column order, for each source. */
export function selectList(source: SearchSource, exportFields = false): string {
  const request =
    source === 'requests'
      ? `e.method AS method, e.host AS host, e.path AS path, e.status AS status,
         e.user_agent AS user_agent, toString(e.correlation) AS correlation${
           exportFields ? ', e.query AS query, toString(e.ja4h) AS ja4h' : ''
         }`
      : `'' AS method, '' AS host, '' AS path, toUInt16(0) AS status, '' AS user_agent, '' AS correlation${
          exportFields ? `, '' AS query, '' AS ja4h` : ''
        }`;
  return `${isoTs('e.ts')} AS ts, e.sensor AS sensor,
    ${showIp('e.src_ip')} AS src, e.src_port AS src_port, ${showIp('e.dst_ip')} AS dst,
    e.dst_port AS dst_port, e.tls_server_name AS sni, e.alpn AS alpn, e.tls_version AS tls_version,
    e.ja4 AS ja4, e.ja4s AS ja4s, e.ja3 AS ja3, ${source === 'requests' ? "''" : 'e.tls_upgrade'} AS tls_upgrade,
    ${request}`;
}

/** The pairs the mismatch filter needs, when the search has it (undefined otherwise). */
export async function pairsFor(
  ch: ClickHouseClient,
  input: SearchInput,
): Promise<PairSet | undefined> {
  if (input.filters?.mismatch === undefined) return undefined;
  const { pairs } = await mismatchedPairs(ch, input.window);
  return { ja4s: pairs.map((p) => p.ja4), uas: pairs.map((p) => p.user_agent) };
}

export function searchSql(
  input: SearchInput,
  exportFields = false,
  pairs?: PairSet,
): { sql: string; params: Params; where: string } {
  const source = input.source ?? 'handshakes';
  const params: Params = windowParams(input.window);
  const where = searchWhere(input.filters ?? {}, params, pairs);
  return {
    sql: `SELECT ${selectList(source, exportFields)} FROM ${source === 'handshakes' ? tlsConnections(where) : SOURCE_TABLE[source]} AS e WHERE ${where} ORDER BY e.ts DESC`,
    params,
    where,
  };
}

export async function search(
  ch: ClickHouseClient,
  input: SearchInput & { limit?: number },
): Promise<{ rows: SearchRow[]; total: number }> {
  const source = input.source ?? 'handshakes';
  const { sql, params, where } = searchSql(input, false, await pairsFor(ch, input));
  const limit = input.limit ?? 1000;
  const found = await rows(ch, `${sql} LIMIT {limit:UInt32}`, { ...params, limit });
  let total = found.length;
  if (found.length >= limit) {
    // Same filters and parameters as the page (built once by searchSql). tls_handshakes holds one
    // row per connection; its final rows (tls_handshake_finals) differ in no filtered field.
    const [c] = await rows<{ n: unknown }>(
      ch,
      `SELECT count() AS n FROM ${SOURCE_TABLE[source]} AS e WHERE ${where}`,
      params,
    );
    total = num(c?.n);
  }
  return { rows: found.map((r) => SearchRow.parse(r)), total };
}
