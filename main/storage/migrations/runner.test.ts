// Runs on both engines (embedded chDB, and @clickhouse/client over HTTP to the chDB-backed
// endpoint); one data directory per engine per test file, one database per test.
import { copyFileSync, readdirSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../store.js';
import { ENGINES, testStores, type TestStores } from '../testing/engines.js';
import { tempDir } from '../testing/temp-dir.js';
import { defaultMigrationsDir } from './load.js';
import { migrateDown, migrateUp, migrationStatus } from './runner.js';
import { verifySchema } from './verify.js';

function copyOfMigrations(): string {
  const dir = tempDir('ja4ws-migrations-');
  for (const f of readdirSync(defaultMigrationsDir()))
    copyFileSync(join(defaultMigrationsDir(), f), join(dir, f));
  return dir;
}

async function tables(store: Store): Promise<string[]> {
  const rs = await store.client.query({
    query: 'SELECT name FROM system.tables WHERE database = {db:String} ORDER BY name',
    query_params: { db: store.database },
    format: 'JSONEachRow',
  });
  return (await rs.json<{ name: string }>()).map((r) => r.name);
}

describe.each(ENGINES)('migration runner (%s)', (engine) => {
  let stores: TestStores;
  let store: Store;
  const fresh = (migrationsDir?: string): Promise<Store> =>
    stores.open(migrationsDir ? { migrationsDir } : {});
  beforeAll(async () => {
    stores = await testStores(engine);
    store = await fresh();
  });
  afterAll(async () => stores.closeAll());

  it('applies every migration once, in order, and records its checksum', async () => {
    const first = await migrateUp(store);
    expect(first.applied[0]).toBe('0001_tls_handshakes.sql');
    expect(await tables(store)).toContain('tls_handshakes');
    const again = await migrateUp(store);
    expect(again.applied).toEqual([]);
    const rs = await store.client.query({
      query: `SELECT toUInt32(version) AS version, checksum, toString(direction) AS direction FROM ${store.database}.schema_migrations ORDER BY version`,
      format: 'JSONEachRow',
    });
    const rows = await rs.json<{ version: number; checksum: string; direction: string }>();
    expect(rows.length).toBe(first.applied.length);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.checksum) && r.direction === 'up')).toBe(true);
    expect((await verifySchema(store)).ok).toBe(true);
  });

  it('down <n> undoes the newest migrations and up re-applies them', async () => {
    const s = await fresh();
    const { applied } = await migrateUp(s);
    const { applied: undone } = await migrateDown(s, 1);
    expect(undone).toEqual([applied[applied.length - 1]]);
    const status = await migrationStatus(s);
    expect(status.at(-1)!.state).toBe('pending');
    expect((await migrateUp(s)).applied).toEqual(undone);
    expect((await migrationStatus(s)).every((r) => r.state === 'applied')).toBe(true);
  });

  it('refuses to start when an applied file changed, naming the file', async () => {
    const dir = copyOfMigrations();
    const s = await fresh(dir);
    await migrateUp(s);
    appendFileSync(join(dir, '0001_tls_handshakes.sql'), '\n-- an edit after the fact\n');
    await expect(migrateUp(s)).rejects.toMatchObject({
      code: 'migrate.changed',
      message: expect.stringContaining('0001_tls_handshakes.sql'),
    });
    const report = await verifySchema(s);
    expect(report.ok).toBe(false);
    expect(report.lines.join('\n')).toContain('CHANGED  0001_tls_handshakes.sql');
  });

  it('applies a new file added later, and reports a missing applied file', async () => {
    const dir = copyOfMigrations();
    const s = await fresh(dir);
    await migrateUp(s);
    writeFileSync(
      join(dir, '9000_extra.sql'),
      'CREATE TABLE {{local extra}} (a UInt8) ENGINE = {{engine MergeTree}} ORDER BY a;\n-- migrate:down\nDROP TABLE {{local extra}};\n',
    );
    expect((await migrateUp(s)).applied).toEqual(['9000_extra.sql']);
    expect(await tables(s)).toContain('extra');
    const { rmSync } = await import('node:fs');
    rmSync(join(dir, '9000_extra.sql'));
    await expect(migrateUp(s)).rejects.toMatchObject({
      code: 'migrate.missing',
      message: expect.stringContaining('9000_extra.sql'),
    });
  });

  it('refuses down for a file without a down section and changes nothing', async () => {
    const dir = copyOfMigrations();
    writeFileSync(
      join(dir, '9001_nodown.sql'),
      'CREATE TABLE {{local nodown}} (a UInt8) ENGINE = {{engine MergeTree}} ORDER BY a;\n',
    );
    const s = await fresh(dir);
    await migrateUp(s);
    await expect(migrateDown(s, 1)).rejects.toMatchObject({
      code: 'migrate.no_down',
      message: expect.stringContaining('9001_nodown.sql'),
    });
    expect(await tables(s)).toContain('nodown');
  });

  it('names the file and statement when a migration fails', async () => {
    const dir = copyOfMigrations();
    writeFileSync(
      join(dir, '9002_bad.sql'),
      'CREATE TABLE {{local ok}} (a UInt8) ENGINE = {{engine MergeTree}} ORDER BY a;\nCREATE TABLE oops (;\n',
    );
    const s = await fresh(dir);
    await expect(migrateUp(s)).rejects.toMatchObject({
      code: 'migrate.failed',
      message: expect.stringMatching(/9002_bad\.sql \(up\) statement 2/),
    });
  });
});
