// migrations/0013 moves the per-IP handshake counts to agg_src_ip_handshakes_1m without moving the
// rows written before it. The readers (IP profile, Overview top IPs and extent) must count both:
// handshakes stored before 0013 (in agg_src_ip_1m) and after it, on a real embedded store, checked
// against the raw tables. Then down (the new rows are copied back into agg_src_ip_1m) and up again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CorrelatedEvent } from '../../../common/events/correlated.js';
import type { ConnectionRecord } from '../../../common/events/connection.js';
import { loadMigrations } from '../../storage/migrations/load.js';
import { migrateDown, migrateUp } from '../../storage/migrations/runner.js';
import { verifySchema } from '../../storage/migrations/verify.js';
import { correlatedToRow, HTTP_LOGS } from '../../storage/rows/http.js';
import { handshakeToRow, TLS_HANDSHAKES } from '../../storage/rows/tls-handshake.js';
import { openStore, type Store } from '../../storage/store.js';
import { matchedRequest } from '../../storage/testing/events.js';
import { realRecords } from '../../storage/testing/reference-records.js';
import { tempDir } from '../../storage/testing/temp-dir.js';
import { overviewStats } from '../overview/operations.js';
import { ipProfile } from './operations.js';

const HOUR_US = 3_600_000_000;
// Recent times: the raw tables' TTL would drop rows of an old capture at any merge.
const hourStart = Math.floor(Date.now() / 3_600_000) * HOUR_US;
const window = {
  from: new Date((hourStart - 60 * HOUR_US) / 1000).toISOString(),
  to: new Date((hourStart + 2 * HOUR_US) / 1000).toISOString(),
};
const iso = (us: number) =>
  new Date(Math.floor(us / 1000)).toISOString().replace(/\.\d+Z$/, '') +
  `.${String(us % 1_000_000).padStart(6, '0')}Z`;

let store: Store;
const dataDir = tempDir();
const inserted: ConnectionRecord[] = [];
let requests: CorrelatedEvent[] = [];

async function insertHandshakes(baseUs: number): Promise<void> {
  const hs = realRecords(baseUs);
  await store.insert(
    TLS_HANDSHAKES,
    hs.map((r) => handshakeToRow(r)),
  );
  inserted.push(...hs);
}

async function rawCounts(): Promise<Map<string, number>> {
  const rs = await store.client.query({
    query: `SELECT replaceRegexpOne(IPv6NumToString(src_ip), '^::ffff:', '') AS ip, count() AS n FROM (
              SELECT src_ip FROM tls_handshakes UNION ALL
              SELECT src_ip FROM http_logs WHERE correlation != 'handshake-only')
            GROUP BY ip`,
    format: 'JSONEachRow',
  });
  return new Map((await rs.json<{ ip: string; n: string }>()).map((r) => [r.ip, Number(r.n)]));
}

/** The busiest client, and what its profile must say, from the records themselves. */
function expectedFor(ip: string) {
  const hs = inserted.filter((r) => r.src === ip).map((r) => r.ts_us);
  const rq = requests.filter((e) => e.src_ip === ip).map((e) => e.ts_us);
  const all = [...hs, ...rq];
  return {
    handshakes: hs.length,
    requests: rq.length,
    first_seen: iso(Math.min(...all)),
    last_seen: iso(Math.max(...all)),
  };
}

