// Checks an analyst's SQL before it runs: one statement, and a reading one. ClickHouse enforces
// readonly=1 itself (appended to the query text); this check gives a clear message first and
// refuses the forms readonly would not stop on every engine (multiple statements, SET).
import { AppError } from '../../../common/util/errors.js';

export class SqlRefused extends AppError {}

/** The statement with comments and string/identifier contents blanked, for keyword checks. */
export function maskSql(sql: string): string {
  let out = '';
  for (let i = 0; i < sql.length;) {
    const c = sql[i]!;
    if (c === '-' && sql[i + 1] === '-') {
      while (i < sql.length && sql[i] !== '\n') i++;
      out += ' ';
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
      out += ' ';
    } else if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      while (j < sql.length && sql[j] !== c) j += sql[j] === '\\' ? 2 : 1;
      out += `${c}${' '.repeat(Math.max(0, Math.min(j, sql.length) - i - 1))}${c}`;
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

const READING = /^\s*\(?\s*(SELECT|WITH|SHOW|DESCRIBE|DESC|EXPLAIN|EXISTS)\b/i;

/** Returns the statement without its trailing semicolon, or throws SqlRefused saying why. */
export function checkReadOnlyStatement(sql: string): string {
  const masked = maskSql(sql);
  const body = masked.replace(/;\s*$/, '');
  if (body.includes(';'))
    throw new SqlRefused(
      'sql.multiple',
      'one statement at a time: remove the ";" between statements',
    );
  if (!READING.test(body))
    throw new SqlRefused(
      'sql.not_read_only',
      'the console runs read-only queries: start with SELECT, WITH, SHOW, DESCRIBE, EXPLAIN or EXISTS',
    );
  if (/\b(SETTINGS|FORMAT|INTO\s+OUTFILE)\b/i.test(body))
    throw new SqlRefused(
      'sql.clause',
      'SETTINGS, FORMAT and INTO OUTFILE are set by the console; remove them from the query',
    );
  const end = sql.trimEnd();
  return end.endsWith(';') && masked.trimEnd().endsWith(';') ? end.slice(0, -1) : end;
}
