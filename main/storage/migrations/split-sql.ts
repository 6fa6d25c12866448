// Split a SQL script into statements at top-level semicolons. Quotes ('', "", ``), line comments
// and block comments are respected so a ';' inside them never splits. Statements that hold only
// comments and whitespace are dropped.
export function splitSql(script: string): string[] {
  const out: string[] = [];
  let start = 0;
  let i = 0;
  const n = script.length;
  while (i < n) {
    const c = script[i]!;
    if (c === "'" || c === '"' || c === '`') {
      i = skipQuoted(script, i, c);
    } else if (c === '-' && script[i + 1] === '-') {
      const eol = script.indexOf('\n', i);
      i = eol < 0 ? n : eol + 1;
    } else if (c === '/' && script[i + 1] === '*') {
      const end = script.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === ';') {
      push(out, script.slice(start, i));
      start = ++i;
    } else {
      i++;
    }
  }
  push(out, script.slice(start));
  return out;
}

function skipQuoted(s: string, open: number, q: string): number {
  let i = open + 1;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '\\') i += 2;
    else if (c === q && s[i + 1] === q) i += 2;
    else if (c === q) return i + 1;
    else i++;
  }
  return s.length;
}

function push(out: string[], stmt: string): void {
  const trimmed = stmt.trim();
  if (stripComments(trimmed).trim().length > 0) out.push(trimmed);
}

/** Remove -- and block comments outside quotes (used to decide whether a statement is empty). */
export function stripComments(sql: string): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "'" || c === '"' || c === '`') {
      const end = skipQuoted(sql, i, c);
      out += sql.slice(i, end);
      i = end;
    } else if (c === '-' && sql[i + 1] === '-') {
      const eol = sql.indexOf('\n', i);
      i = eol < 0 ? sql.length : eol;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}
