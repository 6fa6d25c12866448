// Imports go through the tables' Writers (import-rows.ts), so a store that is away for a while
// costs an import nothing: the batches it refuses wait in the spool and are replayed, and a batch
// whose answer was lost is not stored twice (its dedup token). Counted against independent truth:
// the file's own lines, and tshark's ClientHellos of a capture.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturePath, tsharkView } from '../../../capture-worker/test-fixtures/captures.js';
import { migrateUp } from '../../storage/migrations/runner.js';
import { openStore, type Store } from '../../storage/store.js';
import {
  closeTableWriters,
  openTableWriters,
  type TableWriters,
} from '../../storage/writer/table-writers.js';
import { importLogFiles } from './log-import.js';
import { importCaptureFile } from './operations.js';

const LINES = 3_000;
let store: Store;
const dir = mkdtempSync(join(tmpdir(), 'ja4ws-import-outage-'));

/**
 * The store as a writer sees it during an outage: after `upFor` inserts it refuses the next
 * `refuse` attempts as a dead server would, and the first insert after it comes back lands but
 * its answer is lost (the writer cannot tell it from a failure, and sends it again).
 */
function outage(inner: Store, upFor: number, refuse: number) {
  const seen = { attempts: 0, refused: 0, answersLost: 0 };
  const flaky: Store = {
    ...inner,
    async insert(table, rows, options) {
      seen.attempts++;
      if (seen.attempts > upFor && seen.refused < refuse) {
        seen.refused++;
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8123'), {
          code: 'ECONNREFUSED',
        });
      }
      await inner.insert(table, rows, options);
      if (seen.refused === refuse && seen.answersLost === 0) {
        seen.answersLost++;
        throw new Error('socket hang up');
      }
    },
  };
  return { flaky, seen };
}

/** The tables' writers on the flaky store: small batches, quick retries, a spool of their own. */
function writersOn(s: Store, name: string): TableWriters {
  return openTableWriters(s, (table) => ({
    spool: { dir: join(dir, name, table) },
    maxBatchRows: 250,
    retryBaseMs: 5,
    retryMaxMs: 50,
    probeMs: 20,
  }));
}

async function rows<T>(query: string): Promise<T[]> {
  const rs = await store.client.query({ query, format: 'JSONEachRow' });
  return rs.json<T>();
}

beforeAll(async () => {
  store = await openStore({ kind: 'embedded', dataDir: join(dir, 'store') });
  await migrateUp(store);
}, 60_000);

afterAll(async () => {
  await store?.close();
});

describe('an import while the store is briefly away', () => {
  it('a log of request events: every line is stored exactly once', async () => {
    const file = join(dir, 'requests.jsonl');
    const t0 = Date.UTC(2026, 11, 7, 9) / 1000;
    const lines = Array.from({ length: LINES }, (_, i) =>
      JSON.stringify({
        time: t0 + i / 10,
        src_ip: `198.51.100.${i % 200}`,
        src_port: 20_000 + i,
        dst_ip: '192.0.2.10',
        dst_port: 443,
        method: 'GET',
        host: 'outage.example',
        path: `/outage/${i}`,
        http_version: '1.1',
        status: 200,
        headers: [['Host', 'outage.example']],
        source: 'outage-test',
      }),
    );
    writeFileSync(file, `${lines.join('\n')}\n`);
    const { flaky, seen } = outage(store, 2, 8);
    const writers = writersOn(flaky, 'log');
    const r = await importLogFiles(store, [file], { ja4plus: true, writers });
    await closeTableWriters(writers, { drainSpool: true, timeoutMs: 20_000 });

    expect(r.files[0]).toMatchObject({ lines: LINES, requests: LINES, bad: {} });
    // The outage happened, the spool took the refused batches and gave them back.
    expect(seen).toMatchObject({ refused: 8, answersLost: 1 });
    const spooled =
      writers.http_requests.stats().rowsSpooled + writers.http_logs.stats().rowsSpooled;
    expect(spooled).toBeGreaterThan(0);
    for (const table of ['http_requests', 'http_logs']) {
      const [c] = await rows<{ n: string; paths: string }>(
        `SELECT count() AS n, uniqExact(path) AS paths FROM ${table} WHERE host = 'outage.example'`,
      );
      // As many rows as the file has lines, and no path twice.
      expect({ table, n: Number(c!.n), paths: Number(c!.paths) }).toEqual({
        table,
        n: LINES,
        paths: LINES,
      });
    }
  }, 60_000);

  it("a capture: tshark's ClientHellos are the stored handshakes, once each", async () => {
    const CAPTURE = 'tls-clients.pcap';
    const { flaky, seen } = outage(store, 0, 5);
    const writers = writersOn(flaky, 'capture');
    const r = await importCaptureFile(store, capturePath(CAPTURE), {
      ja4plus: true,
      sensor: 'outage-capture',
      writers,
    });
    await closeTableWriters(writers, { drainSpool: true, timeoutMs: 20_000 });
    expect(r.error).toBeUndefined();
    expect(seen.refused).toBe(5);
    const stored = await rows<{ src: string; port: number; ja4: string }>(
      "SELECT replaceOne(toString(src_ip), '::ffff:', '') AS src, src_port AS port, ja4 FROM tls_handshakes WHERE sensor = 'outage-capture'",
    );
    const truth = tsharkView(CAPTURE).hellos.filter((h) => h.type === 'client');
    const key = (x: { src: string; port: number; ja4: string }) => `${x.src}|${x.port}|${x.ja4}`;
    expect(stored.map(key).sort()).toEqual(
      truth.map((h) => key({ src: h.src, port: h.src_port, ja4: h.ja4 ?? '' })).sort(),
    );
  }, 60_000);
});
