// migrations/0014 on a store written the way the live pipeline wrote before it: the capture
// worker's engine in live (early) mode over a real loopback capture (curl, openssl s_client and
// plain HTTP; test-fixtures/connections, see its README), every record into its table as
// main/daemon/pipeline.ts did until 0014 (an early `handshake` row and a `final` row per TLS
// connection), in two stages: before 0013 (handshakes counted in agg_src_ip_1m) and after it.
// The repair must leave one row per connection in tls_handshakes and every aggregate counting
// each connection once, equal to an import of the same capture and to the capture's own truth.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../../capture-worker/src/engine/engine.js';
import { forEachPacket } from '../../../capture-worker/src/pcap/read-file.js';
import type { ConnectionRecord } from '../../../common/events/connection.js';
import { tlsConnections } from '../../core/connections-sql.js';
import { fingerprintProfile } from '../../domain/fingerprint-profile/operations.js';
import { recentHandshakes } from '../../domain/handshakes/operations.js';
import { importCaptureFile } from '../../domain/import/operations.js';
import { ipProfile } from '../../domain/ip-profile/operations.js';
import { overviewStats } from '../../domain/overview/operations.js';
import { search } from '../../domain/search/operations.js';
import { connectionTable, TCP_EVENTS, tcpEventToRow } from '../rows/tcp-event.js';
import { handshakeToRow, TLS_HANDSHAKES } from '../rows/tls-handshake.js';
import { openStore, type Store } from '../store.js';
import { tempDir } from '../testing/temp-dir.js';
import { loadMigrations } from './load.js';
import { migrateDown, migrateUp } from './runner.js';
import { verifySchema } from './verify.js';

const FIXTURE = join(import.meta.dirname, '..', 'test-fixtures', 'connections');
const PCAP = join(FIXTURE, 'loopback-mix.pcap');
const truth = JSON.parse(readFileSync(join(FIXTURE, 'truth.json'), 'utf8')) as {
  tls_connections: number;
  tcp_connections: number;
};
const LATE_JA4X = 'd55f458d5a6c_d55f458d5a6c_0fc8c171b6ae';

let store: Store;
const dataDir = tempDir();
const window = {
  from: new Date(Date.now() - 48 * 3600_000).toISOString(),
  to: new Date(Date.now() + 3600_000).toISOString(),
};

/** The engine's records of the capture, in live (early) or import mode, moved to `baseUs`. */
async function records(
  early: boolean,
  baseUs: number,
  sensor: string,
): Promise<ConnectionRecord[]> {
  const out: ConnectionRecord[] = [];
  let first: number | undefined;
  const engine = createEngine({ early, sensor, onRecord: (r) => out.push(r) });
  await forEachPacket(PCAP, (p) => engine.push(p));
  engine.finish();
  for (const r of out) first = Math.min(first ?? r.ts_us, r.ts_us);
  return out.map((r) => ({ ...r, ts_us: r.ts_us - first! + baseUs }));
}

/** What pipeline.ts did before 0014: every record, early and final, into its table. */
async function writeLikeBefore(recs: ConnectionRecord[]): Promise<void> {
  const tls = recs.filter((r) => connectionTable(r) === TLS_HANDSHAKES);
  const tcp = recs.filter((r) => connectionTable(r) === TCP_EVENTS);
  await store.insert(
    TLS_HANDSHAKES,
    tls.map((r) => handshakeToRow(r)),
  );
  await store.insert(
    TCP_EVENTS,
    tcp.map((r) => tcpEventToRow(r)),
  );
}

async function one<T = Record<string, string>>(query: string): Promise<T> {
  const rs = await store.client.query({ query, format: 'JSONEachRow' });
  return (await rs.json<T>())[0]!;
}
const n = async (query: string) => Number((await one<{ n: string }>(query)).n);

/** Every connection stage 1 and 2 wrote, one record each (the early one when there was one). */
const connections: ConnectionRecord[] = [];
const finalsWritten: ConnectionRecord[] = [];

