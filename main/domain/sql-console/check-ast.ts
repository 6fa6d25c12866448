// The console's decision, made on ClickHouse's own parse tree (EXPLAIN AST rows, ast-rows.ts):
// one reading statement, no clause that writes or changes settings, no function that reaches a
// file, the network, the process or the engine's state. Pure: the rows come from the engine.
//
// Runs twice per query: on the analyst's statement as ClickHouse formatted it ('analyst': clear
// messages, nothing of the console's added yet) and on the exact text that will run ('final':
// the console's SETTINGS and FORMAT added, each must appear exactly once).
import { type AstRow, childCount, functionName, parseAstRows } from './ast-rows.js';
import { SqlRefused } from './errors.js';
import { NODE_TYPES, STATEMENTS, TABLE_FUNCTIONS } from './policy.js';

export type Stage = { kind: 'analyst' } | { kind: 'final'; format: string };

/** Why a function is refused, or undefined when it may run. */
export type FunctionVerdict = (lowerName: string) => string | undefined;

const EXPLAIN_KINDS =
  /^EXPLAIN(?: (?:AST|SYNTAX|QUERY TREE|PLAN|PIPELINE|ESTIMATE))? \(children \d+\)$/;
const CLAUSES = 'INTO OUTFILE, FORMAT and SETTINGS are chosen by the console: remove them';

const ROOT_NAMES: Record<string, string> = {
  InsertQuery: 'INSERT',
  CreateQuery: 'CREATE',
  AlterQuery: 'ALTER',
  DropQuery: 'DROP or TRUNCATE',
  SetQuery: 'SET',
  SystemQuery: 'SYSTEM',
  KillQueryQuery: 'KILL',
  OptimizeQuery: 'OPTIMIZE',
  RenameQuery: 'RENAME',
  GrantQuery: 'GRANT or REVOKE',
  UseQuery: 'USE',
  ExistsTableQuery: 'EXISTS (use SELECT ... FROM system.tables)',
  ShowCreateTableQuery: 'SHOW CREATE (use SELECT create_table_query FROM system.tables)',
};

