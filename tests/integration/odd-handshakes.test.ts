// Issue 18's odd handshakes, on real openssl handshakes bent by tools/decode-fixtures/
// odd-handshakes.py (capture-worker/test-fixtures/odd-handshakes/README.md): JA3/JA3S equal
// Debian tshark's as saved next to each capture, JA4S comes out, and each oddity is counted.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprintFile, tsharkRows } from '../support/fingerprint-file.js';

const FIX = join(import.meta.dirname, '../../capture-worker/test-fixtures/odd-handshakes');

async function check(name: string, proto: 'tls' | 'dtls') {
  const { records, stats } = await fingerprintFile(join(FIX, `${name}.pcap`));
  const rows = tsharkRows(join(FIX, `${name}.tshark.json`));
  const type = (r: Record<string, string>) => (r[`${proto}.handshake.type`] ?? '').split('|');
  const clientRows = rows.filter((r) => type(r).includes('1'));
  const serverRows = rows.filter((r) => type(r).includes('2'));
  const port = (r: Record<string, string>) => Number(r['tcp.srcport'] || r['udp.srcport']);
  for (const row of clientRows) {
    const rec = records.find((r) => r.src_port === port(row) || r.dst_port === port(row));
    expect(rec?.ja3).toBe(row[`${proto}.handshake.ja3`]);
  }
  let compared = 0;
  for (const row of serverRows) {
    if (!row[`${proto}.handshake.ja3s`]) continue;
    const rec = records.find((r) => r.ja3s_full === row[`${proto}.handshake.ja3s_full`]);
    expect(rec?.ja3s, `${name}: JA3S of ${row[`${proto}.handshake.ja3s_full`]}`).toBe(
      row[`${proto}.handshake.ja3s`],
    );
    expect(rec?.ja4s).toMatch(/^[td][0-9a-z]{2}\d{4}_[0-9a-f]{4}_[0-9a-f]{12}$/);
    compared++;
  }
  return { records, stats, rows, compared };
}

describe('odd handshakes (issue 18)', () => {
  it('draft TLS 1.3 ServerHello (0x7f12, no session_id/compression): JA3S as tshark, JA4S, counted', async () => {
    const { records, stats, compared } = await check('draft-sh', 'tls');
    expect(compared).toBe(1);
    expect(records[0]?.ja3s_full).toBe('32530,4866,51');
    // 0x7f12 is not in the spec's version table: "00", as for any unknown version.
    expect(records[0]?.ja4s?.slice(0, 3)).toBe('t00');
    expect(stats.seen.tls_server_hello_draft_tls13).toBe(1);
    expect(stats.parseErrors).toEqual({});
  });

  it('ServerHello with a one-byte extension block: JA3S with no extensions, as tshark; counted', async () => {
    const { records, stats, compared } = await check('sh-ext1', 'tls');
    expect(compared).toBe(1);
    expect(records[0]?.ja3s_full).toBe('771,49196,');
    expect(stats.seen.tls_server_hello_extensions_one_byte).toBe(1);
  });

  it('ServerHello whose last extension overruns the block: fingerprinted from what parses (Arkime), counted', async () => {
    const { records, stats, rows } = await check('sh-ext-overrun', 'tls');
    // tshark gives up on the message (malformed) and prints no JA3S; Arkime lists every type
    // whose header parsed, which is what the original hello had.
    expect(rows.some((r) => r['tls.handshake.ja3s'])).toBe(false);
    expect(records[0]?.ja3s_full).toBe('771,49196,65281-11-35-23');
    expect(stats.seen.tls_server_hello_extension_truncated).toBe(1);
  });

  it('ServerHello segment before the ClientHello segment: both connections keep JA3, JA3S, JA4S', async () => {
    const { records, compared } = await check('sh-first', 'tls');
    expect(compared).toBe(2);
    expect(records.filter((r) => r.ja4 !== undefined && r.ja4s !== undefined)).toHaveLength(2);
  });

  it('capture starting at the ServerHello (no SYN, no ClientHello): JA3S and JA4S, counted', async () => {
    const { records, stats, compared } = await check('sh-midstream', 'tls');
    expect(compared).toBe(2);
    expect(records.every((r) => r.ja4 === undefined && r.ja4s !== undefined)).toBe(true);
    expect(stats.seen.tls_server_hello_first).toBe(2);
  });

  it('DTLS1_BAD_VER (record version 0x0100): JA3 and JA3S as tshark, d-protocol JA4/JA4S', async () => {
    const { records, stats, compared } = await check('dtls-badver', 'dtls');
    expect(compared).toBe(1);
    expect(records).toHaveLength(1);
    expect(records[0]?.ja4).toMatch(/^d00i/);
    expect(records[0]?.ja4s).toMatch(/^d00/);
    expect(stats.seen.dtls_bad_ver).toBeGreaterThan(0);
  });
});
