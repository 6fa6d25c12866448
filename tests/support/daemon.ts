// Starts the built daemon on a free port with a temporary data directory, the way a person would
// (`ja4ws --daemon`), and reads the URL it prints and the token from the data directory (the
// daemon never prints the token when stdout is not a terminal).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const projectRoot = resolve(import.meta.dirname, '../..');
export const cliPath = join(projectRoot, 'bin/ja4ws.js');

export interface RunningDaemon {
  url: string;
  token: string;
  dataDir: string;
  process: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

export function tempDataDir(prefix = 'ja4ws-e2e-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function runCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cliPath, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export async function startDaemon(
  dataDir: string,
  extraArgs: string[] = [],
  /** Overrides; a key set to undefined is removed (e.g. to let the daemon choose its sockets). */
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<RunningDaemon> {
  // Sockets in the data directory: every daemon the tests start has its own anyway (issue 17),
  // but the data directory is removed with the test, /run/ja4ws/<instance>/ is not.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    JA4WS_LOG_LEVEL: 'warn',
    JA4WS_INGEST__HTTP_SOCKET: join(dataDir, 'http.socket'),
    JA4WS_INGEST__NETWORK_SOCKET: join(dataDir, 'network.socket'),
    ...extraEnv,
  };
  for (const [k, v] of Object.entries(extraEnv)) if (v === undefined) delete env[k];
  const child = spawn(
    process.execPath,
    [cliPath, '--daemon', '--data-dir', dataDir, '--port', '0', ...extraArgs],
    { stdio: ['ignore', 'pipe', 'pipe'], env },
  );
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const started = Date.now();
  let match: RegExpExecArray | null = null;
  while (!(match = /^ {2}UI: +(https?:\/\/\S+?)\/?$/m.exec(out))) {
    if (child.exitCode !== null) throw new Error(`daemon exited with ${child.exitCode}:\n${out}`);
    if (Date.now() - started > 60_000) {
      child.kill('SIGKILL');
      throw new Error(`daemon did not print its URL within 60 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const url = match[1]!;
  const token = readFileSync(join(dataDir, 'api-token'), 'utf8').trim();
  return {
    url,
    token,
    dataDir,
    process: child,
    output: () => out,
    stop: async () => {
      // A child ended by a signal has exitCode null too: it must not be waited for again.
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
    },
  };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
