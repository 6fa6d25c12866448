// The one place zod issues become words for a person. Every validation that reaches someone
// (command-line options, the configuration, API 400 bodies, input lines) goes through here, so
// they all say the same things the same way:
//   - missing vs invalid vs unknown: zod reports a missing key as an "invalid_type ... received
//     undefined" (or "Invalid option" for an enum); we look the key up in the input instead;
//   - the field path, in the caller's names (`daemon.port`, `--min-requests`);
//   - the offending value, shortened (and masked for secrets);
//   - what fixes it, where the caller knows (an option, an environment variable).
// Structural types only (no zod import): common/ stays free of anything but types here.

/** What a zod issue carries that we read; `z.core.$ZodIssue` fits. */
export interface IssueLike {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** The code-specific fields (maximum, values, keys...), read loosely. */
type IssueFields = IssueLike & Readonly<Record<string, unknown>>;

export type ProblemKind = 'missing' | 'invalid' | 'unknown';

export interface FieldProblem {
  kind: ProblemKind;
  /** Dotted path in the input (`daemon.port`, `states.0`); '' for the input as a whole. */
  path: string;
  /** The path in the caller's names (`--min-requests`), what the message shows. */
  name: string;
  /** What was expected, in words ("a number <= 65535", "one of \"a\", \"b\""). */
  expected: string;
  /** The offending value, shortened; undefined when missing (or for the whole input). */
  got?: string;
  /** What fixes it ("set --window"), when the caller knows. */
  hint?: string;
  /** One line: kind, name, expectation, value and hint. */
  message: string;
}

export interface DescribeOptions {
  /** The caller's name for a dotted path; default: the path in backticks. */
  name?: (path: string) => string;
  /** The noun for one entry: "field" (default), "option", "key". */
  noun?: string;
  /** Paths whose values are never shown. */
  secret?: (path: string) => boolean;
  /** What fixes the problem at a path. */
  hint?: (path: string, kind: ProblemKind) => string | undefined;
  /** Longest value shown, in characters (default 40). */
  maxValue?: number;
  /** The schema that was validated: an unknown key then gets "did you mean" from its siblings. */
  schema?: unknown;
}

interface SchemaDef {
  type?: string;
  shape?: Record<string, { def?: SchemaDef }>;
  innerType?: { def?: SchemaDef };
  in?: { def?: SchemaDef };
  options?: { def?: SchemaDef }[];
}

/** The keys an object schema allows at `path` (through optional/default/pipe/union wrappers). */
export function keysAt(schema: unknown, path: readonly PropertyKey[]): string[] {
  const collect = (def: SchemaDef | undefined, rest: readonly PropertyKey[]): string[] => {
    if (!def) return [];
    if (def.innerType) return collect(def.innerType.def, rest);
    if (def.type === 'pipe') return collect(def.in?.def, rest);
    if (def.options) return [...new Set(def.options.flatMap((o) => collect(o.def, rest)))];
    if (def.type !== 'object' || !def.shape) return [];
    if (rest.length === 0) return Object.keys(def.shape);
    return collect(def.shape[String(rest[0])]?.def, rest.slice(1));
  };
  return collect((schema as { def?: SchemaDef } | undefined)?.def, path);
}

/** Edit distance, for "did you mean": small words only. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/** The candidate a mistyped word most likely meant (case-insensitive, up to 2 edits), if any. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Math.min(2, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return best;
}

/**
 * Pass as `input` when the validated value is not at hand (an error caught far from its parse):
 * missing is then told from zod's own "received undefined", and no value is shown.
 */
export const INPUT_UNKNOWN: unique symbol = Symbol('input unknown');

const ZOD_DEFAULT = /^(Invalid|Too (big|small)|Unrecognized key)/;

/** A value for a message: JSON, cut to `max` characters with the full length named. */
export function shortValue(value: unknown, max = 40): string {
  let text: string;
  try {
    text = typeof value === 'bigint' ? `${value}n` : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(1, max - 1))}… (${text.length} chars)`;
}

function valueAt(
  root: unknown,
  path: readonly PropertyKey[],
): { present: boolean; value: unknown } {
  let node: unknown = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return { present: false, value: undefined };
    if (!Object.prototype.hasOwnProperty.call(node, key as string))
      return { present: false, value: undefined };
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return { present: node !== undefined, value: node };
}

function article(type: string): string {
  if (
    ['string', 'number', 'boolean', 'array', 'object', 'integer', 'date', 'bigint'].includes(type)
  )
    return `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
  return type;
}

function quoteAll(values: readonly unknown[]): string {
  return values.map((v) => shortValue(v, 60)).join(', ');
}

function bound(issue: IssueFields, big: boolean): string {
  const limit = (big ? issue.maximum : issue.minimum) as number | bigint | undefined;
  const inclusive = issue.inclusive !== false;
  const n = String(limit);
  switch (issue.origin) {
    case 'string':
      return big
        ? `at most ${n} characters`
        : Number(limit) === 1
          ? 'a non-empty string'
          : `at least ${n} characters`;
    case 'array':
    case 'set':
      return big ? `at most ${n} items` : `at least ${n} item${Number(limit) === 1 ? '' : 's'}`;
    case 'date':
      return `a date ${big ? (inclusive ? 'at or before' : 'before') : inclusive ? 'at or after' : 'after'} ${n}`;
    default:
      return `a number ${big ? (inclusive ? '<=' : '<') : inclusive ? '>=' : '>'} ${n}`;
  }
}

