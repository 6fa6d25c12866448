// The layering rule, checked on every import in the tree: a lower layer never imports a higher
// one. common (shared with the browser) also stays free of Node built-ins. Inside main/, the inner
// layers are checked the way VS Code's layer rule does: every path segment that names a layer
// counts, so main/storage/cli/migrate-command.ts is a command (cli) that happens to live with the
// storage feature, and may use what commands may use.
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
  // `ja4ws forward` sends with the middleware's socket writer: one client of http.socket.
  main: ['common', 'capture-worker', 'correlation-worker', 'http-logger', 'main'],
  renderer: ['common', 'renderer'],
};

/**
 * main's inner layers, low to high: storage/detector -> domain -> api -> daemon -> shell, with
 * the parts below the domain (core, the stores, the pipeline's capture and intake, configuration)
 * and the commands beside the shell. A file's layer is the highest layer named by any segment of
 * its path under main/; a file may import its own layer or lower ones.
 */
export const mainLayers: Record<string, number> = {
  core: 0,
  storage: 1,
  capture: 1,
  intake: 2,
  detector: 2,
  config: 3,
  domain: 4,
  api: 5,
  daemon: 6,
  cli: 7,
  shell: 8,
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

function layerOf(base: string, path: string): Layer | undefined {
  const top = relative(base, path).split(/[\\/]/)[0];
  return layers.find((l) => l === top);
}

/** The inner layer of a path under main/ (its highest-ranked directory segment), if any. */
function innerLayerOf(base: string, path: string): { name: string; rank: number } | undefined {
  const segments = relative(join(base, 'main'), path).split(/[\\/]/).slice(0, -1);
  let best: { name: string; rank: number } | undefined;
  for (const s of segments) {
    const rank = mainLayers[s];
    if (rank !== undefined && (best === undefined || rank > best.rank)) best = { name: s, rank };
  }
  return best;
}

const importRe =
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Every layering violation of the tree at `base` (the repository, or a fixture tree). */
export function checkLayers(base: string): { violations: string[]; checked: number } {
  const violations: string[] = [];
  let checked = 0;
  for (const layer of layers) {
    let files: string[];
    try {
      files = sourceFiles(join(base, layer));
    } catch {
      continue; // a fixture tree holds only some layers
    }
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      // Tests exercise what is above what they test (a migration test reads through the
      // domain's operations): they keep the top-level rule, not the inner one.
      const isTest = /\.test\.tsx?$/.test(file);
      for (const m of text.matchAll(importRe)) {
        const spec = m[1] ?? m[2]!;
        checked++;
        if (
          layer === 'common' &&
          (spec.startsWith('node:') || ['fs', 'path', 'os', 'crypto', 'net', 'http'].includes(spec))
        ) {
          violations.push(
            `${relative(base, file)} imports Node built-in ${spec}; common/ must run in the browser too`,
          );
        }
        if (!spec.startsWith('.')) continue;
        const resolved = resolve(dirname(file), spec);
        const target = layerOf(base, resolved);
        if (target && !allowed[layer].includes(target)) {
          violations.push(`${relative(base, file)} (${layer}) imports ${spec} (${target})`);
        }
        if (layer !== 'main' || target !== 'main' || isTest) continue;
        const from = innerLayerOf(base, file);
        const to = innerLayerOf(base, resolved);
        if (from && to && to.rank > from.rank) {
          violations.push(
            `${relative(base, file)} (main/${from.name}) imports ${spec} (main/${to.name}, a higher layer)`,
          );
        }
      }
    }
  }
  return { violations, checked };
}

describe('layering', () => {
  const { violations, checked } = checkLayers(root);

  it('finds imports to check', () => {
    expect(checked).toBeGreaterThan(20);
  });

  it('has no upward imports', () => {
    expect(violations).toEqual([]);
  });

  it("catches a deliberately wrong import in main's inner layers, path segment by segment", () => {
    const fixture = checkLayers(join(import.meta.dirname, 'fixtures', 'layers'));
    expect(fixture.violations).toEqual([
      'main/domain/search/uses-api.ts (main/domain) imports ../../api/http/status.js (main/api, a higher layer)',
      'main/storage/rows/uses-domain.ts (main/storage) imports ../../domain/search/uses-api.js (main/domain, a higher layer)',
    ]);
    // main/storage/cli/command.ts imports the configuration: a command may (its 'cli' segment).
    expect(fixture.checked).toBe(3);
  });
});
