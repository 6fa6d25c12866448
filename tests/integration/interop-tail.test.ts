// Live Zeek and Suricata logs followed by the ingest tails (rotation by rename, Zeek's header
// written again at the top of each new file), driven by explicit polls: records and requests
// reach the handlers, a bad line is counted under its kind and field.
import { appendFileSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectionRecord } from '../../common/events/connection.js';
import type { HttpRequest } from '../../common/events/http-request.js';
import { startIngest, type Ingest } from '../../correlation-worker/src/ingest/ingest.js';
import { silent, tempDir } from './correlator-helpers.js';

const fixtures = join(import.meta.dirname, '../../correlation-worker/test-fixtures/interop');
const fixture = (f: string) => readFileSync(join(fixtures, f), 'utf8');

let tmp: ReturnType<typeof tempDir>;
let ingest: Ingest | undefined;
let records: ConnectionRecord[];
let requests: HttpRequest[];

beforeEach(() => {
  tmp = tempDir('ja4ws-interop-tail-');
  records = [];
  requests = [];
});
afterEach(async () => {
  await ingest?.close();
  ingest = undefined;
  tmp.cleanup();
});

async function start(files: { path: string; format: 'zeek' | 'suricata' }[]): Promise<Ingest> {
  ingest = await startIngest(
    {
      httpSocket: false,
      networkSocket: false,
      deadLetter: { path: join(tmp.dir, 'dead.jsonl') },
      files: files.map((f) => ({ ...f, startAt: 'start' as const, pollMs: 3_600_000 })),
    },
    tmp.dir,
    { request: (r) => requests.push(r), handshake: (h) => records.push(h) },
    silent,
  );
  return ingest;
}

describe('tailing other sensors’ logs', () => {
  it('follows a Zeek ssl.log through a rename rotation (new header, new file) and its conn.log', async () => {
    const ssl = join(tmp.dir, 'ssl.log');
    const conn = join(tmp.dir, 'conn.log');
    const text = fixture('zeek/ssl.log').split('\n');
    const header = text.filter((l) => l.startsWith('#') && !l.startsWith('#close'));
    const rows = text.filter((l) => l !== '' && !l.startsWith('#'));
    writeFileSync(ssl, [...header, rows[0]].join('\n') + '\n');
    writeFileSync(conn, '');
    const ing = await start([
      { path: ssl, format: 'zeek' },
      { path: conn, format: 'zeek' },
    ]);
    await ing.pollFiles();
    expect(records.map((r) => [r.src, r.phase])).toEqual([['192.168.1.105', 'handshake']]);
    // zeekctl rotates: the old file is renamed away, the new one starts with its header again.
    renameSync(ssl, join(tmp.dir, 'ssl.03:00:00-04:00:00.log'));
    writeFileSync(ssl, [...header, rows[1]].join('\n') + '\n');
    await ing.pollFiles();
    // Zeek writes conn.log when a connection ends, after its ssl line.
    appendFileSync(conn, fixture('zeek/conn.log'));
    await ing.pollFiles();
    expect(records.map((r) => [r.src, r.phase ?? null, r.ja4 ?? r.ja4t ?? null])).toEqual([
      ['192.168.1.105', 'handshake', null],
      ['192.0.2.10', 'handshake', 'q13d0310h3_55b375c5d22e_cd85d2d88918'],
      // conn.log: the first connection completes its ssl record (same identity, ja4t added)...
      ['192.168.1.105', 'final', '64240_2-1-3-1-1-4_1460_8'],
      ['192.0.2.10', 'final', 'q13d0310h3_55b375c5d22e_cd85d2d88918'],
      // ...the others are connections without TLS.
      ['192.168.4.76', null, null],
      ['192.168.4.76', null, '64240_2-1-3-1-1-4_1460_8'],
    ]);
    expect(records[2]!.ts_us).toBe(records[0]!.ts_us);
    const files = ing.stats().files;
    expect(files[`zeek:${ssl}`]).toMatchObject({ rotations: 1 });
  });

  it('follows eve.json: tls, quic, http and flow events; a bad line counted by field', async () => {
    const eve = join(tmp.dir, 'eve.json');
    writeFileSync(eve, '');
    const ing = await start([{ path: eve, format: 'suricata' }]);
    appendFileSync(eve, fixture('suricata-eve.jsonl'));
    appendFileSync(
      eve,
      '{"event_type":"tls","timestamp":"2020-05-08T23:35:24Z","src_ip":"10.9.9.9"}\n',
    );
    await ing.pollFiles();
    expect(records.map((r) => r.ja4 ?? r.ja3 ?? '')).toEqual([
      '6734f37431670b3ab4292b8f60f29984',
      't13d1516h2_8daaf6152771_02713d6af862',
      'q13d0310h3_55b375c5d22e_cd85d2d88918',
      '',
    ]);
    expect(requests.map((r) => [r.path, r.ts_us])).toEqual([
      ['/test/file.json', Date.UTC(2020, 4, 8, 21, 36, 1) * 1000 + 100],
    ]);
    const s = ing.stats().sources[`suricata:${eve}`]!;
    expect(s.lines_ok).toBe(7);
    expect(s.bad.missing_field).toBe(1);
    expect(s.bad_fields).toEqual({ dest_ip: 1 });
  });
});
