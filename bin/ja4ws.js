#!/usr/bin/env node
// The installed entry point runs the compiled CLI. In a source checkout without dist/ it says how
// to build instead of failing with a module-not-found stack.
//
// `ja4ws fingerprint` runs from its one-file bundle (scripts/build-cli-bundle.mjs) compiled with
// its V8 code cache when both were built: start-up is most of a small file's run (issue 22).
// A cache V8 rejects (another Node version or flags) only costs the compile.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const bundle = fileURLToPath(new URL('../dist/cli/fingerprint.cjs', import.meta.url));
if (process.argv[2] === 'fingerprint' && existsSync(bundle)) {
  process.exitCode = await runBundle(bundle, process.argv.slice(2));
} else {
  const entry = new URL('../dist/main/cli/main.js', import.meta.url);
  if (!existsSync(entry)) {
    console.error(
      'ja4ws: dist/main/cli/main.js is missing; run `npm run build` in the project first',
    );
    process.exit(2);
  }
  await import(entry.href);
}

/** Runs the bundle as CommonJS would (same wrapper), from its code cache if V8 takes it. */
async function runBundle(file, argv) {
  const writeCache = process.env.JA4WS_WRITE_CODE_CACHE;
  let cachedData;
  if (!writeCache && existsSync(`${file}.cache`)) cachedData = readFileSync(`${file}.cache`);
  const script = new Script(
    `(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'utf8')}\n})`,
    { filename: file, cachedData },
  );
  const module = { exports: {} };
  script
    .runInThisContext()
    .call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  const code = await module.exports.run(argv);
  // After the run, so the functions it compiled are in the cache (build time only).
  if (writeCache) writeFileSync(writeCache, script.createCachedData());
  return code;
}
