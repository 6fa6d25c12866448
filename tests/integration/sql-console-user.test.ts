// The SQL console goes through its own connection (a read-only user on a ClickHouse server),
// never the writer's; and the console user's password is a masked secret.
import { tmpdir } from 'node:os';
import type { ClickHouseClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../main/api/dispatch.js';
import { loadConfig, maskSecrets } from '../../main/config/load.js';
import { storeConfigOf } from '../../main/config/schema.js';
import type { Store } from '../../main/storage/store.js';
import { testContext } from '../support/context.js';
import { migratedStore } from '../support/store.js';

let store: Store;
beforeAll(async () => {
  store = await migratedStore('ja4ws-console-');
});
afterAll(async () => {
  await store?.close();
});

describe('SQL console connection', () => {
  it('runs console queries on the console connection only', async () => {
    const seen: string[] = [];
    const ch = new Proxy(store.isolatedClient, {
      get(target, prop, receiver) {
        if (prop === 'query' || prop === 'exec')
          return (p: { query: string }) => (seen.push(p.query), target[prop](p as never));
        return Reflect.get(target, prop, receiver) as unknown;
      },
    }) as ClickHouseClient;
    const ctx = testContext(store, { sqlConsole: { ch, readonlyInQuery: true } });
    const out = (await dispatch('sql.query', { sql: 'SELECT 41 + 1 AS answer' }, ctx)) as {
      rows: unknown[][];
    };
    expect(out.rows[0]).toEqual([42]);
    expect(seen.some((q) => q.includes('41 + 1'))).toBe(true);
  });

  it('takes a console user for remote stores, masks its password and keeps it from the storage layer', () => {
    const c = loadConfig({
      env: {},
      flags: {
        dataDir: tmpdir(),
        store: {
          kind: 'remote',
          url: 'https://ch.example:8443',
          consoleUser: 'analyst_ro',
          consolePassword: 'pw-secret',
        },
      },
    });
    expect(JSON.stringify(maskSecrets(c))).not.toContain('pw-secret');
    expect(storeConfigOf(c)).not.toHaveProperty('consoleUser');
  });
});
