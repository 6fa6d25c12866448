// `ja4ws import` of other tools' logs into a real embedded store: a directory of rotated Zeek logs
// (TSV, one of them gzip), Suricata eve.json, Cloudflare and AWS WAF lines; what is stored is
// checked against the fixture text, and the edge lines come out correlated ('matched').
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { ExitCode } from '../../common/util/errors.js';
import { runCli } from '../../main/cli/program.js';
import { openStore } from '../../main/storage/store.js';

const fixtures = join(import.meta.dirname, '../../correlation-worker/test-fixtures/interop');
const dataDir = mkdtempSync(join(tmpdir(), 'ja4ws-import-logs-'));
const work = mkdtempSync(join(tmpdir(), 'ja4ws-import-logs-files-'));

async function run(args: string[]) {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  process.exitCode = undefined;
  const code = await runCli(args);
  process.exitCode = undefined;
  vi.restoreAllMocks();
  return { code, out, err };
}

async function query<T>(sql: string): Promise<T[]> {
  const store = await openStore({ kind: 'embedded', dataDir: join(dataDir, 'store') });
  try {
    const rs = await store.client.query({ query: sql, format: 'JSONEachRow' });
    return await rs.json<T>();
  } finally {
    await store.close();
  }
}

afterEach(() => vi.restoreAllMocks());
afterAll(() => undefined);

describe('ja4ws import of logs', () => {
  it('reads a directory of rotated Zeek logs (one gzip) and joins ssl, x509 and conn by uid', async () => {
    const zeek = join(work, 'zeek', '2026-12-07');
    mkdirSync(zeek, { recursive: true });
    // Rotated names as zeekctl writes them; the ssl log compressed.
    writeFileSync(
      join(zeek, 'ssl.03:00:00-04:00:00.log.gz'),
      gzipSync(readFileSync(join(fixtures, 'zeek/ssl.log'))),
    );
    copyFileSync(join(fixtures, 'zeek/x509.log'), join(zeek, 'x509.03:00:00-04:00:00.log'));
    copyFileSync(join(fixtures, 'zeek/conn.log'), join(zeek, 'conn.03:00:00-04:00:00.log'));
    copyFileSync(join(fixtures, 'zeek/http.log'), join(zeek, 'http.03:00:00-04:00:00.log'));
    const r = await run(['import', '--data-dir', dataDir, join(work, 'zeek')]);
    expect(r.code).toBe(ExitCode.ok);
    expect(r.out).toMatch(
      /ssl\.03:00:00-04:00:00\.log\.gz: Zeek ssl\.log \(TSV\): 11 lines, 2 connections, 0 requests stored/,
    );
    expect(r.out).toMatch(
      /http\.03:00:00-04:00:00\.log: Zeek http\.log \(TSV\): 11 lines, 0 connections, 2 requests stored/,
    );
    const tls = await query<{
      src_ip: string;
      transport: string;
      ja3: string;
      ja4: string;
      ja4s: string;
      ja4x: string[];
      ja4t: string;
    }>(
      "SELECT toString(src_ip) AS src_ip, transport, ja3, ja4, ja4s, ja4x, ja4t FROM tls_handshakes WHERE sensor = 'zeek' ORDER BY ts",
    );
    expect(
      tls.map((t) => [
        t.src_ip.replace('::ffff:', ''),
        t.transport,
        t.ja3,
        t.ja4,
        t.ja4s,
        t.ja4x,
        t.ja4t,
      ]),
    ).toEqual([
      [
        '192.168.1.105',
        'tcp',
        '6734f37431670b3ab4292b8f60f29984',
        '',
        '',
        ['a373a9f83c6b_2bab15409345_7bf9a7bf7029'],
        '64240_2-1-3-1-1-4_1460_8',
      ],
      [
        '192.0.2.10',
        'udp',
        '',
        'q13d0310h3_55b375c5d22e_cd85d2d88918',
        'q130200_1301_234ea6891581',
        [],
        '',
      ],
    ]);
    const tcp = await query<{ n: string }>(
      "SELECT count() AS n FROM tcp_events WHERE sensor = 'zeek'",
    );
    expect(Number(tcp[0]!.n)).toBe(2);
    const logs = await query<{ correlation: string; path: string }>(
      "SELECT correlation, path FROM http_logs WHERE path LIKE '/s%' ORDER BY path",
    );
    expect(logs.map((l) => l.path)).toEqual(['/script/urchin.js', '/style/enhanced.css']);
  }, 60_000);

  it('imports eve.json and the edge logs; the edge lines leave correlated as matched', async () => {
    const r = await run([
      'import',
      '--data-dir',
      dataDir,
      join(fixtures, 'suricata-eve.jsonl'),
      join(fixtures, 'cloudflare-http_requests.jsonl'),
      join(fixtures, 'aws-waf.jsonl'),
    ]);
    expect(r.code).toBe(ExitCode.ok);
    expect(r.out).toContain(
      'suricata-eve.jsonl: Suricata eve.json: 7 lines, 4 connections, 1 request stored',
    );
    expect(r.out).toContain(
      'Cloudflare Logpush http_requests: 2 lines, 2 connections, 2 requests stored',
    );
    expect(r.out).toContain('AWS WAF log: 1 line, 1 connection, 1 request stored');
    const matched = await query<{ src: string; ja4: string; path: string }>(
      "SELECT toString(src_ip) AS src, ja4, path FROM http_logs WHERE correlation = 'matched' ORDER BY path",
    );
    expect(matched.map((m) => [m.src.replace('::ffff:', ''), m.ja4, m.path])).toEqual(
      [
        ['2001:db8::5', 't12d190800_d83cc789557e_7af1ed941c26', '/login'],
        ['203.0.113.7', 't13d1516h2_8daaf6152771_02713d6af862', '/cart'],
        ['1.1.1.1', 't13d1516h2_8daaf6152771_02713d6af862', '/myUri'],
        // Suricata's http event joins the connection of its flow event (same tuple, no TLS).
        ['10.0.0.128', '', '/test/file.json'],
      ].sort((a, b) => a[2]!.localeCompare(b[2]!)),
    );
  }, 60_000);

  it('counts bad lines with their line numbers and still stores the good ones', async () => {
    const file = join(work, 'eve-broken.json');
    const good = readFileSync(join(fixtures, 'suricata-eve.jsonl'), 'utf8').split('\n')[0];
    writeFileSync(
      file,
      `${good}\n{"timestamp": oops\n{"event_type":"tls","timestamp":"2020-05-08T23:35:24Z","src_ip":"10.9.9.9"}\n`,
    );
    const r = await run(['import', '--data-dir', dataDir, '--sensor', 'broken', file]);
    expect(r.code).toBe(ExitCode.ok);
    expect(r.out).toContain('3 lines, 1 connection, 0 requests stored, 2 bad lines skipped');
    expect(r.err).toContain(`${file}:2: malformed_json`);
    expect(r.err).toContain(`${file}:3: missing_field (dest_ip)`);
    const n = await query<{ n: string }>(
      "SELECT count() AS n FROM tls_handshakes WHERE sensor = 'broken'",
    );
    expect(Number(n[0]!.n)).toBe(1);
  }, 60_000);
});
