import { describe, expect, it } from 'vitest';
import { splitSql } from './split-sql.js';

describe('splitSql', () => {
  it('splits at top-level semicolons only', () => {
    const sql = `CREATE TABLE a (s String DEFAULT ';') ENGINE = Memory; -- a comment; with a semicolon
/* block; comment */ SELECT "x;y", \`a;b\`, 'it''s;' ;
-- only a comment;
;`;
    expect(splitSql(sql)).toEqual([
      "CREATE TABLE a (s String DEFAULT ';') ENGINE = Memory",
      `-- a comment; with a semicolon\n/* block; comment */ SELECT "x;y", \`a;b\`, 'it''s;'`,
    ]);
  });

  it('keeps a last statement without a semicolon and handles escapes', () => {
    expect(splitSql(`SELECT 'a\\';b'; SELECT 2`)).toEqual([`SELECT 'a\\';b'`, 'SELECT 2']);
  });
});
