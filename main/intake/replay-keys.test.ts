// The replay's picture of what the store holds: a row read back from the database and the same
// row as the writer's map makes it have the same key (time to the microsecond, IPv4 and IPv6 in
// any spelling), spooled rows count as held, and rows ingested before the window are not loaded.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CorrelatedEvent } from '../../common/events/correlated.js';
import type { HttpRequest } from '../../common/events/http-request.js';
import { migrateUp } from '../storage/migrations/runner.js';
import {
  correlatedToRow,
  HTTP_LOGS,
  HTTP_REQUESTS,
  httpRequestToRow,
} from '../storage/rows/http.js';
import { handshakeToRow, TLS_HANDSHAKES } from '../storage/rows/tls-handshake.js';
import { openStore, type Store } from '../storage/store.js';
import { Spool } from '../storage/writer/spool.js';
import { canonicalIp, loadExistingKeys, rowKey } from './replay-keys.js';

let dir: string;
let store: Store;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ja4ws-keys-'));
  store = await openStore({ kind: 'embedded', dataDir: join(dir, 'store') });
  await migrateUp(store);
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const req = (i: number, src_ip: string): HttpRequest => ({
  ts_us: Date.UTC(2026, 11, 7) * 1000 + i * 1_000_001 + 7,
  src_ip,
  src_port: 50000 + i,
  dst_ip: '192.0.2.1',
  dst_port: 443,
  method: 'GET',
  path: `/k/${i}`,
  query: i % 2 ? 'a=1' : '',
  http_version: '1.1',
  status: 200,
  headers: [['Host', 'keys.test']],
});

describe('replay keys', () => {
  it('canonicalises addresses the way ClickHouse prints them', () => {
    expect(canonicalIp('::FFFF:192.0.2.1')).toBe('::ffff:192.0.2.1');
    expect(canonicalIp('2001:DB8:0:0:0:0:0:1')).toBe('2001:db8::1');
  });

  it('finds stored and spooled rows by the same key the writer computes, and only those', async () => {
    const stored = [req(1, '198.51.100.1'), req(2, '2001:DB8:0:0::2'), req(3, '2001:db8::3')];
    await store.insert(HTTP_REQUESTS, stored.map(httpRequestToRow));
    const logs: CorrelatedEvent[] = stored.map((r) => ({
      correlation: 'matched',
      ts_us: r.ts_us,
      src_ip: r.src_ip,
      src_port: r.src_port,
      dst_port: 443,
      request: r,
    }));
    await store.insert(HTTP_LOGS, logs.map(correlatedToRow));
    const spoolDir = join(dir, 'spool');
    const spool = new Spool<object>({ dir: join(spoolDir, HTTP_REQUESTS) });
    spool.append({
      token: 't',
      since: Date.now(),
      rows: [httpRequestToRow(req(4, '203.0.113.4'))],
    });
    spool.close();

    const ex = await loadExistingKeys(
      store,
      [HTTP_REQUESTS, HTTP_LOGS],
      (t) => join(spoolDir, t),
      Date.now() - 60_000,
    );
    const has = (table: string, row: object) =>
      ex.keys.get(table)!.has(rowKey(row as Record<string, unknown>, ex.columns.get(table)!));
    for (const r of stored) expect(has(HTTP_REQUESTS, httpRequestToRow(r))).toBe(true);
    expect(has(HTTP_REQUESTS, httpRequestToRow(req(4, '203.0.113.4')))).toBe(true); // spooled
    expect(has(HTTP_REQUESTS, httpRequestToRow(req(5, '198.51.100.1')))).toBe(false);
    // One microsecond later is another event.
    expect(
      has(HTTP_REQUESTS, httpRequestToRow({ ...stored[0]!, ts_us: stored[0]!.ts_us + 1 })),
    ).toBe(false);
    // A replayed request joined differently (request-only, no server port) is still the same row.
    const again: CorrelatedEvent = {
      ...logs[1]!,
      correlation: 'request-only',
      dst_port: undefined,
    };
    expect(has(HTTP_LOGS, correlatedToRow(again))).toBe(true);

    // Rows ingested before the window are not loaded.
    const later = await loadExistingKeys(
      store,
      [HTTP_REQUESTS],
      () => join(dir, 'none'),
      Date.now() + 3_600_000,
    );
    expect(later.keys.get(HTTP_REQUESTS)!.size).toBe(0);
  });

  it('knows a connection whose early row is stored when only its final record is replayed', async () => {
    const early = {
      ts_us: Date.UTC(2026, 11, 7, 1) * 1000 + 3,
      stream: 4,
      transport: 'tcp' as const,
      src: '127.0.0.1',
      src_port: 41000,
      dst: '127.0.0.1',
      dst_port: 443,
      sensor: 'lo',
      ja4: 't13d1516h2_8daaf6152771_02713d6af862',
    };
    await store.insert(TLS_HANDSHAKES, [handshakeToRow({ ...early, phase: 'handshake' })]);
    const ex = await loadExistingKeys(
      store,
      [TLS_HANDSHAKES],
      () => join(dir, 'none'),
      Date.now() - 60_000,
    );
    const key = (row: object) =>
      rowKey(row as Record<string, unknown>, ex.columns.get(TLS_HANDSHAKES)!);
    // One row per connection (migrations/0014): the final record is the same connection.
    expect(
      ex.keys.get(TLS_HANDSHAKES)!.has(key(handshakeToRow({ ...early, phase: 'final' }))),
    ).toBe(true);
    expect(
      ex.keys
        .get(TLS_HANDSHAKES)!
        .has(key(handshakeToRow({ ...early, src_port: 41001, phase: 'final' }))),
    ).toBe(false);
  });
});
