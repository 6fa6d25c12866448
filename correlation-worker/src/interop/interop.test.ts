// The foreign formats against their fixtures (correlation-worker/test-fixtures/interop/SOURCES.md):
// each expected value is read off the fixture text, not produced by the code under test.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConnectionRecord } from '../../../common/events/connection.js';
import { detectFormat } from './detect.js';
import { InteropDecoder } from './decoder.js';
import type { InteropEvent, InteropFormat } from './event.js';
import { ZeekMapper } from './zeek.js';

const dir = join(import.meta.dirname, '../../test-fixtures/interop');
const lines = (f: string) =>
  readFileSync(join(dir, f), 'utf8')
    .split('\n')
    .filter((l) => l !== '');

function decodeAll(format: InteropFormat, files: string[], zeek = new ZeekMapper()) {
  const events: InteropEvent[] = [];
  const bad: string[] = [];
  for (const f of files) {
    const d = new InteropDecoder({ format, file: f, zeek });
    for (const l of lines(f)) {
      const r = d.line(Buffer.from(l));
      if (r.ok) events.push(...r.events);
      else bad.push(`${r.bad.kind}:${r.bad.field ?? ''}`);
    }
  }
  const records = events.flatMap((e) => (e.kind === 'handshake' ? [e.record] : []));
  const requests = events.flatMap((e) => (e.kind === 'request' ? [e.request] : []));
  return { records, requests, bad };
}

describe('format detection', () => {
  it.each([
    ['zeek/ssl.log', 'zeek', 'Zeek ssl.log (TSV)'],
    ['zeek/ssl.json.log', 'zeek', 'Zeek ssl.log (JSON)'],
    ['suricata-eve.jsonl', 'suricata', 'Suricata eve.json'],
    ['cloudflare-http_requests.jsonl', 'cloudflare', 'Cloudflare Logpush http_requests'],
    ['aws-waf.jsonl', 'aws-waf', 'AWS WAF log'],
  ])('%s is %s', (file, format, description) => {
    expect(detectFormat(lines(file), file)).toEqual({ format, description });
  });

  it('does not guess on text that is no known log', () => {
    expect(detectFormat(['hello world'], 'x.txt')).toBeUndefined();
    expect(detectFormat(['{"a":1}'], 'x.json')).toBeUndefined();
  });
});

