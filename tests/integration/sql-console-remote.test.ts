// The SQL console on a ClickHouse server store with `store.consoleUser`: every console request
// goes out as the console user (never the writer's), carries the console's limits, restates
// readonly = 1 only when that user's profile does not hold it (docs/cluster.md), and the
// parse-tree check refuses the same hostile forms before anything runs. Against the chDB-backed HTTP endpoint (users, no profiles:
// the profile's own enforcement needs a real server).
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperationOutput } from '../../common/api/contract.js';
import type { HandlerContext } from '../../main/api/context.js';
import { dispatch } from '../../main/api/dispatch.js';
import { loadConfig } from '../../main/config/load.js';
import { consoleEngineFor } from '../../main/domain/sql-console/console-engine.js';
import { migrateUp } from '../../main/storage/migrations/runner.js';
import { openStore, type Store } from '../../main/storage/store.js';
import {
  type ChdbHttpServer,
  startChdbHttpServer,
} from '../../main/storage/testing/chdb-http-server.js';
import { testContext } from '../support/context.js';
import { hostileForms } from '../security/sql-console-corpus.js';

let server: ChdbHttpServer;
let store: Store;
let ctx: HandlerContext;
let engine: ReturnType<typeof consoleEngineFor>;
const root = mkdtempSync(join(tmpdir(), 'ja4ws-console-remote-'));
const files = join(root, 'files');

beforeAll(async () => {
  server = await startChdbHttpServer({
    dataDir: join(root, 'db'),
    users: { ja4ws: 'writer-pw', analyst_ro: 'console-pw' },
  });
  const storeConfig = {
    kind: 'remote',
    url: server.url,
    username: 'ja4ws',
    password: 'writer-pw',
  } as const;
  store = await openStore(storeConfig);
  await migrateUp(store);
  const config = loadConfig({
    env: {},
    flags: {
      dataDir: root,
      store: { ...storeConfig, consoleUser: 'analyst_ro', consolePassword: 'console-pw' },
    },
  });
  engine = consoleEngineFor(config, store);
  ctx = testContext(store, { sqlConsole: engine });
  (await import('node:fs')).mkdirSync(files);
  writeFileSync(join(files, 'secret'), 'remote-secret');
}, 120_000);

afterAll(async () => {
  await engine?.close();
  await store?.close();
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

const run = (sql: string): Promise<OperationOutput<'sql.query'>> =>
  dispatch('sql.query', { sql }, ctx) as Promise<OperationOutput<'sql.query'>>;

describe('SQL console on a server store', () => {
  it('runs as the console user with the limits in the statement and readonly left to its profile', async () => {
    expect(engine.readonlyInQuery).toBe('auto');
    const mark = server.requests.length;
    const r = await run('SELECT count() AS console_marker FROM tls_handshakes');
    expect(r.rows).toEqual([['0']]);
    const t = await run('SHOW TABLES');
    expect(t.rows.map((x) => x[0])).toContain('tls_handshakes');
    const sent = server.requests.slice(mark);
    expect(sent.length).toBeGreaterThan(4);
    expect(sent.every((q) => q.user === 'analyst_ro')).toBe(true);
    const ran = sent.find((q) => q.query.startsWith('SELECT count() AS console_marker'))!;
    expect(ran.query).toMatch(/max_result_rows = 1001/);
    // The endpoint has users but no profiles: the console user's readonly is 0, so the console
    // restates readonly = 1 (with a readonly profile it would leave it out).
    expect(sent.some((q) => q.query.includes("getSetting('readonly')"))).toBe(true);
    expect(ran.query).toMatch(/readonly = 1/);
    // The writer's connection never carried a console statement.
    expect(
      server.requests.some((q) => q.user === 'ja4ws' && q.query.includes('console_marker')),
    ).toBe(false);
  });

  it('refuses the hostile forms before anything of theirs runs', async () => {
    const forms = hostileForms({
      out: (i) => join(files, `out-${i}`),
      secret: join(files, 'secret'),
      table: 'evil_console_table',
    });
    const mark = server.requests.length;
    for (const f of forms)
      await expect(run(f.sql), f.name).rejects.toMatchObject({
        kind: 'invalid',
        // Refused by the check, as on the embedded engine: never a failure of the engine.
        code: expect.stringMatching(/^sql\.(?!failed)/),
      });
    expect(readdirSync(files)).toEqual(['secret']);
    expect(existsSync(join(files, 'out-0'))).toBe(false);
    // The console user only ever sent the checks (formatQuery with the text as a parameter,
    // EXPLAIN AST, the function catalogue); no hostile statement was executed.
    const sent = server.requests.slice(mark);
    const kinds = new Set(sent.map((q) => q.query.split(/\s/)[0] + ' ' + q.query.split(/\s/)[1]));
    expect([...kinds].sort()).toEqual(['EXPLAIN AST', 'SELECT formatQuery({sql:String})'].sort());
    expect(sent.every((q) => q.user === 'analyst_ro')).toBe(true);
    const tables = await (
      await store.client.query({
        query: "SELECT name FROM system.tables WHERE name LIKE 'evil%'",
        format: 'JSONEachRow',
      })
    ).json();
    expect(tables).toEqual([]);
  }, 120_000);

  it('reports a console user the server refuses as a clear error', async () => {
    const bad = consoleEngineFor(
      loadConfig({
        env: {},
        flags: {
          dataDir: root,
          store: {
            kind: 'remote',
            url: server.url,
            consoleUser: 'analyst_ro',
            consolePassword: 'wrong',
          },
        },
      }),
      store,
    );
    await expect(
      dispatch('sql.query', { sql: 'SELECT 1' }, testContext(store, { sqlConsole: bad })),
    ).rejects.toMatchObject({
      kind: 'invalid',
      code: 'sql.failed',
      message: expect.stringContaining('Authentication failed'),
    });
    await bad.close();
  });
});
