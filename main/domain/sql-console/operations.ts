// The read-only SQL console. Limits travel in the query text (`SETTINGS readonly = 1, ...`): the
// embedded engine would keep call settings on its one session (main/storage/chdb-client.ts).
import type { ClickHouseClient } from '@clickhouse/client';
import { HttpError } from '../../api/http/body.js';
import { rows } from '../../core/sql-parts.js';
import { checkReadOnlyStatement, SqlRefused } from './statement.js';

export const SQL_LIMITS = { maxExecutionSeconds: 15, maxMemoryBytes: 2_000_000_000 };

export async function runReadOnlySql(
  ch: ClickHouseClient,
  input: { sql: string; maxRows?: number },
): Promise<{
  columns: { name: string; type: string }[];
  rows: unknown[][];
  truncated: boolean;
  elapsedMs: number;
}> {
  const maxRows = input.maxRows ?? 1000;
  let statement: string;
  try {
    statement = checkReadOnlyStatement(input.sql);
  } catch (err) {
    if (err instanceof SqlRefused) throw new HttpError(400, err.code, err.message, 'sql');
    throw err;
  }
  // One more row than shown tells us the result was cut; 'break' stops at a block boundary, so
  // the row cap is applied again below.
  const query = `${statement}
SETTINGS readonly = 1, max_execution_time = ${SQL_LIMITS.maxExecutionSeconds},
  max_result_rows = ${maxRows + 1}, result_overflow_mode = 'break',
  max_memory_usage = ${SQL_LIMITS.maxMemoryBytes}`;
  const started = performance.now();
  let result: { meta?: { name: string; type: string }[]; data: unknown[][] };
  try {
    const rs = await ch.query({ query, format: 'JSONCompact' });
    result = await rs.json();
  } catch (err) {
    throw new HttpError(400, 'sql.failed', `the query failed: ${firstLine(err)}`, 'sql');
  }
  const data = result.data ?? [];
  return {
    columns: (result.meta ?? []).map((m) => ({ name: m.name, type: m.type })),
    rows: data.slice(0, maxRows),
    truncated: data.length > maxRows,
    elapsedMs: Math.round(performance.now() - started),
  };
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0]!.slice(0, 500);
}

export async function sqlSchema(ch: ClickHouseClient): Promise<{
  tables: { name: string; engine: string; columns: { name: string; type: string }[] }[];
}> {
  const cols = await rows<{ table: string; engine: string; name: string; type: string }>(
    ch,
    `SELECT c.table AS table, t.engine AS engine, c.name AS name, c.type AS type
     FROM system.columns AS c
     INNER JOIN system.tables AS t ON t.database = c.database AND t.name = c.table
     WHERE c.database = currentDatabase() AND NOT startsWith(c.table, '.inner')
     ORDER BY c.table, c.position`,
    {},
  );
  const tables = new Map<
    string,
    { name: string; engine: string; columns: { name: string; type: string }[] }
  >();
  for (const c of cols) {
    let t = tables.get(c.table);
    if (!t) tables.set(c.table, (t = { name: c.table, engine: c.engine, columns: [] }));
    t.columns.push({ name: c.name, type: c.type });
  }
  return { tables: [...tables.values()] };
}
