// Seeds a fresh data directory for a UI spec with a seed script (ui-seed.ts by default), in a
// process of its own: the embedded store locks its directory, and the daemon each spec starts next
// must take the lock. Returns the seed's summary (the IPs, JA4s and counts the spec checks against).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../support/daemon.js';

export function seedUiStore<T>(dataDir: string, script = 'ui-seed.ts'): T {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(projectRoot, 'tests/e2e', script), dataDir],
    { encoding: 'utf8', cwd: projectRoot, timeout: 150_000 },
  );
  if (r.status !== 0) throw new Error(`${script} ended with ${r.status ?? r.signal}:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as T;
}
