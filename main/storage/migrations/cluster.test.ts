// Snapshot of every migration rendered for one node and for a cluster: the generated DDL is
// pinned (ON CLUSTER, Replicated* engines, Distributed tables) and a change shows up in review.
// Each rendered statement is also parsed by the real ClickHouse parser (formatQuery in chDB):
// the cluster DDL cannot be executed here (no Keeper), but it must be valid SQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../store.js';
import { tempDir } from '../testing/temp-dir.js';
import { loadMigrations } from './load.js';
import { migrationsTableDdl, renderStatements } from './runner.js';
import { settingsTableDdl } from './settings-table.js';
import { stripComments } from './split-sql.js';
import type { RenderContext } from './template.js';

const single: RenderContext = {
  database: 'ja4ws',
  cluster: undefined,
  rawTtlDays: 30,
  aggregateTtlDays: 365,
};
const cluster: RenderContext = { ...single, cluster: 'ja4ws_cluster' };

function render(ctx: RenderContext): { text: string; statements: string[] } {
  const statements = [migrationsTableDdl(ctx), settingsTableDdl(ctx)];
  let text = `-- runner tables\n${statements.join(';\n\n')};\n`;
  for (const f of loadMigrations()) {
    const up = renderStatements(f.up, ctx, f.file);
    const down = f.down ? renderStatements(f.down, ctx, f.file) : [];
    statements.push(...up, ...down);
    text += `\n-- ${f.file} (up)\n${up.join(';\n\n')};\n`;
    if (down.length) text += `\n-- ${f.file} (down)\n${down.join(';\n\n')};\n`;
  }
  return { text, statements };
}

let store: Store;
beforeAll(async () => {
  store = await openStore({ kind: 'embedded', dataDir: tempDir() });
});
afterAll(async () => store.close());

describe.each([
  ['single node', single, 'single-node.sql'],
  ['cluster', cluster, 'cluster.sql'],
] as const)('generated DDL (%s)', (_name, ctx, file) => {
  it('matches the pinned snapshot', async () => {
    await expect(render(ctx).text).toMatchFileSnapshot(`./__snapshots__/${file}`);
  });

  it('parses with the ClickHouse parser', async () => {
    for (const q of render(ctx).statements) {
      const rs = await store.client.query({
        query: 'SELECT formatQuery({q:String}) AS f',
        query_params: { q },
        format: 'JSONEachRow',
      });
      expect((await rs.json<{ f: string }>())[0]!.f.length, q).toBeGreaterThan(0);
    }
  });
});

describe('cluster rendering', () => {
  it('puts ON CLUSTER on every DDL statement, Replicated engines on every table, a Distributed table per sharded table', () => {
    const { statements } = render(cluster);
    // Data statements (a migration's backfill) go through the Distributed tables instead.
    const isInsert = (s: string) => /^INSERT INTO /.test(stripComments(s).trim());
    const ddl = statements.filter((s) => !isInsert(s));
    for (const s of ddl) expect(s, s).toMatch(/ON CLUSTER 'ja4ws_cluster'/);
    const engines = statements.flatMap((s) => [...s.matchAll(/ENGINE = (\w+)/g)].map((m) => m[1]!));
    expect(engines.every((e) => e.startsWith('Replicated') || e === 'Distributed')).toBe(true);
    const distributed = statements
      .filter((s) => /ENGINE = Distributed/.test(s))
      .map((s) => /TABLE IF NOT EXISTS ja4ws\.(\w+)/.exec(s)![1]);
    expect(distributed.sort()).toEqual(
      [
        'agg_anomaly_ip_1d',
        'agg_ja4_1m',
        'agg_ja4_ua_1m',
        'agg_src_ip_1m',
        'agg_src_ip_handshakes_1m',
        'agg_src_ip_ja4_1m',
        'analyst_feedback',
        'http_logs',
        'http_requests',
        'ml_detected_anomalies',
        'ml_models',
        'tcp_events',
        'tls_handshake_finals',
        'tls_handshakes',
      ].sort(),
    );
    // Materialized views read and write the shard-local tables.
    for (const s of statements.filter((x) => /MATERIALIZED VIEW/.test(x))) {
      expect(s).toMatch(/TO ja4ws\.agg_\w+_local/);
      expect(s).toMatch(/FROM ja4ws\.\w+_local/);
    }
    // A backfill or repair (0014 moves rows between raw tables) writes through the Distributed
    // tables, so each row lands on its key's shard.
    const inserts = statements.filter(isInsert).map((s) => stripComments(s).trim());
    expect(inserts.length).toBeGreaterThan(0);
    for (const s of inserts) {
      expect(s).toMatch(/^INSERT INTO ja4ws\.(agg_\w+|tls_handshakes|tls_handshake_finals)\s/);
      expect(s).not.toMatch(/_local\b/);
    }
  });
});
