// npm ci installs only from a lock file in sync with every package's declared dependencies. An
// optional dependency that the registry never published (chdb's macOS/arm64 engines, wreq-js's
// non-linux-x64 bindings) gets no entry from `npm install`, and npm ci then refuses the lock. This
// keeps an entry for each; `node tools/lock-unpublished-optionals.mjs` adds the missing ones.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

interface LockPackage {
  version?: string;
  optional?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

const lock = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../package-lock.json'), 'utf8'),
) as { lockfileVersion: number; packages: Record<string, LockPackage> };

/** Where npm would look for `name` when required from the package at `from` (node resolution). */
function resolveIn(from: string, name: string): LockPackage | undefined {
  let dir = from;
  for (;;) {
    const hit = lock.packages[`${dir === '' ? '' : dir + '/'}node_modules/${name}`];
    if (hit) return hit;
    if (dir === '') return undefined;
    const cut = dir.lastIndexOf('/node_modules/');
    dir = cut < 0 ? '' : dir.slice(0, cut);
  }
}

describe('package-lock.json', () => {
  it('has an entry for every optional dependency of every locked package (npm ci accepts it)', () => {
    const missing: string[] = [];
    let checked = 0;
    for (const [path, pkg] of Object.entries(lock.packages)) {
      for (const name of Object.keys(pkg.optionalDependencies ?? {})) {
        checked++;
        if (!resolveIn(path, name)) missing.push(`${path || '(root)'} -> ${name}`);
      }
    }
    expect(missing, 'run: node tools/lock-unpublished-optionals.mjs').toEqual([]);
    expect(checked).toBeGreaterThan(4); // chdb's four engines at least
    // The unpublished ones stay optional, so no platform ever has to fetch them.
    for (const p of ['darwin-arm64', 'darwin-x64', 'linux-arm64-gnu'])
      expect(lock.packages[`node_modules/@chdb/lib-${p}`]).toMatchObject({ optional: true });
  });
});
