// API 400 bodies through the real HTTP binding: missing vs invalid vs unknown, the field path, the
// value shortened, and the same wording for the detector's tuning checks behind model.apply.
import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext } from '../../tests/support/context.js';
import { listenApi } from '../../tests/support/api-server.js';
import { migrateUp } from '../storage/migrations/runner.js';
import { openStore, type Store } from '../storage/store.js';

const token = 'test-token-0123456789abcdefghijklmnopqrstuvwxyz';
let store: Store;
let server: Server;
let base: string;

beforeAll(async () => {
  store = await openStore({ kind: 'embedded', dataDir: mkdtempSync(join(tmpdir(), 'ja4ws-400-')) });
  await migrateUp(store);
  ({ server, base } = await listenApi(testContext(store), token, { maxUploadBytes: 1024 * 1024 }));
});

afterAll(async () => {
  server?.close();
  await store?.close();
});

async function call(op: string, body: unknown) {
  const res = await fetch(`${base}/api/v1/${op}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { error: { code: string; field?: string; message: string } };
  return { status: res.status, ...json.error };
}

describe('API input errors', () => {
  it('a missing field is called missing, with what it takes', async () => {
    const e = await call('import.start', {});
    expect(e).toMatchObject({ status: 400, kind: 'invalid', code: 'input.invalid', field: 'path' });
    expect(e.message).toBe('import.start: missing field `path` (expected a string)');
  });

  it('an invalid field names its path, the expectation and the value', async () => {
    const e = await call('import.start', { path: 7 });
    expect(e.message).toBe('import.start: invalid field `path`: expected a string, got 7');
    const nested = await call('anomalies.list', { states: ['new', 'bogus'] });
    expect(nested.field).toBe('states.1');
    expect(nested.message).toMatch(
      /invalid field `states\.1`: expected one of "new", .*, got "bogus"/,
    );
  });

  it('a long value is shortened in the message', async () => {
    const e = await call('import.start', { path: 'x'.repeat(5000) });
    expect(e.message).toMatch(/expected at most 4096 characters, got "x{38}… \(5002 chars\)$/);
    expect(e.message.length).toBeLessThan(160);
  });

  it('an unknown key is named, and the field stays on its parent', async () => {
    const e = await call('handshakes.recent', { limit: 5, lmit: 1 });
    expect(e.field).toBeUndefined();
    expect(e.message).toBe('handshakes.recent: unknown field `lmit`; did you mean `limit`?');
    const far = await call('handshakes.recent', { colour: 1 });
    expect(far.message).toBe('handshakes.recent: unknown field `colour`');
  });

  it("the detector's tuning check speaks the same way", async () => {
    const e = await call('model.apply', { tuning: { trees: 1 } });
    expect(e.status).toBe(400);
    expect(e.field).toBe('tuning.trees');
    expect(e.message).toMatch(
      /^tuning: invalid field `tuning\.trees`: expected a number >= \d+, got 1$/,
    );
  });
});
