// Reads behind the handshake views. Values travel as query parameters, never inside the SQL text.
import type { ClickHouseClient } from '@clickhouse/client';
import { HandshakeRow } from '../../../common/api/handshakes.js';
import { isoTs, showIp } from '../../core/sql-parts.js';

export async function recentHandshakes(
  ch: ClickHouseClient,
  limit: number,
): Promise<{ rows: HandshakeRow[] }> {
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
      FROM tls_handshakes
      ORDER BY ts DESC
      LIMIT {limit:UInt32}`,
    query_params: { limit },
    format: 'JSONEachRow',
  });
  const rows = await rs.json<Record<string, unknown>>();
  return { rows: rows.map((r) => HandshakeRow.parse(r)) };
}
