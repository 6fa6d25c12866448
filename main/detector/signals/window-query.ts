// The one read every signal query makes: a source table (default http_logs), a [start, end)
// window in ms and a row limit (default 1000) as query parameters, rows back as JSON.
import type { ClickHouseClient } from '@clickhouse/client';
import { chTime } from '../util/ch-time.js';

export interface WindowQuery {
  table?: string;
  start: number;
  end: number;
  limit?: number;
}

export async function windowRows<T>(
  client: ClickHouseClient,
  query: string,
  q: WindowQuery,
  params: Record<string, unknown> = {},
): Promise<T[]> {
  const rs = await client.query({
    query,
    format: 'JSONEachRow',
    query_params: {
      src: q.table ?? 'http_logs',
      start: chTime(q.start),
      end: chTime(q.end),
      limit: q.limit ?? 1000,
      ...params,
    },
  });
  return rs.json<T>();
}
