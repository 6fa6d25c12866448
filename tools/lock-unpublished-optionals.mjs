// Adds package-lock.json entries for optional platform packages that a locked package names but
// the registry never published (chdb's macOS/arm64 engines, wreq-js's non-linux-x64 bindings).
// `npm install` skips an optional package it cannot fetch and writes no entry for it; `npm ci` then
// refuses the lock ("Missing: ... from lock file"). Each entry gets the version asked for, its
// platform (os/cpu/libc, read from the name as these packages spell it) and `optional`, and no
// tarball: npm ci skips it on every other platform, and on its own platform fails to fetch it and
// carries on, as for any optional package. docs/decisions.md (issue 17) explains why; run after
// `npm install` changed the lock:  node tools/lock-unpublished-optionals.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const file = join(import.meta.dirname, '..', 'package-lock.json');
const lock = JSON.parse(readFileSync(file, 'utf8'));
const pkgs = lock.packages;

/** Where node would find `name` required from the package at `from`. */
function resolves(from, name) {
  let dir = from;
  for (;;) {
    if (pkgs[`${dir === '' ? '' : dir + '/'}node_modules/${name}`]) return true;
    if (dir === '') return false;
    const cut = dir.lastIndexOf('/node_modules/');
    dir = cut < 0 ? '' : dir.slice(0, cut);
  }
}

function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = parts.find((p) =>
    ['darwin', 'linux', 'win32', 'freebsd', 'android', 'openbsd', 'sunos'].includes(p),
  );
  const cpu = parts.find((p) =>
    ['x64', 'arm64', 'ia32', 'arm', 'riscv64', 'ppc64', 's390x'].includes(p),
  );
  const libc = parts.includes('musl') ? 'musl' : parts.includes('gnu') ? 'glibc' : undefined;
  if (!os || !cpu)
    throw new Error(`${name}: cannot tell its platform from the name; add its lock entry by hand`);
  return { cpu: [cpu], ...(libc ? { libc: [libc] } : {}), optional: true, os: [os] };
}

const added = [];
for (const [path, pkg] of Object.entries(pkgs))
  for (const [name, version] of Object.entries(pkg.optionalDependencies ?? {}))
    if (!resolves(path, name)) {
      pkgs[`node_modules/${name}`] = { version, ...platformOf(name) };
      added.push(`${name}@${version}`);
    }

// npm keeps the entries sorted by path (root "" first).
lock.packages = Object.fromEntries(
  Object.entries(pkgs).sort(([a], [b]) => a.localeCompare(b, 'en')),
);
writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
console.log(added.length ? `added lock entries: ${added.join(', ')}` : 'nothing to add');
