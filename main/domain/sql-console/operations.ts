// The read-only SQL console. The analyst's text is never what runs: ClickHouse formats it into
// one canonical statement (formatQuery), the console checks that statement's parse tree
// (EXPLAIN AST, check-ast.ts), appends its own SETTINGS (readonly, time, rows, bytes, memory) and
// FORMAT, checks the parse tree of that exact text again, and runs that text. Details and reasons:
// docs/decisions.md ("SQL console").
import type { ClickHouseClient } from '@clickhouse/client';
import { ApiError } from '../../../common/api/api-error.js';
import { rows } from '../../core/sql-parts.js';
import { checkAst } from './check-ast.js';
import { canonicalStatement, engineMessage, explainAst } from './engine-text.js';
import { SqlFailed, SqlRefused } from './errors.js';
import { functionVerdict } from './function-catalog.js';
import { type Limits, limitSettings, SQL_LIMITS } from './limits.js';
import { readLines } from './read-lines.js';
import { mustRestateReadonly } from './server-readonly.js';

export { SQL_LIMITS } from './limits.js';

/** Output of the statement that runs: names, types, then one JSON array per row. */
export const RESULT_FORMAT = 'JSONCompactEachRowWithNamesAndTypes';

/** The engine the console runs on. */
export interface ConsoleEngine {
  ch: ClickHouseClient;
  /**
   * Whether statements carry readonly = 1: true for the embedded engine and for a server without a
   * console user; 'auto' for a server's console user, whose profile should hold readonly itself
   * (then it is not restated: a readonly user may not) and gets it in the statement if not.
   */
  readonlyInQuery: boolean | 'auto';
  /** Tighter limits than SQL_LIMITS (tests). */
  limits?: Partial<Limits>;
}

export interface SqlResult {
  columns: { name: string; type: string }[];
  rows: unknown[][];
  truncated: boolean;
  /** Why rows are missing: more rows than asked for, or more bytes than the console reads. */
  truncatedBy?: 'rows' | 'bytes';
  elapsedMs: number;
}

/** The exact text that will run, or SqlRefused saying what in the statement was refused. */
export async function prepareConsoleQuery(
  engine: ConsoleEngine,
  sql: string,
  maxRows: number,
): Promise<string> {
  const canonical = await canonicalStatement(engine.ch, sql);
  const verdict = await functionVerdict(engine.ch);
  checkAst(await explainAst(engine.ch, canonical), { kind: 'analyst' }, verdict);
  const limits = { ...SQL_LIMITS, ...engine.limits };
  const readonly =
    engine.readonlyInQuery === 'auto'
      ? await mustRestateReadonly(engine.ch).catch((err: unknown) => {
          throw new SqlFailed(
            `the console user's settings cannot be read: ${engineMessage(String(err))}`,
          );
        })
      : engine.readonlyInQuery;
  const text = `${canonical}\nSETTINGS ${limitSettings(maxRows, readonly, limits)} \nFORMAT ${RESULT_FORMAT}`;
  checkAst(await explainAst(engine.ch, text), { kind: 'final', format: RESULT_FORMAT }, verdict);
  return text;
}

export async function runReadOnlySql(
  engine: ConsoleEngine,
  input: { sql: string; maxRows?: number },
): Promise<SqlResult> {
  const maxRows = input.maxRows ?? 1000;
  const started = performance.now();
  try {
    const text = await prepareConsoleQuery(engine, input.sql, maxRows);
    const limits = { ...SQL_LIMITS, ...engine.limits };
    return {
      ...(await execute(engine.ch, text, maxRows, limits)),
      elapsedMs: Math.round(performance.now() - started),
    };
  } catch (err) {
    if (err instanceof SqlRefused || err instanceof SqlFailed)
      throw new ApiError('invalid', err.code, err.message, 'sql');
    throw err;
  }
}

async function execute(
  ch: ClickHouseClient,
  text: string,
  maxRows: number,
  limits: Limits,
): Promise<Omit<SqlResult, 'elapsedMs'>> {
  let read;
  try {
    // The text's FORMAT sets the output; default_format covers EXPLAIN AST, where ClickHouse hangs
    // that FORMAT on the explained statement instead.
    const rs = await ch.exec({
      query: text,
      clickhouse_settings: { default_format: RESULT_FORMAT },
    });
    // Two header lines, the rows shown, and one more that says there were more.
    read = await readLines(rs.stream, {
      maxBytes: limits.maxResponseBytes,
      maxLines: maxRows + 3,
    });
  } catch (err) {
    throw failure(err, limits);
  }
  const [names = [], types = [], ...data] = read.lines.map(parseRow);
  const columns = names.map((name, i) => ({ name: String(name), type: String(types[i] ?? '') }));
  const byRows = data.length > maxRows;
  const truncatedBy = read.cut ? 'bytes' : byRows ? 'rows' : undefined;
  return {
    columns,
    rows: data.slice(0, maxRows),
    truncated: truncatedBy !== undefined,
    ...(truncatedBy ? { truncatedBy } : {}),
  };
}

function parseRow(line: string): unknown[] {
  let row: unknown;
  try {
    row = JSON.parse(line);
  } catch {
    row = undefined;
  }
  if (!Array.isArray(row))
    throw new SqlFailed(`the result is not in ${RESULT_FORMAT}`, { line: line.slice(0, 200) });
  return row;
}

function failure(err: unknown, limits: Limits): SqlFailed {
  const message = err instanceof Error ? err.message : String(err);
  const code = /Code: (\d+)/.exec(message)?.[1] ?? String((err as { code?: string }).code ?? '');
  if (code === '159')
    return new SqlFailed(
      `the query ran longer than ${limits.maxExecutionSeconds} s: narrow the time range or aggregate`,
    );
  if (code === '241')
    return new SqlFailed(
      `the query needed more than ${limits.maxMemoryBytes / 1e9} GB of memory: aggregate or add a LIMIT`,
    );
  return new SqlFailed(`the query failed: ${engineMessage(message)}`);
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
