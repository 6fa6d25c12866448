// `ja4ws fingerprint` as one file with a V8 code cache (issue 22, start-up <= 100 ms): built after
// tsc by `npm run build:node`, loaded by bin/ja4ws.js. Resolving and compiling ~150 ES modules
// one by one was most of the command's start-up; one CommonJS file compiled from a code cache
// skips both. dist/main/cli/main.js (tsc's output) still runs every other command, and this one
// when the bundle is missing.
//   dist/cli/fingerprint.cjs        the bundle (main/cli/fingerprint-main.ts and what it imports)
//   dist/cli/fingerprint.cjs.cache  V8 code cache made by running it on two small captures, so
//                                   the functions a run compiles are in it; V8 rejects it (and
//                                   the bin compiles from source) under another Node or V8 flags
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

const out = 'dist/cli/fingerprint.cjs';
rmSync(`${out}.cache`, { force: true });
await build({
  entryPoints: ['main/cli/fingerprint-main.ts'],
  outfile: out,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
  // fingerprint-main.ts names its own file for the worker threads by __filename in this bundle and
  // by import.meta.url under tsc; the latter is never reached here.
  logOverride: { 'empty-import-meta': 'silent' },
});
// Warm run: bin/ja4ws.js writes the cache after the command when this variable names a file.
execFileSync(
  process.execPath,
  [
    'bin/ja4ws.js',
    'fingerprint',
    '-q',
    'capture-worker/test-fixtures/captures/tls12-h2.pcap',
    'capture-worker/test-fixtures/captures/quic-chromium.pcap',
  ],
  { env: { ...process.env, JA4WS_WRITE_CODE_CACHE: `${out}.cache` }, stdio: 'ignore' },
);
