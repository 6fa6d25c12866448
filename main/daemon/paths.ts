// Where things are: the built UI, from the source tree (tsx, tests) or from dist/ (installed);
// the ingest sockets of this daemon instance.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultDataDir } from '../config/schema.js';
import { RUNTIME_SOCKET_DIR } from '../config/socket-path.js';

export function rendererDir(): string {
  const candidates = ['../../renderer', '../../dist/renderer', '../../../dist/renderer'];
  for (const rel of candidates) {
    const dir = fileURLToPath(new URL(`${rel}/`, import.meta.url));
    if (existsSync(`${dir}index.html`)) return dir;
  }
  // Not built: the static handler answers with a message saying how to build.
  return fileURLToPath(new URL('../../dist/renderer/', import.meta.url));
}

/**
 * Where this daemon's ingest sockets go when the configuration names none. Sockets belong to an
 * instance (issue 17): as root, the daemon on the default data directory (or the packaged
 * /var/lib/ja4ws) keeps the documented /run/ja4ws/http.socket; a daemon on any other data
 * directory gets /run/ja4ws/<instanceId>/, so two daemons on one machine never contend for a
 * socket. Not root: the data directory, which is the instance's own already.
 */
export function ingestSocketDir(
  dataDir: string,
  isRoot = process.getuid?.() === 0,
  primaryDataDirs: readonly string[] = [defaultDataDir(), SYSTEM_DATA_DIR],
): string {
  const dir = resolve(dataDir);
  if (!isRoot) return dir;
  if (primaryDataDirs.some((d) => resolve(d) === dir)) return RUNTIME_SOCKET_DIR;
  return join(RUNTIME_SOCKET_DIR, instanceId(dir));
}

/** The data directory the packaged service uses (build/ja4ws.service). */
export const SYSTEM_DATA_DIR = '/var/lib/ja4ws';

/** A short, stable name for a data directory: "d-" and 12 hex digits of its path's SHA-256. */
export function instanceId(dataDir: string): string {
  return `d-${createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 12)}`;
}
