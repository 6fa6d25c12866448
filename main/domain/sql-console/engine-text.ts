// The two engine calls the check is built on. Neither runs the analyst's statement: formatQuery()
// receives it as a query parameter (a string value, never SQL text), and EXPLAIN AST only parses.
import type { ClickHouseClient } from '@clickhouse/client';
import { SqlFailed, SqlRefused } from './errors.js';
import { readLines } from './read-lines.js';

/** Longest parse-tree printout read back (a 20,000-character statement prints far less). */
const MAX_AST_BYTES = 4 * 1024 * 1024;

/** The statement as ClickHouse reads it: comments dropped, one statement, canonical spelling. */
export async function canonicalStatement(ch: ClickHouseClient, sql: string): Promise<string> {
  try {
    const rs = await ch.query({
      query: 'SELECT formatQuery({sql:String}) AS statement',
      query_params: { sql },
      format: 'JSONEachRow',
    });
    const [row] = await rs.json<{ statement: string }>();
    if (!row || row.statement.trim() === '')
      throw new SqlRefused('sql.syntax', 'the statement is empty once comments are removed');
    return row.statement;
  } catch (err) {
    throw engineRefusal(err, 'ClickHouse cannot read this as one statement');
  }
}

/** The rows of `EXPLAIN AST <text>`. */
export async function explainAst(ch: ClickHouseClient, text: string): Promise<string[]> {
  try {
    const rs = await ch.exec({
      query: `EXPLAIN AST\n${text}`,
      // A FORMAT clause in `text` belongs to the explained statement; the printout's own format
      // is the default format.
      clickhouse_settings: { default_format: 'JSONCompactEachRow' },
    });
    const { lines, cut } = await readLines(rs.stream, { maxBytes: MAX_AST_BYTES });
    if (cut) throw new SqlRefused('sql.construct', 'the statement is too large to check');
    return lines.map((l) => {
      const row = JSON.parse(l) as unknown;
      if (!Array.isArray(row) || typeof row[0] !== 'string')
        throw new SqlFailed('unexpected EXPLAIN AST output', { line: l.slice(0, 200) });
      return row[0];
    });
  } catch (err) {
    throw engineRefusal(err, 'ClickHouse cannot parse this statement');
  }
}

/** An engine error about the analyst's text as a refusal; anything else passes through. */
function engineRefusal(err: unknown, what: string): unknown {
  if (err instanceof SqlRefused || err instanceof SqlFailed) return err;
  const message = err instanceof Error ? err.message : String(err);
  const code = /Code: (\d+)/.exec(message)?.[1] ?? (err as { code?: string }).code;
  // 62 SYNTAX_ERROR, 456 UNKNOWN_QUERY_PARAMETER, 457 BAD_QUERY_PARAMETER, 168 AST_IS_TOO_BIG,
  // 167 TOO_DEEP_AST, 306 TOO_DEEP_RECURSION
  if (['62', '456', '457', '167', '168', '306'].includes(String(code)))
    return new SqlRefused('sql.syntax', `${what}: ${engineMessage(message)}`);
  return new SqlFailed(`the query could not be checked: ${engineMessage(message)}`, {
    cause: message,
  });
}

/** Longest engine message shown to the analyst. */
const MAX_MESSAGE = 500;

/** The engine's message without its code prefix and without the "In scope formatQuery(...)" echo. */
export function engineMessage(message: string): string {
  const text = message
    .split('\n')[0]!
    .replace(/^Code: \d+\. DB::(?:Errno)?Exception: /, '')
    .replace(/: In scope SELECT formatQuery\(.*$/s, '')
    // The engine echoes the statement it ran ("in scope SELECT … SETTINGS readonly = 1, … FORMAT
    // …"), with the console's own SETTINGS appended: not the analyst's text, and a repeat of it.
    .replace(/:? in scope (?:SELECT|WITH|SHOW|DESCRIBE|DESC|EXPLAIN|EXISTS)\b.*?FORMAT \w+/is, '')
    .replace(/\s*SETTINGS readonly ?=.*?(?:FORMAT \w+|(?=\. \([A-Z_]+\)$)|$)/s, '')
    .replace(/\. \(([A-Z_]+)\)$/, ' ($1)');
  // A syntax error lists every token it expected (hundreds of words): cut at a word, and say so.
  return text.length <= MAX_MESSAGE
    ? text
    : `${text
        .slice(0, MAX_MESSAGE)
        .replace(/\s+\S*$/, '')
        .replace(/[,;:]$/, '')} …`;
}
