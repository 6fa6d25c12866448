// Outage behaviour of the writer against a real (embedded) store behind a switch that makes it
// unreachable: spool, replay in order, exactly once; corrupt segments; the cap; bad rows.
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StoreError } from '../errors.js';
import { migrateUp } from '../migrations/runner.js';
import { TLS_HANDSHAKES, type TlsHandshakeRow } from '../rows/tls-handshake.js';
import { openStore, type Store } from '../store.js';
import { syntheticRows } from '../testing/synthetic.js';
import { tempDir, uniqueDatabase } from '../testing/temp-dir.js';
import { Spool } from './spool.js';
import { createWriter } from './writer.js';

let real: Store;
let down = false;
/** First ts of every insert that reached the database, in arrival order. */
let landed: string[] = [];
// The same store, but while `down` every insert fails like a refused connection.
let store: Store;
beforeAll(async () => {
  real = await openStore({ kind: 'embedded', dataDir: tempDir(), database: uniqueDatabase() });
  await migrateUp(real);
  store = {
    ...real,
    async insert(table, rows, o) {
      if (down)
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8123'), {
          code: 'ECONNREFUSED',
        });
      await real.insert(table, rows, o);
      landed.push((rows[0] as { ts: string }).ts);
    },
  };
});
afterAll(async () => real.close());
beforeEach(async () => {
  down = false;
  landed = [];
  await real.client.command({ query: `TRUNCATE TABLE ${TLS_HANDSHAKES}` });
});

