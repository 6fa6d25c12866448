// Where the ingest sockets may be: in the data directory or in /run/ja4ws (systemd's
// RuntimeDirectory). A socket path chosen from the UI (settings.set) must not make the daemon
// create, replace or chmod a socket anywhere else on the machine (`../../../../etc/evil.socket`);
// the configuration file, environment and flags get the same rule, so the settings file cannot
// smuggle one in and every face reads one meaning. Another directory: a symlink inside the data
// directory, or the socket in the data directory and the web server pointed at it.
import { resolve } from 'node:path';
import { socketPathProblem } from '../../common/api/names.js';

export const RUNTIME_SOCKET_DIR = '/run/ja4ws';

export function socketDirs(dataDir: string): string[] {
  return [resolve(dataDir), RUNTIME_SOCKET_DIR];
}

/** Why `path` cannot be an ingest socket for a daemon on `dataDir`, or undefined. */
export function ingestSocketProblem(path: string, dataDir: string): string | undefined {
  const shape = socketPathProblem(path);
  if (shape) return shape;
  const dirs = socketDirs(dataDir);
  if (dirs.some((d) => path.startsWith(`${d}/`))) return undefined;
  return `socket path ${JSON.stringify(path)} must be inside the data directory or ${RUNTIME_SOCKET_DIR} (${dirs.join(', ')})`;
}
