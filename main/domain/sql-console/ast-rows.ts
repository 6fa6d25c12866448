// The rows of `EXPLAIN AST`, ClickHouse's own parse tree printed one node per row, indented one
// space per level: `<indent><Type>[ <detail>][ (alias a)][ (children N)]`.
//
// The printout is not escaped: an alias or identifier holding a newline adds rows that do not
// belong to any node. The checks in check-ast.ts are therefore written so that extra rows can
// only make a statement refused, never accepted: every real node always starts a row of its own
// with its real type, so checks read a row's type and a Function row's name (both printed before
// any user text), count rows, and trust a "(children N)" only on rows that carry no user text.
export interface AstRow {
  depth: number;
  type: string;
  /** Everything after the type, e.g. `file (alias f) (children 1)` for a Function row. */
  rest: string;
}

export function parseAstRows(lines: readonly string[]): AstRow[] {
  return lines.map((line) => {
    const depth = line.length - line.trimStart().length;
    const body = line.slice(depth);
    const space = body.indexOf(' ');
    return space < 0
      ? { depth, type: body, rest: '' }
      : { depth, type: body.slice(0, space), rest: body.slice(space + 1) };
  });
}

/** The function a `Function` row calls: the first word after the type. */
export function functionName(row: AstRow): string {
  const space = row.rest.indexOf(' ');
  return space < 0 ? row.rest : row.rest.slice(0, space);
}

/** N of a trailing "(children N)", 0 without one. */
export function childCount(row: AstRow): number {
  const m = / ?\(children (\d+)\)$/.exec(row.rest);
  return m ? Number(m[1]) : 0;
}