const base = Date.UTC(2026, 10, 24, 8) * 1000;
async function counts(): Promise<{ n: number; distinct: number }> {
  const rs = await real.client.query({
    query: `SELECT count() AS n, uniqExact(ts, stream) AS d FROM ${TLS_HANDSHAKES}`,
    format: 'JSONEachRow',
  });
  const [r] = await rs.json<{ n: string; d: string }>();
  return { n: Number(r!.n), distinct: Number(r!.d) };
}
const until = async (cond: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('writer spool', () => {
  it('spools while the database is down and replays everything exactly once, in order, when it returns', async () => {
    const dir = tempDir('ja4ws-spool-');
    const w = createWriter<TlsHandshakeRow>(store, {
      table: TLS_HANDSHAKES,
      maxBatchRows: 500,
      retryBaseMs: 5,
      probeMs: 20,
      spool: { dir },
    });
    await w.write(syntheticRows(0, 1000, base));
    await w.flush();
    down = true;
    await w.write(syntheticRows(1000, 3000, base));
    await w.flush(); // durable: in the spool
    const during = w.stats();
    expect(during.spooling).toBe(true);
    expect(during.rowsSpooled).toBe(3000);
    expect(during.spoolBytes).toBeGreaterThan(0);
    expect(readdirSync(dir).some((f) => f.endsWith('.spool'))).toBe(true);
    expect(during.lagMs).toBeGreaterThanOrEqual(0);
    down = false;
    await w.write(syntheticRows(4000, 1000, base));
    await until(() => !w.stats().spooling && w.stats().rowsQueued === 0);
    await w.close();
    expect(await counts()).toEqual({ n: 5000, distinct: 5000 });
    const s = w.stats();
    // Rows written after the return still queue behind the spool, so order is kept.
    expect(s).toMatchObject({ rowsWritten: 5000, spoolBytes: 0, spoolSegments: 0 });
    expect(s.rowsReplayed).toBe(s.rowsSpooled);
    expect(s.rowsReplayed).toBeGreaterThanOrEqual(3000);
    expect(landed).toEqual([...landed].sort((a, b) => Number(a) - Number(b)));
  });

  it('a restarted writer replays the spool left by the previous one (tokens make replays idempotent)', async () => {
    const dir = tempDir('ja4ws-spool-');
    down = true;
    const w1 = createWriter<TlsHandshakeRow>(store, {
      table: TLS_HANDSHAKES,
      maxBatchRows: 250,
      retryBaseMs: 5,
      probeMs: 20,
      spool: { dir },
    });
    await w1.write(syntheticRows(0, 1000, base));
    await w1.flush();
    await w1.close();
    // Simulate "the first replay attempt landed but its answer was lost": insert one spooled batch by hand.
    const first = new Spool<TlsHandshakeRow>({ dir });
    await first
      .replayOldest(
        async (rec) => {
          await real.insert(TLS_HANDSHAKES, rec.rows, { dedupToken: rec.token });
          throw new Error('answer lost');
        },
        () => undefined,
      )
      .catch(() => undefined);
    first.close();
    down = false;
    const w2 = createWriter<TlsHandshakeRow>(store, {
      table: TLS_HANDSHAKES,
      probeMs: 20,
      spool: { dir },
    });
    await until(() => !w2.stats().spooling);
    await w2.close();
    expect(await counts()).toEqual({ n: 1000, distinct: 1000 });
  });

  it('quarantines a corrupt segment, reports it, and replays the records before the damage', async () => {
    const dir = tempDir('ja4ws-spool-');
    const spool = new Spool<TlsHandshakeRow>({ dir });
    for (let b = 0; b < 3; b++)
      spool.append({ token: `t${b}`, since: Date.now(), rows: syntheticRows(b * 100, 100, base) });
    spool.close();
    const [seg] = readdirSync(dir).filter((f) => f.endsWith('.spool'));
    const bytes = readFileSync(join(dir, seg!));
    const recordLen = Spool.encode({
      token: 't0',
      since: 0,
      rows: syntheticRows(0, 100, base),
    }).length;
    bytes[recordLen + 200] = bytes[recordLen + 200]! ^ 0xff; // flip a byte inside the second record
    writeFileSync(join(dir, seg!), bytes);
    const alarms: StoreError[] = [];
    const w = createWriter<TlsHandshakeRow>(store, {
      table: TLS_HANDSHAKES,
      probeMs: 20,
      spool: { dir },
      onAlarm: (a) => alarms.push(a),
    });
    await until(() => !w.stats().spooling);
    await w.close();
    expect(alarms.map((a) => a.code)).toEqual(['spool.corrupt']);
    expect(alarms[0]!.message).toMatch(/checksum mismatch/);
    expect(alarms[0]!.message).toContain(seg!);
    expect(w.stats().corruptSegments).toBe(1);
    expect(readdirSync(join(dir, 'quarantine')).length).toBe(1);
    expect((await counts()).n).toBe(100);
  });

  it('raises spool.full at the cap and holds producers back instead of dropping', async () => {
    const dir = tempDir('ja4ws-spool-');
    const alarms: StoreError[] = [];
    const oneBatch = Spool.encode({
      token: 'x',
      since: 0,
      rows: syntheticRows(0, 100, base),
    }).length;
    down = true;
    const w = createWriter<TlsHandshakeRow>(store, {
      table: TLS_HANDSHAKES,
      maxBatchRows: 100,
      maxQueuedRows: 300,
      retryBaseMs: 1,
      probeMs: 20,
      spool: { dir, maxBytes: oneBatch * 2 + 100 },
      onAlarm: (a) => alarms.push(a),
    });
    let accepted = 0;
    const producer = (async () => {
      for (let b = 0; b < 10; b++) {
        await w.write(syntheticRows(b * 100, 100, base));
        accepted += 100;
      }
    })();
    await until(() => alarms.length > 0);
    expect(alarms[0]!.code).toBe('spool.full');
    expect(alarms[0]!.message).toContain(dir);
    await new Promise((r) => setTimeout(r, 200));
    expect(accepted).toBeLessThan(1000); // held back
    expect(w.stats().spoolFull).toBe(true);
    down = false;
    await producer;
    await w.flush();
    await until(() => !w.stats().spooling);
    await w.close();
    expect(await counts()).toEqual({ n: 1000, distinct: 1000 });
  });

  it('sets rows the database rejects aside, keeps the rest', async () => {
    const dir = tempDir('ja4ws-spool-');
    const alarms: StoreError[] = [];
    const rows = syntheticRows(0, 64, base);
    rows[17] = { ...rows[17]!, src_ip: 'not-an-ip' };
    const w = createWriter<TlsHandshakeRow>(store, {
      table: TLS_HANDSHAKES,
      maxBatchRows: 64,
      spool: { dir },
      onAlarm: (a) => alarms.push(a),
    });
    await w.write(rows);
    await w.close();
    expect(w.stats().rowsRejected).toBe(1);
    expect((await counts()).n).toBe(63);
    expect(alarms[0]!.code).toBe('writer.rejected');
    const file = join(dir, 'quarantine', `rejected-${TLS_HANDSHAKES}.jsonl`);
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8')).toContain('not-an-ip');
  });
});
