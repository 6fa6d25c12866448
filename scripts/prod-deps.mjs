// Prints the directories of the production dependency closure (dependencies and installed
// optionalDependencies, recursively), found the way Node finds them: node_modules/<name> in the
// package's directory, then in each parent. Used by package-server.sh; `npm ls --omit=dev` is not,
// because with a symlinked node_modules (the worktrees) it lists every installed package.
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const root = process.cwd();
const seen = new Set();
const out = [];
function find(from, name) {
  for (let dir = from; ; dir = dirname(dir)) {
    const p = join(dir, 'node_modules', name);
    if (existsSync(join(p, 'package.json'))) return p;
    if (dir === root || dirname(dir) === dir) return undefined;
  }
}
function walk(dir, optional) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const deps = { ...pkg.dependencies, ...pkg.optionalDependencies };
  for (const name of Object.keys(deps)) {
    const p = find(dir, name);
    if (!p) {
      if (optional || name in (pkg.optionalDependencies ?? {})) continue;
      throw new Error(
        `${name} (needed by ${relative(root, dir) || 'the project'}) is not installed`,
      );
    }
    const key = realpathSync(p);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(relative(root, p));
    walk(p, name in (pkg.optionalDependencies ?? {}));
  }
}
walk(root, false);
process.stdout.write(out.sort().join('\n') + '\n');
