// Runs chdb-http-server.ts as a child process (chDB is one engine per process, and a test that
// needs "the database goes away" kills and restarts it on the same port and data directory).
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface EndpointProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** SIGTERM and wait for exit. */
  stop(): Promise<void>;
  /** SIGKILL and wait for exit. */
  kill(): Promise<void>;
}

const SCRIPT = join(import.meta.dirname, 'chdb-http-server.ts');
const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});

export function spawnEndpoint(o: {
  dataDir: string;
  port?: number;
  user?: string;
  password?: string;
}): Promise<EndpointProcess> {
  const args = ['--import', 'tsx', SCRIPT, '--data-dir', o.dataDir];
  if (o.port) args.push('--port', String(o.port));
  if (o.user) args.push('--user', o.user, '--password', o.password ?? '');
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => (live.delete(child), r())));
  const wait = async (sig: NodeJS.Signals): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
    await exited;
  };
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening (http:\/\/[^\s]+)/.exec(out);
      if (m) {
        const url = m[1]!;
        resolve({
          url,
          port: Number(new URL(url).port),
          child,
          stop: () => wait('SIGTERM'),
          kill: () => wait('SIGKILL'),
        });
      }
    });
    child.once('exit', (code) =>
      reject(new Error(`chdb-http-server exited with ${code}: ${stderr.slice(-500)}`)),
    );
  });
}
