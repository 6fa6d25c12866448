// The engine guarantee the lease rests on (docs/decisions.md, "One detector per store"): of
// several claims of one (window, attempt) sent at once by different clients, ClickHouse keeps the
// first block with the token and drops the others, so exactly one claimant reads itself back.
// Against the chDB-backed HTTP endpoint, three separate clients.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateUp } from '../storage/migrations/runner.js';
import { openStore, type Store } from '../storage/store.js';
import { startChdbHttpServer, type ChdbHttpServer } from '../storage/testing/chdb-http-server.js';
import { tempDir } from '../storage/testing/temp-dir.js';
import { DETECTOR_WINDOWS, DetectorLease } from './detector-lease.js';

let server: ChdbHttpServer;
const stores: Store[] = [];

beforeAll(async () => {
  server = await startChdbHttpServer({ dataDir: tempDir('ja4ws-lease-unit-') });
  for (let i = 0; i < 3; i++) stores.push(await openStore({ kind: 'remote', url: server.url }));
  await migrateUp(stores[0]!);
}, 60_000);

afterAll(async () => {
  for (const s of stores) await s.close();
  await server?.close();
});

const count = async (where: string) => {
  const r = await (
    await stores[0]!.client.query({
      query: `SELECT count() AS n FROM ${DETECTOR_WINDOWS} WHERE ${where}`,
      format: 'JSONEachRow',
    })
  ).json<{ n: string }>();
  return Number(r[0]!.n);
};

const T = Date.UTC(2026, 11, 7, 3, 0, 0);
const W1 = T + 60_000;
const W2 = T + 120_000;
const W3 = T + 180_000;

describe('detector lease', () => {
  it('one claim of a window wins, whoever sends it; all agree on the holder', async () => {
    const leases = stores.map((s, i) => new DetectorLease(s, `host-${i}/1/x`));
    for (const w of [W1, W2, W3]) {
      const won = await Promise.all(leases.map((l) => l.claim(w, 0, 60_000)));
      expect(won.filter(Boolean)).toHaveLength(1);
      const holders = await Promise.all(leases.map((l) => l.holderOf(w, 0)));
      expect(new Set(holders).size).toBe(1);
      expect(holders[0]).toBe(leases[won.indexOf(true)]!.holder);
      expect(
        await count(`kind = 'claim' AND window_end = fromUnixTimestamp64Milli(${w}, 'UTC')`),
      ).toBe(1);
    }
    // A later attempt is a new claim; a window is recorded done once.
    expect(await leases[2]!.claim(W1, 1, 60_000)).toBe(true);
    await Promise.all(leases.map((l) => l.done(W1, 60_000, { outcome: 'ok' })));
    expect(await count(`kind = 'done'`)).toBe(1);
    const st = await leases[0]!.state(T);
    expect(st.done).toEqual(new Set([W1]));
    expect(st.firstEver).toBe(W1);
    expect(st.claims.map((c) => [c.windowEnd, c.attempt])).toEqual([
      [W1, 0],
      [W1, 1],
      [W2, 0],
      [W3, 0],
    ]);
  });
});
