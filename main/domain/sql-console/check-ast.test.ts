// The parse-tree check on EXPLAIN AST rows as ClickHouse 26.7 prints them (copied from the
// engine), including rows forged by identifiers that hold line breaks.
import { describe, expect, it } from 'vitest';
import { checkAst, type FunctionVerdict } from './check-ast.js';

const FMT = 'JSONCompactEachRowWithNamesAndTypes';
const final = { kind: 'final', format: FMT } as const;
const analyst = { kind: 'analyst' } as const;
const verdict: FunctionVerdict = (n) => (n === 'file' ? 'reads a file of the server' : undefined);
const tree = (text: string): string[] => text.replace(/^\n/, '').replace(/\n$/, '').split('\n');

const SELECT_FINAL = tree(`
SelectWithUnionQuery (children 2)
 ExpressionList (children 1)
  SelectQuery (children 2)
   ExpressionList (children 1)
    Literal UInt64_1
   Set
 Identifier ${FMT}
`);

describe('checkAst', () => {
  it('accepts the console form of a SELECT', () => {
    expect(() => checkAst(SELECT_FINAL, final, verdict)).not.toThrow();
  });

  it('refuses INTO OUTFILE, a second SETTINGS and a missing FORMAT', () => {
    const outfile = tree(`
SelectWithUnionQuery (children 3)
 ExpressionList (children 1)
  SelectQuery (children 2)
   ExpressionList (children 1)
    Literal UInt64_1
   Set
 Literal '/tmp/x'
 Identifier ${FMT}
`);
    expect(() => checkAst(outfile, final, verdict)).toThrow(/INTO OUTFILE/);
    const twoSets = [...SELECT_FINAL.slice(0, 5), '   Set', ...SELECT_FINAL.slice(5)];
    expect(() => checkAst(twoSets, final, verdict)).toThrow(/SETTINGS/);
    expect(() => checkAst(SELECT_FINAL, analyst, verdict)).toThrow(/FORMAT/);
  });

  it('refuses rows forged by an alias with a line break', () => {
    // SELECT 1 AS `a\nSelectWithUnionQuery (children 1)` INTO OUTFILE '/tmp/x': the alias adds a
    // second root row.
    const forgedRoot = tree(`
SelectWithUnionQuery (children 2)
 ExpressionList (children 1)
  SelectQuery (children 1)
   ExpressionList (children 1)
    Literal UInt64_1 (alias a
SelectWithUnionQuery (children 1))
 Literal '/tmp/x'
`);
    expect(() => checkAst(forgedRoot, analyst, verdict)).toThrow(/line breaks/);
    // A forged child row of the root: the root's own count (no user text on its row) disagrees.
    const forgedChild = tree(`
SelectWithUnionQuery (children 1)
 ExpressionList (children 1)
  SelectQuery (children 1)
   ExpressionList (children 1)
    Literal UInt64_1 (alias x)
 ExpressionList (children 1)
`);
    expect(() => checkAst(forgedChild, analyst, verdict)).toThrow(/line breaks/);
    // A forged row cannot hide a real Function row: its name is printed before any alias.
    const hidden = tree(`
SelectWithUnionQuery (children 1)
 ExpressionList (children 1)
  SelectQuery (children 1)
   ExpressionList (children 1)
    Function file (alias a)
    Function lower (alias b) (children 1)
     ExpressionList (children 1)
      Literal '/etc/shadow'
`);
    expect(() => checkAst(hidden, analyst, verdict)).toThrow(/^file\(\) reads a file/);
  });

  it('refuses a table function by position and unknown node types', () => {
    const zeros = tree(`
SelectWithUnionQuery (children 1)
 ExpressionList (children 1)
  SelectQuery (children 2)
   ExpressionList (children 1)
    Asterisk
   TablesInSelectQuery (children 1)
    TablesInSelectQueryElement (children 1)
     TableExpression (children 1)
      Function format (children 1)
       ExpressionList (children 2)
        Identifier CSV
        Literal '1'
`);
    expect(() => checkAst(zeros, analyst, verdict)).toThrow(/table function format\(\)/);
    const apply = tree(`
SelectWithUnionQuery (children 1)
 ExpressionList (children 1)
  SelectQuery (children 1)
   ExpressionList (children 1)
    Asterisk (children 1)
     ColumnsTransformerList (children 1)
      ColumnsApplyTransformer
`);
    expect(() => checkAst(apply, analyst, verdict)).toThrow(/APPLY/);
    const nested = tree(`
SelectWithUnionQuery (children 1)
 ExpressionList (children 1)
  SelectQuery (children 1)
   ExpressionList (children 1)
    SomethingNew
`);
    expect(() => checkAst(nested, analyst, verdict)).toThrow(/SomethingNew/);
  });

  it('reads statements other than SELECT', () => {
    expect(() =>
      checkAst(tree('InsertQuery   (children 1)\n Identifier t'), analyst, verdict),
    ).toThrow(/reads this one as INSERT/);
    const show = tree(`
ShowTables (children 3)
 Identifier system
 Identifier ${FMT}
 Set
`);
    expect(() => checkAst(show, final, verdict)).not.toThrow();
    const showOutfile = tree(`
ShowTables (children 4)
 Identifier system
 Literal '/tmp/x'
 Identifier ${FMT}
 Set
`);
    expect(() => checkAst(showOutfile, final, verdict)).toThrow(/INTO OUTFILE/);
    const explain = tree(`
Explain EXPLAIN AST (children 1)
 SelectWithUnionQuery (children 2)
  ExpressionList (children 1)
   SelectQuery (children 2)
    ExpressionList (children 1)
     Literal UInt64_1
    Set
  Identifier ${FMT}
`);
    expect(() => checkAst(explain, final, verdict)).not.toThrow();
    const explainInsert = tree(`
Explain EXPLAIN AST (children 1)
 InsertQuery   (children 1)
  Identifier t
`);
    expect(() => checkAst(explainInsert, analyst, verdict)).toThrow(/SELECT statements only/);
  });
});
