// The embedded engine applies call settings as session SETs; the store's connection must scope
// them to the call (a leaked insert_deduplication_token would silently drop the next insert).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from './store.js';
import { tempDir } from './testing/temp-dir.js';

let store: Store;
beforeAll(async () => {
  store = await openStore({ kind: 'embedded', dataDir: tempDir() });
});
afterAll(async () => store.close());

async function setting(name: string): Promise<{ value: string; changed: number }> {
  const rs = await store.client.query({
    query: 'SELECT value, changed FROM system.settings WHERE name = {name:String}',
    query_params: { name },
    format: 'JSONEachRow',
  });
  return (await rs.json<{ value: string; changed: number }>())[0]!;
}

describe('embedded connection', () => {
  it('applies call settings to that call only', async () => {
    const rs = await store.client.query({
      query: "SELECT value FROM system.settings WHERE name = 'max_threads'",
      format: 'JSONEachRow',
      clickhouse_settings: { max_threads: 1 },
    });
    expect(await rs.json()).toEqual([{ value: '1' }]);
    expect((await setting('max_threads')).changed).toBe(0);
  });

  it('does not let one insert token deduplicate the next insert', async () => {
    await store.client.command({
      query:
        'CREATE TABLE t (a UInt8) ENGINE = MergeTree ORDER BY a SETTINGS non_replicated_deduplication_window = 100',
    });
    await store.client.insert({
      table: 't',
      values: [{ a: 1 }],
      format: 'JSONEachRow',
      clickhouse_settings: { insert_deduplication_token: 'tok' },
    });
    await store.client.insert({ table: 't', values: [{ a: 2 }], format: 'JSONEachRow' });
    expect((await setting('insert_deduplication_token')).changed).toBe(0);
    const rs = await store.client.query({
      query: 'SELECT groupArray(a) AS a FROM (SELECT a FROM t ORDER BY a)',
      format: 'JSONEachRow',
    });
    expect(await rs.json()).toEqual([{ a: [1, 2] }]);
  });

  it("refuses 'readonly' as a call setting with the way to do it instead", async () => {
    await expect(
      store.client.query({ query: 'SELECT 1', clickhouse_settings: { readonly: '1' } }),
    ).rejects.toMatchObject({
      code: 'store.unsupported',
      message: expect.stringContaining('SETTINGS readonly = 1'),
    });
    const rs = await store.client.query({
      query: 'SELECT count() AS n FROM t SETTINGS readonly = 1',
      format: 'JSONEachRow',
    });
    expect(await rs.json()).toEqual([{ n: 2 }]);
    await expect(
      store.client.command({ query: 'INSERT INTO t SELECT 3 SETTINGS readonly = 1' }),
    ).rejects.toThrow(/readonly/);
  });
});
