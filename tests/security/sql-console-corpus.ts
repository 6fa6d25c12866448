// SQL that tries to talk the console out of read-only (issue 15 points 1 and 2, verbatim, and a
// corpus built from ClickHouse's syntax). Test data: `out(i)` is a path the statement would write,
// `secret` a file it would read, `table` a table it would create.
export interface HostileTargets {
  out: (i: number) => string;
  secret: string;
  table: string;
}

export interface HostileForm {
  name: string;
  sql: string;
}

export function hostileForms(t: HostileTargets): HostileForm[] {
  const forms: [string, string][] = [];
  const add = (name: string, sql: string): void => void forms.push([name, sql]);
  let n = 0;
  const out = (): string => t.out(n++);
  const url = "'http://127.0.0.1:9/x', 'CSV', 'a String'";

  // Issue 15, point 1, verbatim with a temporary path.
  add('issue: # comment hides INTO OUTFILE', `SELECT 'x' AS x # '\nINTO OUTFILE '${out()}' -- '`);
  add(
    'issue: nested comment hides INTO OUTFILE',
    `SELECT 'x' AS x /* /* */ ' */ INTO OUTFILE '${out()}' -- '`,
  );
  add(
    'issue: WITH ... INSERT INTO FUNCTION file',
    `WITH 1 AS x INSERT INTO FUNCTION file('${out()}','LineAsString') # '\nFORMAT LineAsString\nssh-ed25519 AAAA attacker ''`,
  );
  add(
    'issue: smuggled CREATE TABLE and INSERT',
    `SELECT 1 # '\n; CREATE TABLE ${t.table} (a Int8) ENGINE = Memory; INSERT INTO ${t.table} VALUES (1); SELECT 1 -- '`,
  );
  add('issue: smuggled SET', `SELECT 1 # '\n; SET max_result_rows = 3; SELECT 1 -- '`);
  add('issue: smuggled SET readonly', `SELECT 1 # '\n; SET readonly = 0; SELECT 1 -- '`);
  // Point 2.
  add('issue: scalar file() of /etc/shadow', `SELECT file('/etc/shadow')`);
  add('issue: scalar file() of a secret', `SELECT file('${t.secret}')`);
  add('issue: scalar file() of the environment', `SELECT file('/proc/self/environ')`);

  // Comments: #, #!, --, nested /* */, in every place a clause could hide.
  for (const [open, close] of [
    ['#', '\n'],
    ['#!', '\n'],
    ['--', '\n'],
    ['/* /* */', '*/'],
    ['/*', '*/'],
  ] as const) {
    add(
      `comment ${open}: INTO OUTFILE after it`,
      `SELECT 1 ${open} x ${close} INTO OUTFILE '${out()}'`,
    );
    add(
      `comment ${open}: hides a quote`,
      `SELECT 1 ${open} ' ${close} INTO OUTFILE '${out()}' -- '`,
    );
    add(
      `comment ${open}: before a second statement`,
      `SELECT 1 ${open} ; ${close}; DROP TABLE tls_handshakes`,
    );
  }
  // Strings, escapes and heredocs.
  add("string escape \\' hides a clause", `SELECT 'a\\' INTO OUTFILE '${out()}' -- '`);
  add("string doubled '' hides a clause", `SELECT 'a''' INTO OUTFILE '${out()}' -- '`);
  add('string \\\\ then clause', `SELECT 'a\\\\' INTO OUTFILE '${out()}'`);
  add('heredoc $$ hides a quote', `SELECT $$ ' $$ INTO OUTFILE '${out()}' -- '`);
  add('heredoc $tag$ hides a quote', `SELECT $tag$ ' $tag$ INTO OUTFILE '${out()}' -- '`);
  add('heredoc then a statement', `SELECT $$;$$; CREATE TABLE ${t.table} (a Int8) ENGINE = Memory`);
  add('double-quoted identifier hides a quote', `SELECT 1 AS "'" INTO OUTFILE '${out()}' -- '`);
  add('backquoted identifier hides a quote', `SELECT 1 AS \`'\` INTO OUTFILE '${out()}' -- '`);
  // Several statements.
  add('two statements', 'SELECT 1; DROP TABLE tls_handshakes');
  add('two statements, empty between', 'SELECT 1;; SELECT 2');
  add('statement after a trailing ;', `SELECT 1; INSERT INTO http_logs (path) VALUES ('x')`);
  add('PARALLEL WITH', `SELECT 1 PARALLEL WITH CREATE TABLE ${t.table} (a Int8) ENGINE = Memory`);
  // SETTINGS anywhere.
  add('SETTINGS readonly = 0', 'SELECT 1 SETTINGS readonly = 0');
  add(
    'SETTINGS raising the row limit',
    'SELECT * FROM numbers(10) SETTINGS max_result_rows = 1000000',
  );
  add('SETTINGS in a subquery', 'SELECT * FROM (SELECT 1 SETTINGS max_execution_time = 0)');
  add('SETTINGS after FORMAT', 'SELECT 1 FORMAT CSV SETTINGS readonly = 0');
  add('SETTINGS on DESCRIBE', 'DESCRIBE TABLE tls_handshakes SETTINGS describe_compact_output = 1');
  add('EXPLAIN options', 'EXPLAIN header = 1 SELECT 1');
  // FORMAT.
  add('FORMAT', 'SELECT 1 FORMAT CSV');
  add('FORMAT on SHOW TABLES', 'SHOW TABLES FORMAT TSV');
  add('FORMAT on DESCRIBE', 'DESCRIBE TABLE tls_handshakes FORMAT CSV');
  add('FORMAT on UNION', 'SELECT 1 UNION ALL SELECT 2 FORMAT Native');
  // INTO OUTFILE and its options.
  add('INTO OUTFILE', `SELECT 1 INTO OUTFILE '${out()}'`);
  add('INTO OUTFILE AND STDOUT', `SELECT 1 INTO OUTFILE '${out()}' AND STDOUT`);
  add('INTO OUTFILE APPEND', `SELECT 1 INTO OUTFILE '${out()}' APPEND`);
  add('INTO OUTFILE TRUNCATE', `SELECT 1 INTO OUTFILE '${out()}' TRUNCATE`);
  add('INTO OUTFILE COMPRESSION', `SELECT 1 INTO OUTFILE '${out()}' COMPRESSION 'gzip' LEVEL 3`);
  add('INTO OUTFILE with FORMAT', `SELECT 1 INTO OUTFILE '${out()}' FORMAT LineAsString`);
  add('INTO OUTFILE on UNION', `SELECT 1 UNION ALL SELECT 2 INTO OUTFILE '${out()}'`);
  add('INTO OUTFILE on EXPLAIN', `EXPLAIN SYNTAX SELECT 1 INTO OUTFILE '${out()}'`);
  add('INTO OUTFILE on SHOW TABLES', `SHOW TABLES INTO OUTFILE '${out()}'`);
  add('INTO OUTFILE on DESCRIBE', `DESCRIBE TABLE tls_handshakes INTO OUTFILE '${out()}'`);
  add('INTO OUTFILE on SHOW CREATE', `SHOW CREATE TABLE tls_handshakes INTO OUTFILE '${out()}'`);
  // Table functions that reach files, the network, processes, other tables or stdin.
  for (const [name, args] of [
    ['file', `'${t.secret}', 'LineAsString'`],
    ['file', `'/etc/passwd', 'LineAsString'`],
    ['fileCluster', `'default', '${t.secret}', 'LineAsString'`],
    ['filesystem', `'/'`],
    ['url', url],
    ['urlCluster', `'default', ${url}`],
    ['s3', `'http://127.0.0.1:9/b/k', 'CSV', 'a String'`],
    ['s3Cluster', `'default', 'http://127.0.0.1:9/b/k', 'CSV', 'a String'`],
    ['gcs', `'http://127.0.0.1:9/b/k', 'CSV', 'a String'`],
    ['hdfs', `'hdfs://127.0.0.1:9/x', 'CSV', 'a String'`],
    ['azureBlobStorage', `'http://127.0.0.1:9', 'c', 'k', 'CSV'`],
    ['remote', `'127.0.0.1:9000', system.one`],
    ['remoteSecure', `'127.0.0.1:9440', system.one`],
    ['cluster', `'default', system.one`],
    ['executable', `'cat', 'LineAsString', 'a String'`],
    ['input', `'a String'`],
    ['mysql', `'127.0.0.1:3306', 'd', 't', 'u', 'p'`],
    ['postgresql', `'127.0.0.1:5432', 'd', 't', 'u', 'p'`],
    ['mongodb', `'127.0.0.1:27017', 'd', 'c', 'u', 'p', 'a String'`],
    ['redis', `'127.0.0.1:6379', 'k', 'k String'`],
    ['sqlite', `'${t.secret}', 't'`],
    ['jdbc', `'jdbc:x', 'd', 't'`],
    ['odbc', `'DSN=x', 'd', 't'`],
    ['iceberg', `'${t.secret}'`],
    ['deltaLake', `'http://127.0.0.1:9/b/'`],
    ['merge', `'system', '.*'`],
    ['view', 'SELECT 1'],
    ['viewExplain', `'EXPLAIN AST', '', (SELECT 1)`],
    ['dictionary', `'d'`],
    ['generateRandom', `'a String'`],
    ['zeros', '10'],
    ['format', `CSV, '1'`],
    ['loop', 'numbers(1)'],
    ['null', `'a String'`],
    ['fuzzJSON', `'{}'`],
  ] as const) {
    add(`table function ${name}`, `SELECT * FROM ${name}(${args}) LIMIT 1`);
  }
  add(
    'table function in a JOIN',
    `SELECT * FROM numbers(1) AS n JOIN file('${t.secret}', 'LineAsString') AS f ON 1`,
  );
  add('table function in IN', `SELECT 1 WHERE '' IN (SELECT * FROM url(${url}))`);
  add('EXPLAIN as a table', `SELECT * FROM (EXPLAIN SYNTAX SELECT file('${t.secret}'))`);
  add('DESCRIBE a file', `DESCRIBE file('${t.secret}', 'LineAsString')`);
  add('DESCRIBE a url', `DESCRIBE TABLE url(${url})`);
  add('DESCRIBE a subquery reading a file', `DESC (SELECT file('${t.secret}') AS f)`);
  // Scalar functions that read files, the network, the host or the process, or have effects.
  for (const call of [
    `file('${t.secret}')`,
    `FILE('${t.secret}')`,
    `\`file\`('${t.secret}')`,
    `file('${t.secret}', 'x')`,
    `catboostEvaluate('${t.secret}', 1)`,
    `naiveBayesClassifier('m', 'x')`,
    `showCertificate()`,
    `getClientHTTPHeader('Authorization')`,
    `aiGenerate('x')`,
    `AIGenerate('x')`,
    `logTrace('x')`,
    `generateSerialID('x')`,
    `sleep(1)`,
    `sleepEachRow(1)`,
    `addressToSymbol(toUInt64(0))`,
    `demangle('x')`,
    `getServerSetting('path')`,
    `getMergeTreeSetting('index_granularity')`,
    `getMacro('x')`,
    `getOSKernelVersion()`,
    `filesystemAvailable()`,
    `hostName()`,
    `hostname()`,
    `FQDN()`,
    `tcpPort()`,
    `serverUUID()`,
    `__getScalar('x')`,
  ]) {
    add(`scalar ${call.split('(')[0]}`, `SELECT ${call}`);
  }
  // Statements that write, change settings or the engine.
  for (const sql of [
    'SET readonly = 0',
    'SET max_result_rows = 3',
    'SET allow_ddl = 1',
    'SYSTEM FLUSH LOGS',
    'SYSTEM DROP DNS CACHE',
    'SYSTEM SHUTDOWN',
    'KILL QUERY WHERE 1',
    "INSERT INTO http_logs (path) VALUES ('x')",
    "INSERT INTO http_logs (path) SELECT 'x'",
    `INSERT INTO FUNCTION file('${out()}', 'LineAsString') SELECT 'x'`,
    'ALTER TABLE http_logs DELETE WHERE 1',
    'ALTER TABLE http_logs ADD COLUMN evil String',
    'DELETE FROM http_logs WHERE 1',
    "UPDATE http_logs SET path = 'x' WHERE 1",
    `CREATE TABLE ${t.table} (a Int8) ENGINE = Memory`,
    `CREATE TABLE ${t.table} ENGINE = File(LineAsString, '${out()}') AS SELECT 'x'`,
    `CREATE VIEW ${t.table} AS SELECT file('${t.secret}')`,
    `CREATE FUNCTION ${t.table} AS (x) -> file(x)`,
    `CREATE DICTIONARY ${t.table} (a String) PRIMARY KEY a SOURCE(FILE(path '${t.secret}' format 'LineAsString')) LAYOUT(FLAT()) LIFETIME(0)`,
    'CREATE USER evil',
    'CREATE DATABASE evil',
    'DROP TABLE tls_handshakes',
    'DROP DATABASE default',
    'ATTACH TABLE evil',
    'DETACH TABLE tls_handshakes',
    'OPTIMIZE TABLE tls_handshakes FINAL',
    'RENAME TABLE tls_handshakes TO evil',
    'EXCHANGE TABLES tls_handshakes AND http_logs',
    'TRUNCATE TABLE tls_handshakes',
    'GRANT ALL ON *.* TO default',
    'REVOKE SELECT ON *.* FROM default',
    `BACKUP TABLE tls_handshakes TO File('${out()}')`,
    `RESTORE TABLE tls_handshakes FROM File('${out()}')`,
    'USE system',
    'UNDROP TABLE evil',
    'CHECK TABLE tls_handshakes',
    'SHOW CREATE TABLE tls_handshakes',
    'EXISTS TABLE tls_handshakes',
    'EXPLAIN PIPELINE INSERT INTO http_logs (path) SELECT 1',
    `EXPLAIN AST INSERT INTO FUNCTION file('${out()}', 'LineAsString') SELECT 1`,
    `EXPLAIN SELECT file('${t.secret}')`,
  ]) {
    add(`statement ${sql.split(' ').slice(0, 2).join(' ')}`, sql);
  }
  // UNION, INTERSECT and EXCEPT with a forbidden branch.
  add('UNION with a file() branch', `SELECT '' UNION ALL SELECT file('${t.secret}')`);
  add('UNION with a table-function branch', `SELECT '' AS a UNION ALL SELECT * FROM url(${url})`);
  add('UNION DISTINCT with file()', `SELECT '' UNION DISTINCT SELECT file('${t.secret}')`);
  add('INTERSECT with file()', `SELECT '' INTERSECT SELECT file('${t.secret}')`);
  add('EXCEPT with file()', `SELECT '' EXCEPT SELECT file('${t.secret}')`);
  add(
    'parenthesised UNION with file()',
    `(SELECT 1) UNION ALL (SELECT length(file('${t.secret}')))`,
  );
  // Subqueries and CTEs hiding a forbidden function.
  add('subquery in FROM', `SELECT * FROM (SELECT file('${t.secret}') AS f)`);
  add('scalar subquery', `SELECT (SELECT file('${t.secret}'))`);
  add('subquery in WHERE', `SELECT 1 WHERE 'x' IN (SELECT file('${t.secret}'))`);
  add(
    'subquery in JOIN',
    `SELECT * FROM numbers(1) AS a JOIN (SELECT file('${t.secret}') AS f) AS b ON 1`,
  );
  add('CTE subquery', `WITH s AS (SELECT file('${t.secret}') AS f) SELECT * FROM s`);
  add('CTE expression', `WITH file('${t.secret}') AS f SELECT f`);
  add('CTE scalar subquery', `WITH (SELECT file('${t.secret}')) AS f SELECT f`);
  add(
    'nested CTEs',
    `WITH a AS (SELECT 1), b AS (WITH c AS (SELECT file('${t.secret}') AS f) SELECT * FROM c) SELECT * FROM b`,
  );
  add('ORDER BY hides it', `SELECT 1 ORDER BY length(file('${t.secret}'))`);
  add('window hides it', `SELECT count() OVER (PARTITION BY file('${t.secret}'))`);
  // Lambdas and transformers hiding one.
  add('lambda', `SELECT arrayMap(x -> file(x), ['${t.secret}'])`);
  add(
    'lambda in arrayFold',
    `SELECT arrayFold((acc, x) -> concat(acc, file(x)), ['${t.secret}'], '')`,
  );
  add('nested lambda', `SELECT arrayMap(x -> arrayMap(y -> file(y), [x]), ['${t.secret}'])`);
  add('APPLY(file)', `SELECT * APPLY(file) FROM (SELECT '${t.secret}' AS p)`);
  add('APPLY(lambda)', `SELECT COLUMNS('p') APPLY(x -> file(x)) FROM (SELECT '${t.secret}' AS p)`);
  add('REPLACE transformer', `SELECT * REPLACE (file(p) AS p) FROM (SELECT '${t.secret}' AS p)`);
  // Parse-tree printout tricks: line breaks in identifiers and aliases.
  add('alias with line break', `SELECT file('${t.secret}') AS \`a)\n    Function lower (alias b\``);
  add(
    'alias forging a root',
    `SELECT 1 AS \`a\nSelectWithUnionQuery (children 1)\` INTO OUTFILE '${out()}'`,
  );
  add(
    'identifier forging a child',
    `SELECT 1 AS \`x)\n ExpressionList (children 1\` INTO OUTFILE '${out()}'`,
  );
  add(
    'SHOW TABLES FROM an odd name',
    `SHOW TABLES FROM \`a\n Identifier JSONCompactEachRowWithNamesAndTypes\` INTO OUTFILE '${out()}'`,
  );
  // Query parameters (never substituted by the console).
  add('query parameter', 'SELECT {p:String}');
  return forms.map(([name, sql]) => ({ name, sql }));
}

