// Poisoned spool records: a record whose checksum is right but whose body is not a batch, and a
// path named like a segment that is not a file. Each is set aside with its reason and reported;
// the batches around it are stored; replay never stalls.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HttpRequest } from '../../../common/events/http-request.js';
import type { StoreError } from '../errors.js';
import { migrateUp } from '../migrations/runner.js';
import { HTTP_REQUESTS, httpRequestToRow } from '../rows/http.js';
import { openStore, type Store } from '../store.js';
import { tempDir, uniqueDatabase } from '../testing/temp-dir.js';
import { Spool } from './spool.js';
import { createWriter } from './writer.js';

let store: Store;
beforeAll(async () => {
  store = await openStore({ kind: 'embedded', dataDir: tempDir(), database: uniqueDatabase() });
  await migrateUp(store);
});
afterAll(async () => store.close());
beforeEach(async () => {
  await store.client.command({ query: `TRUNCATE TABLE ${HTTP_REQUESTS}` });
});

const base = Date.UTC(2026, 10, 24, 8) * 1000;
function rows(from: number, n: number): object[] {
  return Array.from({ length: n }, (_, k) => {
    const i = from + k;
    const req: HttpRequest = {
      ts_us: base + i * 1000,
      src_ip: '198.51.100.7',
      src_port: 20000 + i,
      method: 'GET',
      path: `/p/${i}`,
      http_version: 'HTTP/1.1',
      status: 200,
      headers: [['Host', 'poison.test']],
    };
    return httpRequestToRow(req) as object;
  });
}

/** A record with a correct header and checksum around any body. */
function rawRecord(body: string): Buffer {
  const payload = Buffer.from(body);
  const h = Buffer.alloc(12);
  h.write('J4SP', 0);
  h.writeUInt32LE(payload.length, 4);
  h.writeUInt32LE(crc32(payload), 8);
  return Buffer.concat([h, payload]);
}

async function stored(): Promise<string[]> {
  const rs = await store.client.query({
    query: `SELECT path FROM ${HTTP_REQUESTS} ORDER BY path`,
    format: 'JSONEachRow',
  });
  return (await rs.json<{ path: string }>()).map((r) => r.path);
}

const until = async (cond: () => boolean, ms = 20_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out: replay stalled');
    await new Promise((r) => setTimeout(r, 20));
  }
};

const poisons: Array<[string, string, RegExp]> = [
  ['a non-JSON body', '{"token":"p","since":1,"rows":[{"a":', /not JSON/],
  ['"rows": null', '{"token":"p","since":1,"rows":null}', /"rows" is null/],
  [
    'a row that is not an object',
    '{"token":"p","since":1,"rows":[1]}',
    /"rows"\[0\] is not an object/,
  ],
  ['a body that is an array', '[1,2,3]', /not a JSON object/],
  ['no token', '{"since":1,"rows":[]}', /"token"/],
];

describe('spool replay with poisoned records', () => {
  it.each(poisons)(
    'quarantines a record with %s, reports why, and replays the batches around it',
    async (_name, body, reason) => {
      const dir = tempDir('ja4ws-poison-');
      const good = (b: number) =>
        Spool.encode({ token: `good-${b}`, since: Date.now(), rows: rows(b * 10, 10) });
      writeFileSync(
        join(dir, 'seg-0000000000000001.spool'),
        Buffer.concat([good(0), rawRecord(body), good(1)]),
      );
      const alarms: StoreError[] = [];
      const w = createWriter<object>(store, {
        table: HTTP_REQUESTS,
        probeMs: 20,
        spool: { dir },
        onAlarm: (a) => alarms.push(a),
      });
      await until(() => !w.stats().spooling);
      // New events after the poison are stored too (the finding: 0 of 50 in 15 s).
      await w.write(rows(100, 50));
      await w.close();
      expect((await stored()).length).toBe(70);
      expect(alarms.map((a) => a.code)).toEqual(['spool.corrupt']);
      expect(alarms[0]!.message).toMatch(reason);
      expect(alarms[0]!.message).toContain('seg-0000000000000001.spool');
      expect(w.stats().corruptSegments).toBe(1);
      const q = readdirSync(join(dir, 'quarantine'));
      expect(q).toHaveLength(1);
      expect(
        readFileSync(join(dir, 'quarantine', q[0]!))
          .subarray(12)
          .toString(),
      ).toBe(body);
      expect(readdirSync(dir).filter((f) => f.endsWith('.spool'))).toEqual([]);
    },
  );

  it('moves a directory named like a segment aside, reports it, and replays the real segments', async () => {
    const dir = tempDir('ja4ws-poison-');
    mkdirSync(join(dir, 'seg-0000000000000001.spool'));
    writeFileSync(
      join(dir, 'seg-0000000000000002.spool'),
      Spool.encode({ token: 'after-dir', since: Date.now(), rows: rows(0, 10) }),
    );
    const alarms: StoreError[] = [];
    const w = createWriter<object>(store, {
      table: HTTP_REQUESTS,
      probeMs: 20,
      spool: { dir },
      onAlarm: (a) => alarms.push(a),
    });
    await until(() => !w.stats().spooling);
    await w.write(rows(100, 50));
    await w.close();
    expect((await stored()).length).toBe(60);
    expect(alarms.map((a) => a.code)).toEqual(['spool.corrupt']);
    expect(alarms[0]!.message).toMatch(/not a regular file \(a directory\)/);
    expect(readdirSync(join(dir, 'quarantine'))[0]).toMatch(/seg-0000000000000001\.spool$/);
  });
});
