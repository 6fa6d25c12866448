// recentHandshakes reads the newest hour (then day) of stored data first; sparse data must still
// give the newest `limit` rows overall, newest first.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateUp } from '../../storage/migrations/runner.js';
import { openStore, type Store } from '../../storage/store.js';
import { recentHandshakes } from './operations.js';

const dir = mkdtempSync(join(tmpdir(), 'ja4ws-recent-'));
let store: Store;
const NOW = Date.now();
const chTime = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
// Newest first: 3 rows in the last 10 minutes, 2 two hours back, 2 three days back.
const AGES_MIN = [1, 5, 10, 120, 130, 3 * 1440, 3 * 1440 + 5];

beforeAll(async () => {
  store = await openStore({ kind: 'embedded', dataDir: dir });
  await migrateUp(store);
  await store.insert(
    'tls_handshakes',
    AGES_MIN.map((m, i) => ({
      ts: chTime(NOW - m * 60_000),
      transport: 'tcp',
      src_ip: `::ffff:198.51.100.${i + 1}`,
      src_port: 40000 + i,
      dst_ip: '::ffff:192.0.2.10',
      dst_port: 443,
      ja4: 't13d1516h2_8daaf6152771_e5627efa2ab1',
    })),
  );
}, 60_000);

afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('recentHandshakes', () => {
  it.each([2, 3, 5, 7, 25])('returns the newest %i rows overall, newest first', async (limit) => {
    const { rows } = await recentHandshakes(store.client, limit);
    expect(rows.map((r) => r.src)).toEqual(
      AGES_MIN.slice(0, limit).map((_, i) => `198.51.100.${i + 1}`),
    );
  });
});