/** Fragments for the property test: random concatenations of these. */
export function hostileFragments(t: HostileTargets): string[] {
  return [
    'SELECT 1',
    "SELECT 'x'",
    'SELECT * FROM numbers(3)',
    'WITH 1 AS x',
    '#',
    '#!',
    '--',
    '/*',
    '*/',
    '/* /* */',
    "'",
    '"',
    '`',
    '\\',
    '$$',
    '$t$',
    '\n',
    ';',
    '(',
    ')',
    ',',
    'AS x',
    'UNION ALL',
    'SELECT',
    `INTO OUTFILE '${t.out(900)}'`,
    `INTO OUTFILE '${t.out(901)}' APPEND`,
    'FORMAT CSV',
    'FORMAT LineAsString',
    'SETTINGS readonly = 0',
    'SETTINGS max_result_rows = 100000',
    `file('${t.secret}')`,
    `FROM file('${t.secret}', 'LineAsString')`,
    `INSERT INTO FUNCTION file('${t.out(902)}', 'LineAsString')`,
    `CREATE TABLE ${t.table} (a Int8) ENGINE = Memory`,
    `INSERT INTO ${t.table} VALUES (1)`,
    'SET max_result_rows = 3',
    'SET readonly = 0',
    'DROP TABLE tls_handshakes',
    'SYSTEM FLUSH LOGS',
    "FROM url('http://127.0.0.1:9/x', 'CSV', 'a String')",
    'arrayMap(x -> file(x), [',
    'APPLY(file)',
    'EXPLAIN',
    'DESCRIBE',
    'SHOW TABLES',
  ];
}
