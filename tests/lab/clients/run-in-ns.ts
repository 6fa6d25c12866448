// Runs one client program inside a lab namespace, bounded in time, and returns what it printed.
import { execFile } from 'node:child_process';

export interface NsResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runInNs(
  ns: string,
  cmd: string,
  args: readonly string[],
  opts: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {},
): Promise<NsResult> {
  return new Promise((resolve) => {
    const child = execFile(
      'ip',
      ['netns', 'exec', ns, cmd, ...args],
      {
        env: { ...process.env, ...opts.env },
        timeout: opts.timeoutMs ?? 60_000,
        killSignal: 'SIGKILL',
        maxBuffer: 16 * 1024 * 1024,
        encoding: 'utf8',
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({
          code,
          stdout,
          stderr: err && code === -1 ? `${stderr}\n${err.message}` : stderr,
        });
      },
    );
    if (opts.input !== undefined) child.stdin?.end(opts.input);
    else child.stdin?.end();
  });
}

/** Fails with the program's own output when it did not exit as expected. */
export function expectExit(what: string, r: NsResult, ok: readonly number[] = [0]): NsResult {
  if (!ok.includes(r.code))
    throw new Error(
      `${what} exited with ${r.code}:\n${r.stderr.slice(-3000)}\n${r.stdout.slice(-1000)}`,
    );
  return r;
}
