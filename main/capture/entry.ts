// How to start the worker process. Built (dist/) it is plain JS; from source it runs through
// tsx's loader. The runtime is Node, never Electron (the `cap` addon is built for Node, and only
// the worker's runtime carries capture privileges): under Electron, or when the desktop grant
// installed a capability-carrying copy of node, that binary is used instead of process.execPath.
import { existsSync, renameSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GRANTED_NODE, GRANTED_TCPDUMP } from '../../capture-worker/src/worker/privileges.js';

export interface WorkerCommand {
  execPath: string;
  execArgv: string[];
  entry: string;
}

const here = dirname(fileURLToPath(import.meta.url));

export interface WorkerEntry {
  entry: string;
  execArgv: string[];
}

/** The worker programs main supervises, by name: their entry points relative to this folder. */
const WORKERS = {
  capture: '../../capture-worker/src/worker/main',
  correlation: '../../correlation-worker/src/worker/main',
} as const;
export type WorkerKind = keyof typeof WORKERS;

const prepared = new Map<WorkerKind, Promise<WorkerEntry>>();

/**
 * Built: dist/<worker>/src/worker/main.js. From source: one esbuild bundle of the worker
 * (dependencies left external), made once per process, because starting through tsx costs
 * ~0.8 s per spawn here and a killed worker must be back within 2 s. tsx is the fallback.
 */
export function prepareWorkerEntry(kind: WorkerKind = 'capture'): Promise<WorkerEntry> {
  let p = prepared.get(kind);
  if (!p) {
    p = bundle(kind);
    prepared.set(kind, p);
  }
  return p;
}

async function bundle(kind: WorkerKind): Promise<WorkerEntry> {
  const base = resolve(here, WORKERS[kind]);
  if (existsSync(`${base}.js`)) return { entry: `${base}.js`, execArgv: [] };
  // Built under a private name, then renamed over the shared one: concurrent supervisors
  // (parallel test files) never spawn a half-written bundle.
  const cache = join(projectRoot(), 'node_modules', '.cache', 'ja4ws');
  const tmp = join(cache, `${kind}-worker.${process.pid}.tmp.mjs`);
  const outfile = join(cache, `${kind}-worker.mjs`);
  try {
    const esbuild = await import('esbuild');
    await esbuild.build({
      entryPoints: [`${base}.ts`],
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      outfile: tmp,
      logLevel: 'silent',
    });
    renameSync(tmp, outfile);
    return { entry: outfile, execArgv: [] };
  } catch {
    return { entry: `${base}.ts`, execArgv: ['--import', 'tsx'] };
  }
}

export interface RuntimeChoice {
  source: 'tcpdump' | 'cap' | 'file';
  nodePath?: string;
  tcpdumpPath?: string;
}

export function pickNode(c: RuntimeChoice): string {
  if (c.nodePath) return c.nodePath;
  const isRoot = process.getuid?.() === 0;
  if (c.source === 'cap' && !isRoot && existsSync(GRANTED_NODE)) return GRANTED_NODE;
  if (process.versions.electron !== undefined)
    return existsSync(GRANTED_NODE) ? GRANTED_NODE : 'node';
  return process.execPath;
}

export function pickTcpdump(c: RuntimeChoice): string {
  if (c.tcpdumpPath) return c.tcpdumpPath;
  const isRoot = process.getuid?.() === 0;
  if (!isRoot && existsSync(GRANTED_TCPDUMP)) return GRANTED_TCPDUMP;
  return 'tcpdump';
}

/** tsx resolves from the project, wherever the worker's cwd is. */
export function projectRoot(): string {
  return resolve(here, '../..').replace(/\/dist$/, '');
}

export function tsxAvailable(): boolean {
  return existsSync(join(projectRoot(), 'node_modules', 'tsx'));
}
