// Reads behind the handshake views. Values travel as query parameters, never inside the SQL text.
import type { ClickHouseClient } from '@clickhouse/client';
import { HandshakeRow } from '../../../common/api/handshakes.js';
import { tlsConnections } from '../../core/connections-sql.js';
import { isoTs, showIp } from '../../core/sql-parts.js';

// ORDER BY ts DESC over the whole table read every row's ts (the table is ordered by src_ip):
// 1.2-1.8 s at 10 M rows. max(ts) comes from the parts' min/max index at no cost, so the read
// first looks at the newest hour (then day) of stored data, whose partitions are all it opens;
// when that holds `limit` rows they are the newest overall. Fewer means sparse data: widen.
const SPANS_S = [3600, 86_400, undefined];

export async function recentHandshakes(
  ch: ClickHouseClient,
  limit: number,
): Promise<{ rows: HandshakeRow[] }> {
  let rows: Record<string, unknown>[] = [];
  for (const span of SPANS_S) {
    const rs = await ch.query({
      query: `
      SELECT
        ${isoTs('ts')} AS ts,
        sensor,
        ${showIp('src_ip')} AS src,
        src_port,
        ${showIp('dst_ip')} AS dst,
        dst_port,
        tls_server_name, ja4, ja4s, ja3
      FROM ${tlsConnections(span === undefined ? '1' : 'e.ts >= (SELECT max(ts) FROM tls_handshakes) - toIntervalSecond({span:UInt32})')} AS e
      ORDER BY e.ts DESC
      LIMIT {limit:UInt32}`,
      query_params: { limit, ...(span === undefined ? {} : { span }) },
      format: 'JSONEachRow',
    });
    rows = await rs.json<Record<string, unknown>>();
    if (rows.length >= limit) break;
  }
  return { rows: rows.map((r) => HandshakeRow.parse(r)) };
}