/** Whether zod wrote the message (reworded here) or the schema did (kept as written). */
export function ownMessage(issue: IssueLike): boolean {
  return !ZOD_DEFAULT.test(issue.message);
}

/** The expectation of one issue, in words. Messages a schema wrote itself are kept as they are. */
export function expectation(loose: IssueLike): string {
  const issue = loose as IssueFields;
  if (!ZOD_DEFAULT.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'never' ? 'nothing here' : article(String(issue.expected));
    case 'invalid_value': {
      const values = (issue.values as unknown[] | undefined) ?? [];
      return values.length === 1 ? quoteAll(values) : `one of ${quoteAll(values)}`;
    }
    case 'too_big':
      return bound(issue, true);
    case 'too_small':
      return bound(issue, false);
    case 'invalid_format':
      return issue.format === 'regex' && issue.pattern !== undefined
        ? `text matching ${String(issue.pattern)}`
        : `a valid ${String(issue.format)}`;
    case 'not_multiple_of':
      return `a multiple of ${String(issue.divisor)}`;
    case 'invalid_union': {
      // Each alternative's first root-level issue says what it would have taken.
      const alts = ((issue.errors as IssueLike[][] | undefined) ?? [])
        .map((branch) => branch.find((i) => i.path.length === 0))
        .filter((i): i is IssueLike => i !== undefined)
        .map(expectation);
      const unique = [...new Set(alts)];
      return unique.length > 0 ? unique.join(' or ') : 'a valid value';
    }
    default:
      return issue.message.replace(/^Invalid input:?\s*/, '') || 'a valid value';
  }
}

function joinPath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

/** One problem per issue; an unrecognized_keys issue becomes one per key. */
export function describeIssues(
  issues: readonly IssueLike[],
  input: unknown,
  opts: DescribeOptions = {},
): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const loose of issues) {
    const issue = loose as IssueFields;
    if (issue.code === 'unrecognized_keys' && Array.isArray(issue.keys)) {
      for (const key of issue.keys as string[])
        out.push(problem('unknown', [...issue.path, key], issue, input, opts));
      continue;
    }
    // A missing key, or (for a union/enum) a key given as undefined: nothing to be invalid yet.
    const missing =
      issue.path.length > 0 &&
      (input === INPUT_UNKNOWN
        ? /received undefined/.test(issue.message)
        : !valueAt(input, issue.path).present);
    out.push(problem(missing ? 'missing' : 'invalid', issue.path, issue, input, opts));
  }
  return out;
}

function problem(
  kind: ProblemKind,
  pathKeys: readonly PropertyKey[],
  issue: IssueLike,
  input: unknown,
  opts: DescribeOptions,
): FieldProblem {
  const path = joinPath(pathKeys);
  const noun = opts.noun ?? 'field';
  const name = path === '' ? 'input' : (opts.name?.(path) ?? `\`${path}\``);
  const expected = kind === 'unknown' ? 'no such ' + noun : expectation(issue);
  // A schema's own message ("expected a duration like 30m", "not JSON: ...") is used as written.
  const what = ownMessage(issue) ? expected : `expected ${expected}`;
  let hint = opts.hint?.(path, kind);
  if (kind === 'unknown' && opts.schema !== undefined) {
    const key = String(pathKeys[pathKeys.length - 1]);
    const meant = closest(key, keysAt(opts.schema, pathKeys.slice(0, -1)));
    if (meant !== undefined) {
      const sibling = [...pathKeys.slice(0, -1).map(String), meant].join('.');
      hint = `did you mean \`${sibling}\`?${hint ? ` (${hint})` : ''}`;
    }
  }
  let got: string | undefined;
  if (kind !== 'missing' && input !== INPUT_UNKNOWN) {
    const at = valueAt(input, pathKeys);
    if (at.present || pathKeys.length === 0)
      got = opts.secret?.(path) ? '***' : shortValue(at.value, opts.maxValue ?? 40);
  }
  let message: string;
  if (kind === 'missing') message = `missing ${noun} ${name} (${what})`;
  else if (kind === 'unknown') message = `unknown ${noun} ${name}`;
  else {
    // A schema's own message that already quotes the value needs no second copy.
    const quoted = got !== undefined && ownMessage(issue) && issue.message.includes(got);
    const gotText = got !== undefined && !quoted ? `, got ${got}` : '';
    message =
      path === ''
        ? `invalid input: ${what}${gotText}`
        : `invalid ${noun} ${name}: ${what}${gotText}`;
  }
  if (hint) message += `; ${hint}`;
  return {
    kind,
    path,
    name,
    expected,
    ...(got !== undefined ? { got } : {}),
    ...(hint ? { hint } : {}),
    message,
  };
}

/** Every problem, one per line (`sep` '\n') or joined with '; '. */
export function issuesMessage(
  issues: readonly IssueLike[],
  input: unknown,
  opts: DescribeOptions = {},
  sep = '; ',
): string {
  return describeIssues(issues, input, opts)
    .map((p) => p.message)
    .join(sep);
}

/** `minRequests` -> `--min-requests`: the option a camelCase flag key came from. */
export function optionName(path: string): string {
  const head = path.split('.')[0] ?? path;
  return `--${head.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}
