// tls_upgrade stored (issue 18, migrations/0015): real STARTTLS and proxy captures
// (capture-worker/test-fixtures/tls-upgrade/README.md: postfix STARTTLS, squid CONNECT, dante
// SOCKS5) and one plain TLS capture imported through the product's import path, read back
// through the search API and as stored rows. Each file's hop is how it was recorded (the README:
// the real server software that answered), not the engine's output.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturePath } from '../../capture-worker/test-fixtures/captures.js';
import { dispatch } from '../../main/api/dispatch.js';
import { importCaptureFile } from '../../main/domain/import/operations.js';
import { migrateUp } from '../../main/storage/migrations/runner.js';
import { rowToHandshake, type TlsHandshakeRow } from '../../main/storage/rows/tls-handshake.js';
import { openStore, type Store } from '../../main/storage/store.js';
import { testContext } from '../support/context.js';

const FIX = join(import.meta.dirname, '../../capture-worker/test-fixtures/tls-upgrade');
const CASES: [file: string, upgrade: string][] = [
  ['smtp', 'smtp_starttls'],
  ['http-connect', 'http_connect'],
  ['socks5', 'socks5'],
];

let store: Store;
beforeAll(async () => {
  store = await openStore({ kind: 'embedded', dataDir: mkdtempSync(join(tmpdir(), 'ja4ws-upg-')) });
  await migrateUp(store);
  for (const [file] of CASES)
    await importCaptureFile(store, join(FIX, `${file}.pcap`), { ja4plus: true, sensor: file });
  await importCaptureFile(store, capturePath('tls12-h2.pcap'), { ja4plus: true, sensor: 'plain' });
}, 120_000);
afterAll(async () => store.close());

describe('tls_upgrade in ClickHouse (migrations/0015)', () => {
  it('each imported connection stores the hop before its TLS; a plain TLS connection stores none', async () => {
    const rs = await store.client.query({
      query: 'SELECT * FROM tls_handshakes ORDER BY sensor',
      format: 'JSONEachRow',
    });
    const rows = await rs.json<TlsHandshakeRow>();
    for (const [file, upgrade] of CASES) {
      const mine = rows.filter((r) => r.sensor === file && r.ja4 !== '');
      expect(mine.length, file).toBeGreaterThan(0);
      for (const r of mine) {
        expect(r.tls_upgrade, file).toBe(upgrade);
        expect(rowToHandshake(r).tls_upgrade).toBe(upgrade);
      }
    }
    const plain = rows.filter((r) => r.sensor === 'plain');
    expect(plain.length).toBeGreaterThan(0);
    expect(plain.every((r) => r.tls_upgrade === '')).toBe(true);
    expect(plain.every((r) => rowToHandshake(r).tls_upgrade === undefined)).toBe(true);
  });

  it('the search API returns it with each connection', async () => {
    const out = (await dispatch(
      'search.query',
      { window: { from: '2023-01-01T00:00:00Z', to: '2030-01-01T00:00:00Z' }, limit: 100 },
      testContext(store),
    )) as { rows: { sensor: string; tls_upgrade: string; ja4: string }[] };
    for (const [file, upgrade] of CASES) {
      const mine = out.rows.filter((r) => r.sensor === file && r.ja4 !== '');
      expect(mine.length, file).toBeGreaterThan(0);
      expect(
        mine.every((r) => r.tls_upgrade === upgrade),
        file,
      ).toBe(true);
    }
    expect(out.rows.filter((r) => r.sensor === 'plain').every((r) => r.tls_upgrade === '')).toBe(
      true,
    );
  });
});
