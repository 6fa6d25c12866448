// The embedded Native insert must store exactly what the JSONEachRow path stores: every writer
// table is filled both ways from the same rows and read back equal.
import { readdirSync } from 'node:fs';
import { isIPv6 } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CorrelatedEvent } from '../../../common/events/correlated.js';
import { migrateUp } from '../migrations/runner.js';
import { correlatedToRow, httpRequestToRow, HTTP_LOGS, HTTP_REQUESTS } from '../rows/http.js';
import { tcpEventToRow, TCP_EVENTS } from '../rows/tcp-event.js';
import { handshakeToRow, TLS_HANDSHAKES } from '../rows/tls-handshake.js';
import type { Store } from '../store.js';
import { testStores, type TestStores } from '../testing/engines.js';
import { realRecords } from '../testing/reference-records.js';
import { tempDir } from '../testing/temp-dir.js';
import { encodeNative, ipv6, nativeColumns, NativeEncodeError } from './encode.js';
import { NativeInserter } from './insert.js';
import { parseType, wireType } from './type.js';

describe('native encoding', () => {
  it('parses the types our tables use and refuses others', () => {
    for (const t of [
      "DateTime64(6, 'UTC')",
      'LowCardinality(String)',
      "Enum8('' = 0, 'a,b' = 1)",
      'Array(Tuple(name String, value String))',
      'Nullable(UInt16)',
      'Array(Array(String))',
    ])
      expect(parseType(t), t).toBeDefined();
    expect(wireType(parseType('Array(Tuple(ja4_r String, ja4_o LowCardinality(String)))')!)).toBe(
      'Array(Tuple(ja4_r String, ja4_o String))',
    );
    expect(parseType('Map(LowCardinality(String), Float64)')).toBeUndefined();
    expect(nativeColumns([{ name: 'm', type: 'Map(String, UInt8)' }])).toBeUndefined();
  });

  it('encodes IPv6 text like the server (mapped IPv4, ::, embedded IPv4) and refuses junk', () => {
    const cases: [string, string][] = [
      ['::ffff:10.1.2.3', '00000000000000000000ffff0a010203'],
      ['10.1.2.3', '00000000000000000000ffff0a010203'],
      ['::', '00000000000000000000000000000000'],
      ['2001:db8::1', '20010db8000000000000000000000001'],
      ['fe80::1:2:3:4', 'fe800000000000000001000200030004'],
      ['1:2:3:4:5:6:7:8', '00010002000300040005000600070008'],
      ['64:ff9b::192.0.2.33', '0064ff9b0000000000000000c0000221'],
    ];
    for (const [text, hex] of cases) {
      const b = Buffer.alloc(16);
      ipv6(text, b, 0);
      expect(b.toString('hex'), text).toBe(hex);
    }
    for (const junk of ['not-an-ip', '1::2::3', '::ffff:300.1.1.1', '1.2.3', '12345::', ''])
      expect(() => ipv6(junk, Buffer.alloc(16), 0), junk).toThrow(NativeEncodeError);
    expect(isIPv6('64:ff9b::192.0.2.33')).toBe(true);
  });

  it('refuses a value of the wrong JS type (the caller then sends JSON)', () => {
    const cols = nativeColumns([{ name: 'n', type: 'UInt16' }])!;
    expect(() => encodeNative(cols, [{ n: 70000 }])).toThrow(/column n: uint16 expected/);
    expect(() => encodeNative(cols, [{ n: '5' }])).toThrow(NativeEncodeError);
  });
});

