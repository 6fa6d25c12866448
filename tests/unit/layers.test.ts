// The layering rule, checked on every import in the tree: a lower layer never imports a higher
// one. common (shared with the browser) also stays free of Node built-ins.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const layers = [
  'common',
  'capture-worker',
  'correlation-worker',
  'http-logger',
  'main',
  'renderer',
] as const;
type Layer = (typeof layers)[number];

/** Which layers each layer may import from. */
const allowed: Record<Layer, Layer[]> = {
  common: ['common'],
  'capture-worker': ['common', 'capture-worker'],
  // The correlator computes JA4H with the capture worker's fingerprint module.
  'correlation-worker': ['common', 'capture-worker', 'correlation-worker'],
  // A library for other people's servers: nothing of ours but the shared event types.
  'http-logger': ['common', 'http-logger'],
  main: ['common', 'capture-worker', 'correlation-worker', 'main'],
  renderer: ['common', 'renderer'],
};

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name === 'fixtures') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

function layerOf(path: string): Layer | undefined {
  const top = relative(root, path).split(/[\\/]/)[0];
  return layers.find((l) => l === top);
}

const importRe =
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

describe('layering', () => {
  const violations: string[] = [];
  let checked = 0;
  for (const layer of layers) {
    for (const file of sourceFiles(join(root, layer))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(importRe)) {
        const spec = m[1] ?? m[2]!;
        checked++;
        if (
          layer === 'common' &&
          (spec.startsWith('node:') || ['fs', 'path', 'os', 'crypto', 'net', 'http'].includes(spec))
        ) {
          violations.push(
            `${relative(root, file)} imports Node built-in ${spec}; common/ must run in the browser too`,
          );
        }
        if (!spec.startsWith('.')) continue;
        const target = layerOf(resolve(dirname(file), spec));
        if (target && !allowed[layer].includes(target)) {
          violations.push(`${relative(root, file)} (${layer}) imports ${spec} (${target})`);
        }
      }
    }
  }

  it('finds imports to check', () => {
    expect(checked).toBeGreaterThan(20);
  });

  it('has no upward imports', () => {
    expect(violations).toEqual([]);
  });
});
