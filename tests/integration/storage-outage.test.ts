// The writer through a database outage (issue 4): 5,000 rows/s for 60 s into a ClickHouse-compatible
// HTTP endpoint (chDB behind it) that is killed (SIGKILL) after 15 s and comes back on the same
// port and data directory 30 s later. Afterwards every row is present exactly once.
// Long by design (~80 s); the rest of the storage suite stays fast.
import { afterAll, describe, expect, it } from 'vitest';
import { migrateUp } from '../../main/storage/migrations/runner.js';
import { TLS_HANDSHAKES, type TlsHandshakeRow } from '../../main/storage/rows/tls-handshake.js';
import { openStore, type Store } from '../../main/storage/store.js';
import { spawnEndpoint, type EndpointProcess } from '../../main/storage/testing/http-endpoint.js';
import { syntheticRows } from '../../main/storage/testing/synthetic.js';
import { tempDir } from '../../main/storage/testing/temp-dir.js';
import { createWriter } from '../../main/storage/writer/writer.js';

const RATE = 5_000;
const SECONDS = 60;
const DOWN_AT_S = 15;
const DOWN_FOR_S = 30;
const TICK_MS = 100;

let ep: EndpointProcess | undefined;
let store: Store | undefined;
afterAll(async () => {
  await store?.close();
  await ep?.stop();
});

describe('storage outage', () => {
  it(`${RATE} rows/s for ${SECONDS} s with the database gone for ${DOWN_FOR_S} s: every row exactly once`, async () => {
    const dataDir = tempDir('ja4ws-outage-db-');
    ep = await spawnEndpoint({ dataDir });
    const port = ep.port;
    store = await openStore({ kind: 'remote', url: ep.url, requestTimeoutMs: 5_000 });
    await migrateUp(store);
    const writer = createWriter<TlsHandshakeRow>(store, {
      table: TLS_HANDSHAKES,
      maxBatchRows: 5_000,
      maxBatchDelayMs: 500,
      retriesBeforeSpool: 3,
      retryBaseMs: 100,
      probeMs: 250,
      spool: { dir: tempDir('ja4ws-outage-spool-') },
    });
    const baseUs = Date.UTC(2026, 10, 24, 6) * 1000;
    const perTick = (RATE * TICK_MS) / 1000;
    const ticks = (SECONDS * 1000) / TICK_MS;
    const start = Date.now();
    let outage: Promise<void> | undefined;
    let maxSpoolBytes = 0;
    for (let t = 0; t < ticks; t++) {
      const due = start + t * TICK_MS;
      if (Date.now() < due) await new Promise((r) => setTimeout(r, due - Date.now()));
      if (t === (DOWN_AT_S * 1000) / TICK_MS) {
        const dying = ep;
        outage = (async () => {
          await dying.kill();
          await new Promise((r) => setTimeout(r, DOWN_FOR_S * 1000));
          ep = await spawnEndpoint({ dataDir, port });
        })();
      }
      await writer.write(syntheticRows(t * perTick, perTick, baseUs));
      maxSpoolBytes = Math.max(maxSpoolBytes, writer.stats().spoolBytes);
    }
    const producedIn = Date.now() - start;
    await outage;
    await writer.flush();
    const drainStart = Date.now();
    while (
      (writer.stats().spooling || writer.stats().rowsQueued > 0) &&
      Date.now() - drainStart < 120_000
    ) {
      await new Promise((r) => setTimeout(r, 100));
    }
    await writer.close();
    const stats = writer.stats();
    process.stdout.write(
      `outage test: produced ${RATE * SECONDS} rows in ${producedIn} ms; spooled ${stats.rowsSpooled} rows ` +
        `(peak ${maxSpoolBytes} bytes), replayed ${stats.rowsReplayed}, retries ${stats.retries}, ` +
        `drained ${Date.now() - drainStart} ms after the producer stopped\n`,
    );
    expect(stats.rowsSpooled).toBeGreaterThan(RATE * (DOWN_FOR_S - 5));
    const rs = await store.client.query({
      query: `SELECT count() AS n, uniqExact(stream) AS d, min(stream) AS lo, max(stream) AS hi FROM ${TLS_HANDSHAKES}`,
      format: 'JSONEachRow',
    });
    const [r] = await rs.json<{ n: string; d: string; lo: string; hi: string }>();
    expect({ n: Number(r!.n), d: Number(r!.d), lo: Number(r!.lo), hi: Number(r!.hi) }).toEqual({
      n: RATE * SECONDS,
      d: RATE * SECONDS,
      lo: 0,
      hi: RATE * SECONDS - 1,
    });
    expect(store.kind).toBe('remote');
    expect(port).toBe(ep.port);
  }, 240_000);
});