beforeAll(async () => {
  store = await openStore({ kind: 'embedded', dataDir });
  const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000_000;
  for (const [upTo, baseUs] of [
    [12, hour - 30 * 3_600_000_000],
    [13, hour - 2 * 3_600_000_000],
  ] as const) {
    await migrateUp(
      store,
      loadMigrations().filter((f) => f.version <= upTo),
    );
    const recs = await records(true, baseUs, 'lo');
    // Certificates that arrive after the early record (as in TLS 1.2 captures where they follow
    // the ServerHello in a later segment): the final record carries a JA4X the early one lacks.
    const late = recs.find((r) => r.phase === 'final' && r.ja4 !== undefined)!;
    late.ja4x = [LATE_JA4X];
    await writeLikeBefore(recs);
    finalsWritten.push(...recs.filter((r) => r.phase === 'final' && r.ja4 !== undefined));
    const early = new Set(
      recs.filter((r) => r.phase === 'handshake').map((r) => `${r.src_port}|${r.ts_us}`),
    );
    connections.push(
      ...recs.filter((r) => r.phase === 'handshake' || !early.has(`${r.src_port}|${r.ts_us}`)),
    );
  }
});
afterAll(async () => store.close());

describe('one row per connection (migrations/0014)', () => {
  it('the store written before 0014 holds every live TLS connection twice', async () => {
    expect(await n('SELECT count() AS n FROM tls_handshakes')).toBe(4 * truth.tls_connections);
    expect(await n("SELECT countIf(phase = 'handshake') AS n FROM tls_handshakes")).toBe(
      2 * truth.tls_connections,
    );
    // Plain HTTP connections never get an early record: one row each already.
    expect(await n('SELECT count() AS n FROM tcp_events')).toBe(2 * truth.tcp_connections);
    expect(
      await n(`SELECT sum(handshakes) AS n FROM (
                 SELECT handshakes FROM agg_src_ip_1m UNION ALL SELECT handshakes FROM agg_src_ip_handshakes_1m)`),
    ).toBe(4 * truth.tls_connections);
    expect(await n('SELECT sum(handshakes) AS n FROM agg_ja4_1m')).toBe(4 * truth.tls_connections);
  });

  it('after 0014: one row per connection in tls_handshakes and in every aggregate', async () => {
    await migrateUp(store);
    expect((await verifySchema(store)).ok).toBe(true);
    const tls = connections.filter((r) => connectionTable(r) === TLS_HANDSHAKES);
    expect(tls).toHaveLength(2 * truth.tls_connections);
    expect(await n('SELECT count() AS n FROM tls_handshakes')).toBe(tls.length);
    expect(await n("SELECT countIf(phase = 'final') AS n FROM tls_handshakes")).toBe(0);
    expect(await n('SELECT count() AS n FROM tcp_events')).toBe(2 * truth.tcp_connections);
    // The final rows are kept, uncounted, for what they add.
    expect(await n('SELECT count() AS n FROM tls_handshake_finals')).toBe(finalsWritten.length);

    // Aggregates, from both eras, against the records themselves.
    expect(await n('SELECT sum(handshakes) AS n FROM view_src_ip_1m')).toBe(tls.length);
    expect(await n('SELECT sum(handshakes) AS n FROM agg_ja4_1m')).toBe(tls.length);
    const perJa4 = new Map<string, number>();
    for (const r of tls) perJa4.set(r.ja4!, (perJa4.get(r.ja4!) ?? 0) + 1);
    const rs = await store.client.query({
      query: `SELECT ja4, sum(handshakes) AS n, uniqMerge(src_ips) AS ips, uniqMerge(snis) AS snis
              FROM agg_ja4_1m GROUP BY ja4`,
      format: 'JSONEachRow',
    });
    const got = await rs.json<{ ja4: string; n: string; ips: string; snis: string }>();
    expect(new Map(got.map((g) => [g.ja4, Number(g.n)]))).toEqual(perJa4);
    for (const g of got) {
      const mine = tls.filter((r) => r.ja4 === g.ja4);
      expect(Number(g.ips)).toBe(new Set(mine.map((r) => r.src)).size);
      expect(Number(g.snis)).toBe(new Set(mine.map((r) => r.tls_server_name ?? '')).size);
    }
    const ipRow = await one<{ h: string; ja4s: string; f: string; l: string }>(
      `SELECT sum(handshakes) AS h, uniqMerge(ja4s) AS ja4s,
              toUnixTimestamp64Micro(min(first_seen)) AS f, toUnixTimestamp64Micro(max(last_seen)) AS l
       FROM agg_src_ip_handshakes_1m`,
    );
    expect(Number(ipRow.ja4s)).toBe(new Set(tls.map((r) => r.ja4)).size);
    expect(Number(ipRow.f)).toBe(Math.min(...tls.map((r) => r.ts_us)));
    expect(Number(ipRow.l)).toBe(Math.max(...tls.map((r) => r.ts_us)));
  });

  it('every view counts each connection once and shows what the final record added', async () => {
    const tls = connections.filter((r) => connectionTable(r) === TLS_HANDSHAKES);
    const o = await overviewStats(store.client, { window, top: 100 });
    expect(o.totals.handshakes).toBe(tls.length);
    expect(o.top.ip).toEqual([{ value: '127.0.0.1', count: tls.length }]);
    const ja4 = tls[0]!.ja4!;
    const sameJa4 = tls.filter((r) => r.ja4 === ja4);
    expect(o.top.ja4.find((c) => c.value === ja4)?.count).toBe(sameJa4.length);
    const sni = tls.find((r) => r.tls_server_name)!.tls_server_name!;
    expect(o.top.sni.find((c) => c.value === sni)?.count).toBe(
      tls.filter((r) => r.tls_server_name === sni).length,
    );

    const ip = await ipProfile(store.client, { ip: '127.0.0.1', window });
    expect(ip.totals.handshakes).toBe(tls.length);
    expect(ip.fingerprints.find((f) => f.ja4 === ja4)?.count).toBe(sameJa4.length);

    const fp = await fingerprintProfile(store.client, { ja4, window });
    expect(fp.totals.handshakes).toBe(sameJa4.length);
    expect(fp.ips).toEqual([{ value: '127.0.0.1', count: sameJa4.length }]);
    const lateOwner = finalsWritten.find((r) => r.ja4x?.[0] === LATE_JA4X)!;
    if (lateOwner.ja4 === ja4) expect(fp.ja4x.map((c) => c.value)).toContain(LATE_JA4X);
    const lateFp = await fingerprintProfile(store.client, { ja4: lateOwner.ja4!, window });
    expect(lateFp.ja4x.find((c) => c.value === LATE_JA4X)?.count).toBe(
      finalsWritten.filter((r) => r.ja4x?.[0] === LATE_JA4X).length,
    );

    const found = await search(store.client, { window, source: 'handshakes', limit: 1000 });
    expect(found.rows).toHaveLength(tls.length);
    expect(found.total).toBe(tls.length);
    const recent = await recentHandshakes(store.client, 1000);
    expect(recent.rows).toHaveLength(tls.length);

    // The merged read yields the final row of a repaired connection (its later fields).
    const merged = await n(
      `SELECT count() AS n FROM ${tlsConnections('1')} AS e WHERE has(e.ja4x, '${LATE_JA4X}')`,
    );
    expect(merged).toBe(2);
  });

  it('live and imported counts agree: an import of the same capture adds one row per connection', async () => {
    const before = await n('SELECT count() AS n FROM tls_handshakes');
    const res = await importCaptureFile(store, PCAP, { ja4plus: true, sensor: 'import' });
    expect(res.records).toBe(truth.tls_connections + truth.tcp_connections);
    expect((await n('SELECT count() AS n FROM tls_handshakes')) - before).toBe(
      truth.tls_connections,
    );
    expect(await n("SELECT count() AS n FROM tls_handshakes WHERE sensor = 'import'")).toBe(
      await n("SELECT intDiv(count(), 2) AS n FROM tls_handshakes WHERE sensor = 'lo'"),
    );
    expect(await n('SELECT sum(handshakes) AS n FROM agg_ja4_1m')).toBe(
      await n("SELECT count() AS n FROM tls_handshakes WHERE ja4 != ''"),
    );
  });

  it('down puts the final rows back into tls_handshakes; up again repairs them again', async () => {
    const rows = await n('SELECT count() AS n FROM tls_handshakes');
    // Down to just before 0014 (later migrations are undone first).
    await migrateDown(store, loadMigrations().filter((f) => f.version >= 14).length);
    expect(await n('SELECT count() AS n FROM tls_handshakes')).toBe(rows + finalsWritten.length);
    await migrateUp(store);
    expect(await n('SELECT count() AS n FROM tls_handshakes')).toBe(rows);
    expect(await n('SELECT sum(handshakes) AS n FROM agg_ja4_1m')).toBe(rows);
    expect(await n('SELECT sum(handshakes) AS n FROM view_src_ip_1m')).toBe(rows);
  });
});
