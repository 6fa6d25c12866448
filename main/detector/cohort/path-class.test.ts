// The path classes in SQL (what the cohort query groups by) and in TypeScript (the baseline and
// the tests) must be the same function: both on the same paths, against the class each path is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../storage/index.js';
import { tempDir } from '../../storage/testing/temp-dir.js';
import { pathClass, pathClassSql } from './path-class.js';

const CASES: [string, string][] = [
  ['/account/login', 'auth'],
  ['/api/v2/auth/token', 'auth'],
  ['/users/sign_in', 'auth'],
  ['/static/app.js', 'asset'],
  ['/img/logo.SVG', 'asset'],
  ['/fonts/a.woff2', 'asset'],
  ['/api/v1/prices', 'api'],
  ['/search', 'search'],
  ['/p/1007', 'page'],
  ['/', 'page'],
  ['/c/shoes', 'page'],
];

let store: Store;
beforeAll(async () => {
  store = await openStore({ kind: 'embedded', dataDir: tempDir('ja4ws-pclass-') });
});
afterAll(async () => store.close());

describe('path classes', () => {
  it('TypeScript', () => {
    for (const [path, cls] of CASES) expect([path, pathClass(path)]).toEqual([path, cls]);
  });
  it('SQL', async () => {
    for (const [path, cls] of CASES) {
      const rs = await store.client.query({
        query: `SELECT ${pathClassSql('{p:String}')} AS c`,
        format: 'JSONEachRow',
        query_params: { p: path },
      });
      expect([path, (await rs.json<{ c: string }>())[0]!.c]).toEqual([path, cls]);
    }
  });
});
