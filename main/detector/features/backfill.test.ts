// Upgrade path: a store that already holds traffic when migration 0010 arrives. Its materialized
// view only sees rows inserted after it exists, so the migration backfills agg_src_ip_ja4_1m from
// http_logs; features must be right straight after the upgrade, and rows arriving later (through
// the view) must be counted once, not twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateUp, openStore, type Store } from '../../storage/index.js';
import { loadMigrations } from '../../storage/migrations/load.js';
import { HTTP_LOGS, correlatedToRow } from '../../storage/rows/http.js';
import { tempDir } from '../../storage/testing/temp-dir.js';
import { generateScenario, DEFAULT_SCENARIO } from '../../../tools/traffic-gen/scenario.js';
import { computeFeatures, type FeatureQuery } from './compute.js';
import { compareFeatures } from './testing/compare.js';

const END = DEFAULT_SCENARIO.end;
// Mid-minute: that minute gets a backfilled row and a row from the view, which must merge.
const SPLIT = END - 25 * 60_000 + 30_000;
const { events } = generateScenario({ seed: 11, humanIps: 60, botnetIps: 8 });
const before = events.filter((e) => e.ts_us / 1000 < SPLIT).map(correlatedToRow);
const after = events.filter((e) => e.ts_us / 1000 >= SPLIT).map(correlatedToRow);

let store: Store;
beforeAll(async () => {
  store = await openStore({ kind: 'embedded', dataDir: tempDir('ja4ws-backfill-') });
  await migrateUp(
    store,
    loadMigrations().filter((f) => f.version < 10),
  );
});
afterAll(async () => store.close());

async function count(sql: string): Promise<number> {
  const rs = await store.client.query({ query: sql, format: 'JSONEachRow' });
  return Number((await rs.json<{ n: string }>())[0]!.n);
}

async function expectEqualFeatures(q: FeatureQuery): Promise<number> {
  const raw = await computeFeatures(store.client, { ...q, source: 'raw' });
  const agg = await computeFeatures(store.client, q);
  expect(agg.entities).toEqual(raw.entities);
  const diff = compareFeatures(agg, raw);
  expect(diff.differing).toEqual(Object.fromEntries(raw.names.map((n) => [n, 0])));
  return raw.entities.length;
}

describe('migration 0010 on a store with traffic', () => {
  it('backfills existing http_logs, then counts new rows once through the view', async () => {
    expect(before.length).toBeGreaterThan(1000);
    await store.insert(HTTP_LOGS, before);
    // Only 0010: later migrations are not what this test is about.
    const { applied } = await migrateUp(
      store,
      loadMigrations().filter((f) => f.version <= 10),
    );
    expect(applied).toEqual(['0010_src_ip_ja4_minute_aggregate.sql']);

    const requestsIn = (t: string) =>
      count(
        t === 'raw'
          ? "SELECT count() AS n FROM http_logs WHERE correlation != 'handshake-only'"
          : 'SELECT sum(requests) AS n FROM agg_src_ip_ja4_1m',
      );
    expect(await requestsIn('agg')).toBe(await requestsIn('raw'));
    // Right after the upgrade: the whole minutes before the split, from the backfill alone.
    const q = { start: END - 60 * 60_000, end: SPLIT - (SPLIT % 60_000), minRequests: 3 };
    expect(await expectEqualFeatures(q)).toBeGreaterThan(40);
    expect(await expectEqualFeatures({ ...q, perIp: true })).toBeGreaterThan(40);

    // New traffic goes through the view; the whole hour (backfilled + new minutes) still agrees.
    await store.insert(HTTP_LOGS, after);
    expect(await requestsIn('agg')).toBe(await requestsIn('raw'));
    const hour = { start: END - 60 * 60_000, end: END, minRequests: 5 };
    expect(await expectEqualFeatures(hour)).toBeGreaterThan(40);
    expect(await expectEqualFeatures({ ...hour, perIp: true })).toBeGreaterThan(40);
  });
});