describe('native insert (embedded)', () => {
  let stores: TestStores;
  let store: Store;
  beforeAll(async () => {
    stores = await testStores('embedded');
    store = await stores.open();
    await migrateUp(store);
  });
  afterAll(async () => stores.closeAll());

  async function json(query: string): Promise<unknown[]> {
    return (await store.client.query({ query, format: 'JSONEachRow' })).json();
  }

  /** Rows stored through JSON into `table`, through Native into a copy: both read back equal. */
  async function sameBothWays(table: string, rows: object[]): Promise<void> {
    const copy = `${table}_native_copy`;
    await store.client.command({ query: `TRUNCATE TABLE ${table}` });
    await store.client.command({ query: `DROP TABLE IF EXISTS ${copy}` });
    await store.client.command({ query: `CREATE TABLE ${copy} AS ${table}` });
    await store.insert(table, rows, { dedupToken: 'json' });
    // true = it really went as a Native block (false would mean the JSON fallback).
    const native = new NativeInserter(store.client, store.database);
    expect(await native.insert(copy, rows, { insert_deduplication_token: 'native' })).toBe(true);
    const read = (t: string) => json(`SELECT * EXCEPT ingested_at FROM ${t} ORDER BY ALL`);
    const viaJson = await read(table);
    expect(viaJson).toHaveLength(rows.length);
    expect(await read(copy)).toEqual(viaJson);
    await store.client.command({ query: `DROP TABLE ${copy}` });
  }

  const base = Date.UTC(2026, 10, 24, 10) * 1000;
  const records = realRecords(base);
  const long = 'x'.repeat(200) + 'é' + 'y'.repeat(20_000);

  it('tls_handshakes: every fixture record, plus non-ASCII and long strings', async () => {
    const rows = records.filter((r) => r.ja4).map((r) => handshakeToRow(r));
    rows[0]!.tls_server_name = 'bücher.example';
    rows[1]!.ja4_r = long;
    rows[2]!.ja4h = ['a', long, ''];
    await sameBothWays(TLS_HANDSHAKES, rows);
  });

  it('tcp_events', async () => {
    await sameBothWays(
      TCP_EVENTS,
      records.map((r) => tcpEventToRow(r)),
    );
  });

  const events: CorrelatedEvent[] = records.slice(0, 30).map((h, i) => ({
    correlation: i % 5 === 0 ? 'request-only' : 'matched',
    ts_us: h.ts_us + 1000,
    src_ip: h.src,
    src_port: h.src_port,
    request: {
      ts_us: h.ts_us + 1000,
      src_ip: h.src,
      src_port: h.src_port,
      method: 'GET',
      path: `/p${i % 3}`,
      http_version: i % 2 ? 'HTTP/2' : 'HTTP/1.1',
      status: i % 4 === 0 ? 404 : 200,
      duration_ms: i / 7,
      headers: [
        ['Host', 'example.test'],
        ['User-Agent', i % 3 ? 'Mozilla/5.0 Ü' : long],
      ],
    },
    ...(i % 5 === 0 ? {} : { handshake: h }),
  }));

  it('http_logs (tuples of headers, Bool, Float32, enums, the no-handshake epoch)', async () => {
    await sameBothWays(HTTP_LOGS, events.map(correlatedToRow));
  });

  it('http_requests', async () => {
    await sameBothWays(
      HTTP_REQUESTS,
      events.map((e) => httpRequestToRow(e.request!)),
    );
  });

  it('dictionary keys of every width, enums, and UTF-8 lengths that need a wider varint', async () => {
    await store.client.command({
      query:
        "CREATE TABLE IF NOT EXISTS lc_enum (i UInt32, a LowCardinality(String), s String, e Enum8('x' = 1, 'it''s' = -2)) " +
        'ENGINE = MergeTree ORDER BY i',
    });
    // 70,000 distinct values: UInt32 keys; the first 300 rows alone would need UInt16 keys.
    const shift = 'é'.repeat(100); // 100 UTF-16 units, 200 bytes: the length varint grows to 2
    const rows = Array.from({ length: 70_000 }, (_, i) => ({
      i,
      a: i % 3 === 0 ? '' : `v${i}${i % 7 === 0 ? 'ü' : ''}`,
      s: i % 5 === 0 ? shift : i % 5 === 1 ? 'x'.repeat(130) : `s${i}`,
      e: i % 2 ? 'x' : "it's",
    }));
    for (const batch of [rows.slice(0, 200), rows.slice(0, 300), rows])
      await sameBothWays('lc_enum', batch);
  });

  it('an enum name the table does not have goes the JSON way', async () => {
    const native = new NativeInserter(store.client, store.database);
    expect(await native.insert('lc_enum', [{ i: 1, a: '', s: '', e: 'nope' }], {})).toBe(false);
  });

  it('keeps the deduplication token: the same batch twice is stored once', async () => {
    await store.client.command({ query: `TRUNCATE TABLE ${TLS_HANDSHAKES}` });
    const rows = records.filter((r) => r.ja4).map((r) => handshakeToRow(r));
    await store.insert(TLS_HANDSHAKES, rows, { dedupToken: 'same', native: true });
    await store.insert(TLS_HANDSHAKES, rows, { dedupToken: 'same', native: true });
    await store.insert(TLS_HANDSHAKES, rows, { dedupToken: 'other', native: true });
    expect(await json(`SELECT count() AS n FROM ${TLS_HANDSHAKES}`)).toEqual([
      { n: rows.length * 2 },
    ]);
  });

  it('a prepared batch is inserted from its file; others leave it alone; close removes it', async () => {
    await store.client.command({ query: `TRUNCATE TABLE ${TLS_HANDSHAKES}` });
    const dir = tempDir('ja4ws-native-');
    const native = new NativeInserter(store.client, store.database, dir);
    const all = records.filter((r) => r.ja4).map((r) => handshakeToRow(r));
    const a = all.slice(0, 10);
    const b = all.slice(10, 30);
    const c = all.slice(30, 40);
    expect(await native.insert(TLS_HANDSHAKES, a, {})).toBe(true); // learns the columns
    native.prepare(TLS_HANDSHAKES, b);
    native.prepare(TLS_HANDSHAKES, c);
    expect(readdirSync(dir)).toHaveLength(2);
    expect(await native.insert(TLS_HANDSHAKES, b, {})).toBe(true);
    expect(readdirSync(dir)).toHaveLength(1);
    native.discardPrepared();
    expect(readdirSync(dir)).toEqual([]);
    expect(await json(`SELECT count() AS n FROM ${TLS_HANDSHAKES}`)).toEqual([{ n: 30 }]);
  });

  it('a value the encoder refuses goes the JSON way and the server judges it', async () => {
    const row = { ...handshakeToRow(records.find((r) => r.ja4)!), src_ip: 'not-an-ip' };
    const native = new NativeInserter(store.client, store.database);
    expect(await native.insert(TLS_HANDSHAKES, [row], {})).toBe(false);
    await expect(
      store.insert(TLS_HANDSHAKES, [row], { dedupToken: 'bad', native: true }),
    ).rejects.toMatchObject({ type: expect.stringMatching(/^CANNOT_PARSE|INCORRECT_DATA/) });
  });
});
