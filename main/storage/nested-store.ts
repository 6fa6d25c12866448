// An embedded store must never open inside another one, nor around one. ClickHouse keeps table
// data in `<dir>/store/<xyz>/<uuid>/`, so a second engine opened on a ja4ws data directory D writes
// its own tables into D/store, the live store (issue 15: `migrate --data-dir D` did exactly that,
// before --data-dir meant the data directory everywhere), and one opened on D/store/store writes
// inside the live engine's table folders. Neither is caught by a lock on the directory itself.
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { StoreError } from './errors.js';
import { isAlive, LOCK_FILE, lockedError, readOwner } from './pid-lock.js';

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A ClickHouse data directory: its catalogue and its table store side by side. */
function isEngineRoot(dir: string): boolean {
  return isDir(join(dir, 'metadata')) && isDir(join(dir, 'store'));
}

/** Live owner of `dir`'s PID lock, other than this process. */
function liveOwner(dir: string): number | undefined {
  const pid = readOwner(join(dir, LOCK_FILE));
  return pid !== undefined && pid !== process.pid && isAlive(pid) ? pid : undefined;
}

/** Throws when the absolute `dataDir` is inside a store or a locked directory, or holds a store. */
export function assertNotNested(dataDir: string): void {
  for (let dir = dirname(dataDir); ; dir = dirname(dir)) {
    const pid = liveOwner(dir);
    if (pid !== undefined) throw lockedError(dir, pid);
    if (isEngineRoot(dir))
      throw new StoreError(
        'store.nested',
        `${dataDir} is inside the embedded store ${dir}; give the data directory that holds it (${dirname(dir)}), not a folder in the store`,
        { dataDir, store: dir },
      );
    if (dirname(dir) === dir) break;
  }
  const inner = join(dataDir, 'store');
  if (!isEngineRoot(dataDir) && (isEngineRoot(inner) || existsSync(join(inner, LOCK_FILE)))) {
    const pid = liveOwner(inner);
    if (pid !== undefined) throw lockedError(inner, pid);
    throw new StoreError(
      'store.nested',
      `${dataDir} holds the embedded store ${inner}: it is a data directory; open the store through it (--data-dir ${dataDir}), not as a store of its own`,
      { dataDir, store: inner },
    );
  }
}
