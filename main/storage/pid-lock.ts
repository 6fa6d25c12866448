// One process owns an embedded data directory. chDB itself holds an flock on <dir>/status, but its
// error ("Cannot lock file .../status") says neither who owns it nor what to do, and it comes
// after chDB has started loading. A PID file written before chDB opens lets a second start fail
// at once with the owner's PID. chDB's flock stays the backstop for the narrow race between two
// processes that both find the same stale PID file.
import { mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { StoreError } from './errors.js';

export const LOCK_FILE = 'ja4ws.pid';

const held = new Map<string, number>();
let exitHookInstalled = false;

export function lockedError(dir: string, pid: number | undefined, cause?: unknown): StoreError {
  const owner = pid === undefined ? 'another process' : `process ${pid}`;
  return new StoreError(
    'store.locked',
    `data directory ${dir} is in use by ${owner}; stop it or choose another data directory`,
    { dir, pid },
    { cause },
  );
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to another user; it still owns the directory.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readOwner(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Take the directory for this process (re-entrant within the process). Returns the release. */
export function acquireDirLock(dirInput: string): () => void {
  const dir = resolve(dirInput);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  const count = held.get(dir);
  if (count !== undefined) {
    held.set(dir, count + 1);
    return once(() => release(dir, path));
  }
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: 'wx', mode: 0o644 });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = readOwner(path);
      if (owner !== undefined && owner !== process.pid && isAlive(owner))
        throw lockedError(dir, owner);
      if (attempt >= 3) throw lockedError(dir, owner);
      // Stale: the owner died without cleaning up (kill -9, power loss). Take it over.
      try {
        unlinkSync(path);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    }
  }
  held.set(dir, 1);
  installExitHook();
  return once(() => release(dir, path));
}

function release(dir: string, path: string): void {
  const count = held.get(dir) ?? 0;
  if (count > 1) {
    held.set(dir, count - 1);
    return;
  }
  held.delete(dir);
  removeIfOurs(path);
}

function removeIfOurs(path: string): void {
  if (readOwner(path) !== process.pid) return;
  try {
    unlinkSync(path);
  } catch {
    /* already gone */
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const dir of held.keys()) removeIfOurs(join(dir, LOCK_FILE));
  });
}

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    fn();
  };
}

/** Who holds a lock on `file` (Linux /proc/locks), e.g. chDB's flock on <dir>/status. */
export function lockHolderOf(file: string): number | undefined {
  let ino: number;
  let locks: string;
  try {
    ino = statSync(file).ino;
    locks = readFileSync('/proc/locks', 'utf8');
  } catch {
    return undefined;
  }
  for (const line of locks.split('\n')) {
    // "1: FLOCK  ADVISORY  WRITE 17588 fe:00:2146904 0 EOF"
    const m = /^\d+:\s+\S+\s+\S+\s+\S+\s+(\d+)\s+[0-9a-f]+:[0-9a-f]+:(\d+)\s/i.exec(line);
    if (m && Number(m[2]) === ino && Number(m[1]) !== process.pid) return Number(m[1]);
  }
  return undefined;
}
