// The endpoint speaks enough of ClickHouse's HTTP interface for @clickhouse/client: checked here
// with the real client, compression off and on, parameters, settings, errors and auth.
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnEndpoint, type EndpointProcess } from './http-endpoint.js';
import { tempDir } from './temp-dir.js';
import { unescapeParam } from './chdb-http-server.js';

let ep: EndpointProcess;
beforeAll(async () => {
  ep = await spawnEndpoint({
    dataDir: tempDir('ja4ws-endpoint-'),
    user: 'ja4',
    password: 's3cret',
  });
});
afterAll(async () => ep.stop());

describe.each([
  { compression: false, name: 'compression off' },
  { compression: true, name: 'compression on' },
])('chdb-http-server with @clickhouse/client ($name)', ({ compression }) => {
  let client: ClickHouseClient;
  const db = `http_${compression ? 'gz' : 'plain'}`;
  beforeAll(async () => {
    const base = {
      url: ep.url,
      username: 'ja4',
      password: 's3cret',
      compression: { request: compression, response: compression },
    };
    const boot = createClient(base);
    await boot.command({ query: `CREATE DATABASE IF NOT EXISTS ${db}` });
    await boot.close();
    client = createClient({ ...base, database: db });
  });
  afterAll(async () => client.close());

  it('pings', async () => {
    expect((await client.ping()).success).toBe(true);
  });

  it('runs commands, inserts and queries with typed parameters', async () => {
    await client.command({
      query:
        'CREATE TABLE t (id UInt32, s String, ip IPv6, tags Array(String)) ENGINE = MergeTree ORDER BY id',
    });
    const rows = Array.from({ length: 1000 }, (_, i) => ({
      id: i,
      s: `row\t${i}'"\\`,
      ip: `::ffff:10.0.${i >> 8}.${i & 255}`,
      tags: ['a', `b${i}`],
    }));
    await client.insert({ table: 't', values: rows, format: 'JSONEachRow' });
    const rs = await client.query({
      query:
        'SELECT id, s, ip, tags FROM t WHERE s = {s:String} OR id IN {ids:Array(UInt32)} OR ip = {ip:IPv6} ORDER BY id',
      query_params: { s: 'row\t7\'"\\', ids: [1, 2], ip: '::ffff:10.0.0.9' },
      format: 'JSONEachRow',
    });
    expect(await rs.json()).toEqual([rows[1], rows[2], rows[7], rows[9]]);
  });

  it('scopes settings to one request', async () => {
    const rs = await client.query({
      query: "SELECT value FROM system.settings WHERE name = 'max_threads'",
      format: 'JSONEachRow',
      clickhouse_settings: { max_threads: 3 },
    });
    expect(await rs.json()).toEqual([{ value: '3' }]);
    const after = await client.query({
      query: "SELECT changed FROM system.settings WHERE name = 'max_threads'",
      format: 'JSONEachRow',
    });
    expect(await after.json()).toEqual([{ changed: 0 }]);
  });

  it('deduplicates inserts by insert_deduplication_token', async () => {
    await client.command({
      query:
        'CREATE TABLE d (a UInt8) ENGINE = MergeTree ORDER BY a SETTINGS non_replicated_deduplication_window = 100',
    });
    for (const token of ['x', 'x', 'y']) {
      await client.insert({
        table: 'd',
        values: [{ a: 1 }],
        format: 'JSONEachRow',
        clickhouse_settings: { insert_deduplication_token: token },
      });
    }
    const rs = await client.query({ query: 'SELECT count() AS n FROM d', format: 'JSONEachRow' });
    expect(await rs.json()).toEqual([{ n: '2' }]);
  });

  it("returns ClickHouse's error shape, which the client turns into ClickHouseError", async () => {
    await expect(client.query({ query: 'SELEC 1' })).rejects.toMatchObject({
      code: '62',
      type: 'SYNTAX_ERROR',
    });
    await expect(client.query({ query: 'SELECT * FROM nope' })).rejects.toMatchObject({
      code: '60',
      type: 'UNKNOWN_TABLE',
    });
  });
});

describe('chdb-http-server auth and escapes', () => {
  it('rejects a wrong password with AUTHENTICATION_FAILED', async () => {
    const c = createClient({ url: ep.url, username: 'ja4', password: 'wrong' });
    await expect(c.query({ query: 'SELECT 1' })).rejects.toMatchObject({
      code: '516',
      type: 'AUTHENTICATION_FAILED',
    });
    await c.close();
  });

  it('unescapes string parameters like the server', () => {
    expect(unescapeParam("a\\tb\\nc\\\\d\\'e")).toBe("a\tb\nc\\d'e");
  });
});
