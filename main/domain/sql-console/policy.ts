// What the console accepts, as data. Decided on ClickHouse's own parse tree (check-ast.ts), never
// on the query text. Reasons for each list are in docs/decisions.md ("SQL console").

/** Statements the console runs: the root node of the tree and how the analyst writes it. */
export const STATEMENTS =
  'SELECT (WITH, UNION, INTERSECT, EXCEPT), SHOW TABLES, SHOW DATABASES, DESCRIBE or EXPLAIN of a SELECT';

/**
 * Node types a statement may contain anywhere below its root. Anything else (a node type this
 * list has not reviewed, e.g. a column transformer that hides the function it calls, or a node a
 * later ClickHouse adds) is refused.
 */
export const NODE_TYPES: ReadonlySet<string> = new Set([
  'SelectWithUnionQuery',
  'SelectIntersectExceptQuery',
  'SelectQuery',
  'ExpressionList',
  'Literal',
  'Identifier',
  'Function',
  'Asterisk',
  'QualifiedAsterisk',
  'ColumnsRegexpMatcher',
  'ColumnsListMatcher',
  'QualifiedColumnsRegexpMatcher',
  'QualifiedColumnsListMatcher',
  'ColumnsTransformerList',
  'ColumnsExceptTransformer',
  'ColumnsReplaceTransformer',
  'ColumnsReplaceTransformer::Replacement',
  'TablesInSelectQuery',
  'TablesInSelectQueryElement',
  'TableExpression',
  'TableIdentifier',
  'TableJoin',
  'ArrayJoin',
  'Subquery',
  'WithElement',
  'OrderByElement',
  'InterpolateElement',
  'WindowDefinition',
  'WindowListElement',
  'SampleRatio',
  'Set',
]);

/**
 * Table functions the console may read from: they compute rows from their arguments and touch no
 * file, network, process or table. `values` builds rows from literals. Everything else in
 * system.table_functions (file, url, s3, remote, mysql, executable, input, merge, view, ...) is
 * refused; most of them are also refused by readonly=1, but not all (e.g. `file` as a scalar).
 */
export const TABLE_FUNCTIONS: ReadonlySet<string> = new Set([
  'numbers',
  'numbers_mt',
  'generateseries',
  'generate_series',
  'primes',
  'values',
]);

/**
 * Scalar functions refused by name (lower case), with why. Table-function names are added from
 * system.table_functions at run time (function-catalog.ts) so `file(...)` is refused in either
 * position, and every function whose origin is not `System` (SQL or executable user-defined
 * functions) is refused too.
 */
export const DENIED_FUNCTIONS: ReadonlyMap<string, string> = new Map([
  // Read a file of the server or load one.
  ['file', 'reads a file of the server'],
  ['catboostevaluate', 'loads a model library and file from the server'],
  ['naivebayesclassifier', 'loads model files from the server configuration'],
  ['showcertificate', 'reads the server certificate'],
  // Network.
  ...['aiclassify', 'aigenerate', 'aiembed', 'aiextract', 'aitranslate'].map(
    (n) => [n, 'calls a remote AI service'] as [string, string],
  ),
  ['getclienthttpheader', "reads the HTTP client's request headers"],
  // Side effects.
  ['logtrace', 'writes to the server log'],
  ['generateserialid', 'creates and advances a counter in Keeper'],
  ['sleep', 'holds the engine without doing work'],
  ['sleepeachrow', 'holds the engine without doing work'],
  // The process and its environment.
  ...['addresstoline', 'addresstolinewithinlines', 'addresstosymbol', 'demangle', 'tid'].map(
    (n) => [n, 'introspects the server process'] as [string, string],
  ),
  ...[
    'getserversetting',
    'getmergetreesetting',
    'getmacro',
    'getoskernelversion',
    'filesystemavailable',
    'filesystemcapacity',
    'filesystemunreserved',
    'hostname',
    'fqdn',
    'fullhostname',
    'tcpport',
    'getserverport',
    'serveruuid',
    'buildid',
    'uptime',
    'displayname',
    'zookeepersessionuptime',
  ].map((n) => [n, 'reads the server host, its configuration or the process'] as [string, string]),
]);

/** Name prefixes of internal functions the analyzer inserts; no analyst writes them. */
export const DENIED_PREFIXES: readonly string[] = ['__'];

/** Functions whose names match these are refused, e.g. naiveBayesClassifierWithProb. */
export const DENIED_NAME_PATTERNS: readonly RegExp[] = [/^naivebayesclassifier/, /^ai[a-z]/];