describe('Zeek', () => {
  it('maps ssl.log TSV rows with the JA3/JA4 package columns, JA4X from x509.log and conn.log completing them', () => {
    const { records, bad } = decodeAll('zeek', ['zeek/x509.log', 'zeek/ssl.log', 'zeek/conn.log']);
    expect(bad).toEqual([]);
    const first = records.filter((r) => r.phase === 'handshake');
    expect(first.map((r) => [r.src, r.src_port, r.dst, r.dst_port])).toEqual([
      ['192.168.1.105', 62045, '74.125.224.79', 443],
      ['192.0.2.10', 51234, '198.51.100.7', 443],
    ]);
    expect(first[0]).toMatchObject({
      ts_us: 1335538392319381,
      tls_server_name: 'ssl.gstatic.com',
      tls_version: 'TLSv10',
      ja3: '6734f37431670b3ab4292b8f60f29984',
      ja3s: '623de93db17d313345d7ea481e7443cf',
      ja4x: ['a373a9f83c6b_2bab15409345_7bf9a7bf7029'],
      transport: 'tcp',
    });
    expect(first[0]!.ja4).toBeUndefined(); // '-' is Zeek's unset
    expect(first[1]).toMatchObject({
      ja4: 'q13d0310h3_55b375c5d22e_cd85d2d88918',
      ja4s: 'q130200_1301_234ea6891581',
      transport: 'udp',
    });
    const finals = records.filter((r) => r.phase === 'final');
    // conn.log completes both TLS connections under the same identity (time and tuple)...
    expect(finals.map((r) => [r.src, r.ts_us, r.transport, r.ja4t, r.ja4ts])).toEqual([
      [
        '192.168.1.105',
        1335538392319381,
        'tcp',
        '64240_2-1-3-1-1-4_1460_8',
        '65535_2-1-1-4-1-3_1440_9',
      ],
      ['192.0.2.10', 1335538393102456, 'udp', undefined, undefined],
    ]);
    // ...and its other TCP/UDP connections are records without TLS.
    const plain = records.filter((r) => r.phase === undefined);
    expect(plain.map((r) => [r.src, r.src_port, r.transport, r.ja4t ?? null])).toEqual([
      ['192.168.4.76', 36844, 'udp', null],
      ['192.168.4.76', 46378, 'tcp', '64240_2-1-3-1-1-4_1460_8'],
    ]);
  });

  it('reads the JSON encoding into the same records as the TSV one', () => {
    const pick = (r: ConnectionRecord) => [
      r.ts_us,
      r.src,
      r.src_port,
      r.ja3,
      r.ja4,
      r.ja4s,
      r.tls_server_name,
    ];
    const tsv = decodeAll('zeek', ['zeek/ssl.log']).records.map(pick);
    const json = decodeAll('zeek', ['zeek/ssl.json.log']).records.map(pick);
    expect(json).toEqual(tsv);
  });

  it('maps http.log rows to request events (no version column: HTTP/1.1)', () => {
    const { requests, bad } = decodeAll('zeek', ['zeek/http.log']);
    expect(bad).toEqual([]);
    expect(requests).toHaveLength(2);
    expect(requests[0]).toMatchObject({
      time: 1258577884.844956,
      src_ip: '192.168.1.104',
      src_port: 1673,
      dst_ip: '63.245.209.11',
      dst_port: 80,
      method: 'GET',
      host: 'www.mozilla.org',
      path: '/style/enhanced.css',
      http_version: '1.1',
      status: 200,
      bytes_out: 2675,
      header_order: 'configured',
    });
    expect(requests[0]!.headers).toEqual([
      ['Host', 'www.mozilla.org'],
      [
        'User-Agent',
        'Mozilla/5.0 (Windows; U; Windows NT 5.1; en-US; rv:1.9.1.5) Gecko/20091102 Firefox/3.5.5',
      ],
      ['Referer', 'http://www.mozilla.org/projects/calendar/'],
    ]);
  });

  it('names what is wrong with a bad row and carries on', () => {
    const d = new InteropDecoder({ format: 'zeek', file: 'ssl.log' });
    const text = lines('zeek/ssl.log');
    const header = text.filter((l) => l.startsWith('#'));
    const row = text.find((l) => !l.startsWith('#'))!;
    for (const l of header) expect(d.line(Buffer.from(l))).toEqual({ ok: true, events: [] });
    const short = d.line(Buffer.from(row.split('\t').slice(0, 5).join('\t')));
    expect(short.ok ? null : short.bad.message).toMatch(/5 columns where #fields names 22/);
    const badPort = d.line(Buffer.from(row.replace('\t62045\t', '\tnope\t')));
    expect(badPort.ok ? null : badPort.bad).toMatchObject({
      kind: 'invalid_field',
      field: 'id.orig_p',
    });
    expect(d.line(Buffer.from([0xff, 0xfe]))).toMatchObject({
      ok: false,
      bad: { kind: 'invalid_utf8' },
    });
    const good = d.line(Buffer.from(row));
    expect(good.ok && good.events.length).toBe(1);
    const noHeader = new InteropDecoder({ format: 'zeek' }).line(Buffer.from(row));
    expect(noHeader.ok ? null : noHeader.bad.field).toBe('#fields');
  });
});

describe('Suricata eve.json', () => {
  it('maps tls (ja3/ja3s objects, ja4 string), quic and http events; skips others; flows only without TLS', () => {
    const { records, requests, bad } = decodeAll('suricata', ['suricata-eve.jsonl']);
    expect(bad).toEqual([]);
    expect(records.map((r) => [r.transport, r.src_port, r.dst, r.ja3 ?? '', r.ja4 ?? ''])).toEqual([
      ['tcp', 52047, '144.91.76.208', '6734f37431670b3ab4292b8f60f29984', ''],
      ['tcp', 52046, '64.233.179.94', '', 't13d1516h2_8daaf6152771_02713d6af862'],
      ['udp', 50811, '142.250.179.99', '', 'q13d0310h3_55b375c5d22e_cd85d2d88918'],
      // the plain-HTTP flow; the TLS flow (flow_id of the first tls event) is not a second record
      ['tcp', 52050, '93.184.216.34', '', ''],
    ]);
    expect(records[0]).toMatchObject({
      ts_us: Date.UTC(2020, 4, 8, 21, 35, 24) * 1000 + 922820,
      ja3_full: '769,47-53-5-10-49171-49172-49161-49162-50-56-19-4,65281-10-11,23-24,0',
      ja3s: '623de93db17d313345d7ea481e7443cf',
      ja3s_full: '769,49172,65281-11',
      tls_version: 'TLSv1',
    });
    expect(records[1]!.tls_server_name).toBe('www.gstatic.com');
    expect(records[3]!.ts_us).toBe(Date.UTC(2020, 4, 8, 21, 36, 1) * 1000);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      method: 'GET',
      host: 'test.co.uk',
      path: '/test/file.json',
      http_version: 'HTTP/1.1',
      status: 200,
      bytes_out: 310,
      header_order: 'wire',
      headers: [
        ['User-Agent', 'Wget/1.13.4 (linux-gnu)'],
        ['Accept', '*/*'],
        ['Host', 'test.co.uk'],
      ],
    });
  });

  it('counts a line without its tuple as bad and names the field', () => {
    const d = new InteropDecoder({ format: 'suricata' });
    const r = d.line(
      Buffer.from(
        '{"timestamp":"2020-05-08T23:35:24.922820+0200","event_type":"tls","src_ip":"10.0.0.1","tls":{}}',
      ),
    );
    expect(r).toMatchObject({ ok: false, bad: { kind: 'missing_field', field: 'dest_ip' } });
    expect(d.line(Buffer.from('{"timestamp":'))).toMatchObject({
      ok: false,
      bad: { kind: 'malformed_json' },
    });
  });
});

