// Configuration from a YAML file, then JA4WS_* environment variables, then flags: later sources
// win. Errors name the key path, the value and what was expected, for every problem at once.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { AppError } from '../../common/util/errors.js';
import { describeIssues, type ProblemKind } from '../../common/util/zod-issues.js';
import { Config, defaultDataDir, secretKeys } from './schema.js';
import { readSettingsLayer } from './settings-layer.js';

export class ConfigError extends AppError {}

type Tree = Record<string, unknown>;

export interface ConfigSources {
  file?: string;
  env?: NodeJS.ProcessEnv;
  /** Already nested, e.g. { daemon: { port: 9000 } }. */
  flags?: Tree;
  /** false: ignore <dataDir>/settings.yaml (tests of the other layers). */
  settingsLayer?: false;
}

export function loadConfig(sources: ConfigSources = {}): Config {
  const fromFile = sources.file ? readConfigFile(sources.file) : {};
  const fromEnv = envToTree(sources.env ?? process.env);
  const upper = deepMerge(fromEnv, sources.flags ?? {});
  // The data directory decides where the UI's settings layer is, so it is resolved first.
  const dataDir = (upper.dataDir ?? fromFile.dataDir ?? defaultDataDir()) as unknown;
  const fromSettings =
    typeof dataDir === 'string' && sources.settingsLayer !== false
      ? readSettingsLayer(dataDir)
      : {};
  const merged = deepMerge(deepMerge(fromFile, fromSettings), upper);
  const result = Config.safeParse(merged);
  if (!result.success)
    throw configError(result.error, merged, {
      file: sources.file,
      layers: [
        [`the environment`, fromEnv],
        ['the command line', sources.flags ?? {}],
        [`${dataDirText(dataDir)}settings.yaml (the UI's settings)`, fromSettings],
        [`file ${sources.file ?? ''}`, fromFile],
      ],
    });
  return result.data;
}

function readConfigFile(file: string): Tree {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(
      'config.unreadable',
      `config file ${file}: ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}`,
      { file },
      { cause: err },
    );
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw new ConfigError(
      'config.yaml',
      `config file ${file}: invalid YAML: ${(err as Error).message.split('\n')[0]}`,
      { file },
      { cause: err },
    );
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    throw new ConfigError(
      'config.shape',
      `config file ${file}: expected a mapping of keys at the top level`,
      { file },
    );
  }
  return doc as Tree;
}

/**
 * JA4WS_ variables that are not configuration keys: the file to read, and how the command line
 * shows progress (capture-worker/src/util/progress/mode.ts).
 */
export const NON_CONFIG_ENV: ReadonlySet<string> = new Set([
  'JA4WS_CONFIG',
  'JA4WS_PROGRESS',
  'JA4WS_PROGRESS_INTERVAL_MS',
  // Set for a whole test or install run (CI exports the first two), so every daemon and command
  // started inside it sees them: they must not read as unknown configuration keys.
  'JA4WS_REFERENCE_DIR',
  'JA4WS_REQUIRE_REFERENCE',
  'JA4WS_FUZZ_SEED',
  'JA4WS_FUZZ_RUNS',
  'JA4WS_SETUP_DEBS',
  'JA4WS_SKIP_BUILD',
  'JA4WS_SETUP_EXTRA_DEBS',
  'JA4WS_TEST_SCOPE',
  'JA4WS_BARE_SCOPE',
  'JA4WS_GRANT_DIR',
  'JA4WS_CAPTURE_GROUP',
  'JA4WS_CHANNEL_FD',
]);

/** JA4WS_DATA_DIR -> dataDir, JA4WS_DAEMON__PORT -> daemon.port; values parsed as YAML scalars. */
export function envToTree(env: NodeJS.ProcessEnv): Tree {
  const tree: Tree = {};
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith('JA4WS_') || raw === undefined || NON_CONFIG_ENV.has(name)) continue;
    const path = name.slice(6).split('__').map(snakeToCamel);
    if (path.some((p) => p.length === 0)) continue;
    setPath(tree, path, parseScalar(raw));
  }
  return tree;
}

function snakeToCamel(s: string): string {
  return s.toLowerCase().replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

function parseScalar(raw: string): unknown {
  // Lists and mappings in YAML flow style: JA4WS_CAPTURE__INTERFACES='[eth0, eth1]'.
  if (/^\s*[[{]/.test(raw)) {
    try {
      return parseYaml(raw) as unknown;
    } catch {
      return raw;
    }
  }
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (/^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  return raw;
}

function setPath(tree: Tree, path: string[], value: unknown): void {
  let node = tree;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null) node[key] = {};
    node = node[key] as Tree;
  }
  node[path[path.length - 1]!] = value;
}

export function deepMerge(base: Tree, over: Tree): Tree {
  const out: Tree = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) continue;
    const b = out[k];
    out[k] = isTree(v) && isTree(b) ? deepMerge(b, v) : v;
  }
  return out;
}

function isTree(v: unknown): v is Tree {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function dataDirText(dataDir: unknown): string {
  return typeof dataDir === 'string' ? `${dataDir.replace(/\/$/, '')}/` : '';
}

/** JA4WS_DAEMON__PORT for daemon.port: the variable that sets a key. */
export function envNameOf(path: string): string {
  return `JA4WS_${path
    .split('.')
    .map((p) => p.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase())
    .join('__')}`;
}

interface ErrorSources {
  file: string | undefined;
  /** Highest precedence first: which layer's value won is where to fix it. */
  layers: [string, Tree][];
}

function configError(error: z.ZodError, input: Tree, src: ErrorSources): ConfigError {
  const where = (path: string): string | undefined => {
    const keys = path.split('.');
    for (const [name, tree] of src.layers) {
      if (getPath(tree, keys) !== undefined)
        return name === 'the environment' ? `set by ${envNameOf(path)}` : `set in ${name}`;
    }
    return undefined;
  };
  const hint = (path: string, kind: ProblemKind): string | undefined => {
    if (kind === 'missing')
      return `set it in the config file (--config) or with ${envNameOf(path)}`;
    return where(path);
  };
  const problems = describeIssues(error.issues, input, {
    secret: (path) => secretKeys.has(path),
    hint,
    schema: Config,
  });
  const lines = problems.map((p) => p.message);
  const where2 = src.file ? ` (file ${src.file}, environment and flags)` : '';
  return new ConfigError(
    'config.invalid',
    `invalid configuration${where2}:\n  ${lines.join('\n  ')}`,
    { issues: lines, fields: problems.map((p) => p.path) },
  );
}

function getPath(tree: Tree, path: (string | number)[]): unknown {
  let node: unknown = tree;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

/** The effective configuration with secrets replaced, for `config check`. */
export function maskSecrets(config: Config): Tree {
  const copy = JSON.parse(JSON.stringify(config)) as Tree;
  for (const key of secretKeys) {
    const path = key.split('.');
    const parent = getPath(copy, path.slice(0, -1)) as Tree | undefined;
    const leaf = path[path.length - 1]!;
    if (parent && typeof parent[leaf] === 'string' && parent[leaf] !== '') parent[leaf] = '***';
  }
  return copy;
}
