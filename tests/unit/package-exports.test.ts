// package.json's exports name built files; a folder move that forgets them breaks
// `import 'ja4ws/http-logger'` only for people who install the package. Each exported file must
// be the build of a source file that exists (tsconfig.build.json: rootDir ".", outDir "dist").
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as {
  exports: Record<string, string | Record<string, string>>;
};

function sourceOf(built: string): string | undefined {
  const m = /^\.\/dist\/(.+)\.(?:d\.ts|js)$/.exec(built);
  return m ? resolve(root, `${m[1]}.ts`) : undefined;
}

describe('package exports', () => {
  it('the http-logger entry is exported', () => {
    expect(pkg.exports['./http-logger']).toBeDefined();
  });

  for (const [entry, target] of Object.entries(pkg.exports)) {
    const files = typeof target === 'string' ? [target] : Object.values(target);
    for (const file of files) {
      const source = sourceOf(file);
      if (!source) continue;
      it(`${entry} -> ${file} is built from an existing source`, () => {
        expect(existsSync(source), source).toBe(true);
      });
    }
  }
});