describe('edge logs', () => {
  it('Cloudflare: one handshake (JA4, JA3Hash) and one request per line, same tuple and time', () => {
    const { records, requests, bad } = decodeAll('cloudflare', ['cloudflare-http_requests.jsonl']);
    expect(bad).toEqual([]);
    expect(
      records.map((r) => [r.src, r.src_port, r.dst, r.dst_port, r.ja4, r.ja3, r.ts_us]),
    ).toEqual([
      [
        '203.0.113.7',
        53116,
        '198.51.100.20',
        443,
        't13d1516h2_8daaf6152771_02713d6af862',
        'cd08e31494f9531f560d64c695473da9',
        1733547600123456,
      ],
      [
        '2001:db8::5',
        40022,
        '2001:db8::20',
        443,
        't12d190800_d83cc789557e_7af1ed941c26',
        'a0e9f5d64349fb13191bc781f81f42e1',
        Date.UTC(2024, 11, 7, 5, 0, 1) * 1000 + 500000,
      ],
    ]);
    expect(requests[0]).toMatchObject({
      time: 1733547600.123456,
      src_port: 53116,
      dst_ip: '198.51.100.20',
      path: '/cart',
      query: 'id=42',
      status: 200,
      http_version: 'HTTP/2',
    });
    expect(requests[1]).toMatchObject({ method: 'POST', path: '/login', status: 403 });
  });

  it('AWS WAF: JA4/JA3 fingerprints, headers in the logged order, no client port', () => {
    const { records, requests, bad } = decodeAll('aws-waf', ['aws-waf.jsonl']);
    expect(bad).toEqual([]);
    expect(records).toEqual([
      expect.objectContaining({
        src: '1.1.1.1',
        src_port: 0,
        ts_us: 1733547601000000,
        ja4: 't13d1516h2_8daaf6152771_02713d6af862',
        ja3: '0cc175b9c0f1b6a831c399e269772661',
        tls_server_name: 'localhost:1989',
      }),
    ]);
    expect(requests[0]).toMatchObject({
      method: 'GET',
      path: '/myUri',
      host: 'localhost:1989',
      src_port: 0,
    });
    expect((requests[0]!.headers as string[][]).map((h) => h[0])).toEqual([
      'Host',
      'User-Agent',
      'Accept',
      'x-stm-test',
    ]);
  });
});
