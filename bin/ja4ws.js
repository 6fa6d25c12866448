#!/usr/bin/env node
// The installed entry point runs the compiled CLI. In a source checkout without dist/ it says how
// to build instead of failing with a module-not-found stack.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/main/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  console.error(
    'ja4ws: dist/main/cli/main.js is missing; run `npm run build` in the project first',
  );
  process.exit(2);
}
await import(entry.href);