function busiest(): string {
  const n = new Map<string, number>();
  for (const r of inserted) n.set(r.src, (n.get(r.src) ?? 0) + 1);
  return [...n.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
}

async function checkReaders(): Promise<void> {
  const ip = busiest();
  const want = expectedFor(ip);
  const p = await ipProfile(store.client, { ip, window });
  expect(p.totals).toEqual(want);
  expect(p.timeline.reduce((s, x) => s + x.handshakes, 0)).toBe(want.handshakes);
  expect(p.timeline.reduce((s, x) => s + x.requests, 0)).toBe(want.requests);
  expect(p.activeDays.reduce((s, d) => s + d.events, 0)).toBe(want.handshakes + want.requests);

  const raw = await rawCounts();
  const o = await overviewStats(store.client, { window, top: 1000 });
  expect(new Map(o.top.ip.map((c) => [c.value, c.count]))).toEqual(raw);
  expect(o.totals.ips).toBe(raw.size);
  expect(o.extent).not.toBeNull();
  const firstMinute = Math.floor(Math.min(...inserted.map((r) => r.ts_us)) / 60e6) * 60e6;
  expect(o.extent!.first).toBe(iso(firstMinute));
}

beforeAll(async () => {
  store = await openStore({ kind: 'embedded', dataDir });
  await migrateUp(
    store,
    loadMigrations().filter((f) => f.version <= 12),
  );
  // Before 0013: handshakes and requests both counted in agg_src_ip_1m.
  await insertHandshakes(hourStart - 50 * HOUR_US);
  const hs = inserted.slice(0, 30);
  requests = hs.map((h) => matchedRequest(h));
  await store.insert(HTTP_LOGS, requests.map(correlatedToRow));
});
afterAll(async () => store.close());

describe('per-IP minute aggregate split (migrations/0013)', () => {
  it('counts handshakes stored before 0013 and after it in the IP profile and the Overview', async () => {
    const before = await store.client.query({
      query: 'SELECT sum(handshakes) AS n FROM agg_src_ip_1m',
      format: 'JSONEachRow',
    });
    expect(Number((await before.json<{ n: string }>())[0]!.n)).toBe(inserted.length);
    await migrateUp(store);
    await insertHandshakes(hourStart - 2 * HOUR_US);
    await checkReaders();
  });

  it('down copies the new rows back into agg_src_ip_1m; up again still counts everything', async () => {
    // Down to 0012: the newer migrations first, then 0013 itself.
    await migrateDown(store, loadMigrations().filter((f) => f.version > 12).length);
    expect((await verifySchema(store)).lines.filter((l) => /DRIFT/.test(l))).toEqual([]);
    const ip = busiest();
    const want = expectedFor(ip);
    const rs = await store.client.query({
      query: `SELECT sum(handshakes) AS h, sum(requests) AS r,
                     formatDateTime(minMerge(first_seen), '%Y-%m-%dT%H:%i:%S.%fZ', 'UTC') AS f,
                     formatDateTime(maxMerge(last_seen), '%Y-%m-%dT%H:%i:%S.%fZ', 'UTC') AS l
              FROM agg_src_ip_1m WHERE src_ip = toIPv6({ip:String})`,
      query_params: { ip },
      format: 'JSONEachRow',
    });
    const [old] = await rs.json<{ h: string; r: string; f: string; l: string }>();
    expect([Number(old!.h), Number(old!.r), old!.f, old!.l]).toEqual([
      want.handshakes,
      want.requests,
      want.first_seen,
      want.last_seen,
    ]);
    // The restored materialized view counts handshakes into agg_src_ip_1m again.
    await insertHandshakes(hourStart - 20 * HOUR_US);
    const all = await store.client.query({
      query: 'SELECT sum(handshakes) AS n FROM agg_src_ip_1m',
      format: 'JSONEachRow',
    });
    expect(Number((await all.json<{ n: string }>())[0]!.n)).toBe(inserted.length);

    await migrateUp(store);
    expect((await verifySchema(store)).ok).toBe(true);
    await insertHandshakes(hourStart - HOUR_US);
    await checkReaders();
  });

  it('Overview extent on a store with handshakes only (agg_src_ip_1m empty) starts at the first handshake', async () => {
    // chDB opens one data directory per process: another database in it
    const fresh = await openStore({ kind: 'embedded', dataDir, database: 'handshakes_only' });
    try {
      await migrateUp(fresh);
      const hs = realRecords(hourStart - 3 * HOUR_US);
      await fresh.insert(
        TLS_HANDSHAKES,
        hs.map((r) => handshakeToRow(r)),
      );
      const o = await overviewStats(fresh.client, { window });
      const minute = (us: number) => Math.floor(us / 60e6) * 60e6;
      expect(o.extent).toEqual({
        first: iso(minute(Math.min(...hs.map((r) => r.ts_us)))),
        last: iso(minute(Math.max(...hs.map((r) => r.ts_us))) + 60e6),
      });
      expect(o.totals.ips).toBe(new Set(hs.map((r) => r.src)).size);
    } finally {
      await fresh.close();
    }
  });
});
