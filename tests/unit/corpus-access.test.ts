// The bare-clone step of CI reruns only the tests that import a module listed as reaching the
// reference corpus (tests/support/corpus-modules.json), instead of the whole suite a second time.
// That is sound only while no other file reads ../shared: this test holds the list to the code.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const list = JSON.parse(readFileSync(join(root, 'tests/support/corpus-modules.json'), 'utf8')) as {
  reach: string[];
  names: string[];
};

// A path into the directory beside the project, or the variable that points at the corpus.
const REACHES =
  /\bshared\/(testdata|tools|docs)\b|['"`]shared['"`]|JA4WS_REFERENCE_DIR|REFERENCE_ENV\b/;

/** Code lines only: comments may name the corpus without reading it. */
export function reachesCorpus(text: string): boolean {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => !/^(\/\/|\*|\/\*|#)/.test(l))
    .some((l) => REACHES.test(l));
}

const CODE = /\.(ts|tsx|mts|js|mjs|cjs|sh|py)$/;
// Benchmarks may read the shared benchmark generator; no test imports them.
const OUTSIDE_TESTS = /^(bench|docs)\//;

describe('reference corpus access', () => {
  it('recognises a read of the corpus and ignores a comment that names it', () => {
    expect(reachesCorpus(`const d = join(root, '../shared/testdata/ja4-reference');`)).toBe(true);
    expect(reachesCorpus(`const d = process.env.JA4WS_REFERENCE_DIR;`)).toBe(true);
    expect(reachesCorpus(`  const d = join(root, '..', 'shared', 'x');`)).toBe(true);
    expect(reachesCorpus(`// values from ../shared/testdata/ja4-reference\nconst x = 1;`)).toBe(
      false,
    );
  });

  it('only the listed modules reach the corpus', () => {
    const files = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' })
      .split('\n')
      .filter((f) => (CODE.test(f) || f === '.ci/run') && !OUTSIDE_TESTS.test(f));
    const allowed = new Set([...list.reach, ...list.names]);
    const unlisted = files.filter(
      (f) => !allowed.has(f) && reachesCorpus(readFileSync(join(root, f), 'utf8')),
    );
    expect(
      unlisted,
      'read the corpus through capture-worker/test-fixtures/reference-corpus.ts',
    ).toEqual([]);
  });

  it('every listed module exists', () => {
    for (const f of [...list.reach, ...list.names])
      expect(() => readFileSync(join(root, f)), f).not.toThrow();
  });
});