/** Throws SqlRefused naming what was refused; returns normally when the tree may run. */
export function checkAst(lines: readonly string[], stage: Stage, verdict: FunctionVerdict): void {
  const rows = parseAstRows(lines);
  const root = rows[0];
  if (!root || root.depth !== 0)
    throw new SqlRefused('sql.syntax', 'ClickHouse returned no parse tree for this statement');
  // Every real node starts a row of its own; a second row at depth 0 can only come from an
  // identifier or alias holding a line break, which would make the tree ambiguous.
  if (rows.some((r, i) => i > 0 && r.depth === 0))
    throw new SqlRefused(
      'sql.construct',
      'identifiers and aliases with line breaks are not accepted; rename them',
    );

  let formats = 0;
  switch (root.type) {
    case 'SelectWithUnionQuery':
      formats = checkSelect(rows, 0, stage);
      break;
    case 'Explain': {
      if (!EXPLAIN_KINDS.test(root.rest))
        throw new SqlRefused(
          'sql.not_read_only',
          `the console does not run ${root.rest.replace(/ \(children \d+\)$/, '')}`,
        );
      const kids = childrenOf(rows, 0);
      const inner = kids.filter((i) => rows[i]!.type === 'SelectWithUnionQuery');
      if (inner.length !== 1)
        throw new SqlRefused('sql.not_read_only', 'the console explains SELECT statements only');
      formats += checkSelect(rows, inner[0]!, stage);
      for (const i of kids) if (i !== inner[0]) formats += outputClause(rows[i]!, stage);
      break;
    }
    case 'DescribeQuery': {
      const kids = childrenOf(rows, 0);
      if (rows[kids[0] ?? -1]?.type !== 'TableExpression')
        throw new SqlRefused('sql.syntax', 'unexpected parse tree for DESCRIBE');
      for (const i of kids.slice(1)) formats += outputClause(rows[i]!, stage);
      break;
    }
    case 'ShowTables': {
      // Children: the database of SHOW TABLES FROM db (an Identifier with user text), then the
      // console's FORMAT (another Identifier) and SETTINGS. Any other clause is refused.
      const kids = childrenOf(rows, 0).map((i) => rows[i]!);
      const names = kids.filter((k) => k.type === 'Identifier');
      for (const k of kids) if (k.type !== 'Identifier') outputClause(k, stage);
      const last = names[names.length - 1];
      if (stage.kind === 'final' && last && isFormatRow(last, stage.format)) formats = 1;
      if (names.length - formats > 1) throw new SqlRefused('sql.clause', CLAUSES);
      break;
    }
    default:
      throw new SqlRefused(
        'sql.not_read_only',
        `the console runs one read-only statement (${STATEMENTS}); ClickHouse reads this one as ${ROOT_NAMES[root.type] ?? root.type}`,
        { root: root.type },
      );
  }
  if (stage.kind === 'final' && formats !== 1)
    throw new SqlRefused('sql.clause', CLAUSES, { formats });

  const sets = rows.filter((r) => r.type === 'Set').length;
  if (sets !== (stage.kind === 'final' ? 1 : 0))
    throw new SqlRefused('sql.clause', CLAUSES, { sets });

  for (let i = 1; i < rows.length; i++) {
    const row = rows[i]!;
    if (row.type === 'Function') {
      const name = functionName(row);
      const lower = name.toLowerCase();
      const why = verdict(lower);
      if (why)
        throw new SqlRefused('sql.function', `${name}() ${why}: the console refuses it`, {
          function: name,
        });
      if (rows[i - 1]!.type === 'TableExpression' && !TABLE_FUNCTIONS.has(lower))
        throw new SqlRefused(
          'sql.table_function',
          `table function ${name}() is not available in the console (allowed: ${[...TABLE_FUNCTIONS].join(', ')})`,
          { function: name },
        );
    } else if (row.type === 'ColumnsApplyTransformer') {
      throw new SqlRefused(
        'sql.construct',
        'APPLY(...) column transformers are not accepted: call the function on the columns instead',
      );
    } else if (!NODE_TYPES.has(row.type)) {
      throw new SqlRefused(
        'sql.construct',
        `the console does not accept a ${row.type} in a query`,
        {
          node: row.type,
        },
      );
    }
  }
}

/** Row indexes of the direct children of rows[at], checked against its "(children N)". */
function childrenOf(rows: readonly AstRow[], at: number): number[] {
  const depth = rows[at]!.depth;
  const out: number[] = [];
  for (let i = at + 1; i < rows.length && rows[i]!.depth > depth; i++)
    if (rows[i]!.depth === depth + 1) out.push(i);
  if (out.length !== childCount(rows[at]!))
    throw new SqlRefused(
      'sql.construct',
      'identifiers and aliases with line breaks are not accepted; rename them',
    );
  return out;
}

/**
 * A SelectWithUnionQuery's direct children: its list of SELECTs, then the output clauses ClickHouse
 * hangs on it (INTO OUTFILE and COMPRESSION as Literals, FORMAT as an Identifier, SETTINGS as a
 * Set). Its row carries no user text, so its child count is the engine's. Returns the number of
 * the console's own FORMAT found.
 */
function checkSelect(rows: readonly AstRow[], at: number, stage: Stage): number {
  const head = rows[at]!;
  if (!/^\(children \d+\)$/.test(head.rest))
    throw new SqlRefused('sql.syntax', 'unexpected parse tree for a SELECT');
  const kids = childrenOf(rows, at);
  if (rows[kids[0] ?? -1]?.type !== 'ExpressionList')
    throw new SqlRefused('sql.syntax', 'unexpected parse tree for a SELECT');
  let formats = 0;
  for (const i of kids.slice(1)) formats += outputClause(rows[i]!, stage);
  return formats;
}

/** An output clause on a statement: only the console's FORMAT (final stage) is accepted. */
function outputClause(row: AstRow, stage: Stage): number {
  if (stage.kind === 'final' && isFormatRow(row, stage.format)) return 1;
  if (row.type === 'Set') return 0; // counted once for the whole tree
  throw new SqlRefused('sql.clause', CLAUSES, { node: row.type });
}

function isFormatRow(row: AstRow, format: string): boolean {
  return row.type === 'Identifier' && row.rest === format;
}
