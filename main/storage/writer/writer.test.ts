import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateUp } from '../migrations/runner.js';
import {
  handshakeToRow,
  rowToHandshake,
  TLS_HANDSHAKES,
  type TlsHandshakeRow,
} from '../rows/tls-handshake.js';
import type { Store } from '../store.js';
import { ENGINES, testStores, type TestStores } from '../testing/engines.js';
import { realRecords } from '../testing/reference-records.js';
import { createWriter } from './writer.js';

describe.each(ENGINES)('writer into tls_handshakes (%s)', (engine) => {
  let stores: TestStores;
  let store: Store;
  beforeAll(async () => {
    stores = await testStores(engine);
    store = await stores.open();
    await migrateUp(store);
  });
  afterAll(async () => stores.closeAll());

  async function count(where = '1'): Promise<number> {
    const rs = await store.client.query({
      query: `SELECT count() AS n FROM ${TLS_HANDSHAKES} WHERE ${where}`,
      format: 'JSONEachRow',
    });
    return Number((await rs.json<{ n: string }>())[0]!.n);
  }

  it('stores every fixture record exactly and reads it back equal', async () => {
    await store.client.command({ query: `TRUNCATE TABLE ${TLS_HANDSHAKES}` });
    const records = realRecords();
    const writer = createWriter(store, {
      table: TLS_HANDSHAKES,
      map: (r: (typeof records)[number]) => handshakeToRow(r),
      maxBatchRows: 100,
    });
    await writer.write(records);
    await writer.close();
    expect(writer.stats()).toMatchObject({
      rowsWritten: records.length,
      batchesWritten: Math.ceil(records.length / 100),
      rowsQueued: 0,
    });
    const rs = await store.client.query({
      query: `SELECT * FROM ${TLS_HANDSHAKES} ORDER BY ts`,
      format: 'JSONEachRow',
    });
    const back = (await rs.json<TlsHandshakeRow>()).map(rowToHandshake);
    expect(back).toEqual(records);
  });

  it('a retried batch whose first attempt landed is stored once (deduplication token)', async () => {
    await store.client.command({ query: `TRUNCATE TABLE ${TLS_HANDSHAKES}` });
    const records = realRecords(Date.UTC(2026, 10, 20) * 1000).slice(0, 250);
    let failures = 0;
    // The insert reaches the database, then the "network" loses the answer twice.
    const flaky: Store = {
      ...store,
      async insert(table, rows, options) {
        await store.insert(table, rows, options);
        if (failures++ < 2) throw new Error('socket hang up');
      },
    };
    const writer = createWriter(flaky, {
      table: TLS_HANDSHAKES,
      map: handshakeToRow,
      maxBatchRows: 250,
      retryBaseMs: 5,
    });
    await writer.write(records);
    await writer.close();
    expect(writer.stats().retries).toBe(2);
    expect(await count()).toBe(250);
  });

  it('different batches with identical rows are both kept (tokens differ)', async () => {
    await store.client.command({ query: `TRUNCATE TABLE ${TLS_HANDSHAKES}` });
    const rows = realRecords()
      .slice(0, 10)
      .map((r) => handshakeToRow(r));
    await store.insert(TLS_HANDSHAKES, rows, { dedupToken: 'a' });
    await store.insert(TLS_HANDSHAKES, rows, { dedupToken: 'b' });
    await store.insert(TLS_HANDSHAKES, rows, { dedupToken: 'a' });
    expect(await count()).toBe(20);
  });

  it.runIf(engine === 'remote')('sends server-side async inserts when asked (remote)', async () => {
    await store.client.command({ query: `TRUNCATE TABLE ${TLS_HANDSHAKES}` });
    const records = realRecords(Date.UTC(2026, 10, 18) * 1000);
    const writer = createWriter(store, {
      table: TLS_HANDSHAKES,
      map: handshakeToRow,
      maxBatchRows: 100,
      asyncInsert: true,
    });
    await writer.write(records);
    await writer.close();
    // wait_for_async_insert=1: acknowledged means flushed into the table.
    expect(await count()).toBe(records.length);
  });

  it('counts and skips bad input without losing the good rows', async () => {
    await store.client.command({ query: `TRUNCATE TABLE ${TLS_HANDSHAKES}` });
    const records = realRecords().slice(0, 5);
    const bad = { ...records[0]!, src: 'not-an-ip' };
    const seen: unknown[] = [];
    const writer = createWriter(store, {
      table: TLS_HANDSHAKES,
      map: handshakeToRow,
      onBadInput: (e) => seen.push(e),
    });
    await writer.write([...records, bad]);
    await writer.close();
    expect(writer.stats().badInputs).toBe(1);
    expect(String(seen[0])).toMatch(/not an IP address: "not-an-ip"/);
    expect(await count()).toBe(5);
  });
});
