// TLS that begins after another protocol (issue 18), on real servers and clients recorded by
// tools/decode-fixtures/capture-tls-upgrades.sh (capture-worker/test-fixtures/tls-upgrade/
// README.md): every hello's JA3/JA3S equals tshark's, the record names the hop in tls_upgrade,
// and the CONNECT tunnel's TLS is seen with the JA4+ switch off too.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprintFile } from '../support/fingerprint-file.js';

const FIX = join(import.meta.dirname, '../../capture-worker/test-fixtures/tls-upgrade');

const cases: [file: string, upgrade: string, connections: number][] = [
  ['smtp', 'smtp_starttls', 1],
  ['imap', 'imap_starttls', 1],
  ['pop3', 'pop3_stls', 1],
  ['ftp', 'ftp_auth_tls', 1],
  ['ldap', 'ldap_starttls', 1],
  ['xmpp', 'xmpp_starttls', 1],
  ['postgres', 'postgres_sslrequest', 2],
  ['mysql', 'mysql_ssl', 2],
  ['socks5', 'socks5', 1],
  ['socks4', 'socks4', 1],
  ['http-connect', 'http_connect', 1],
];

function tshark(file: string): Record<string, string>[] {
  return (
    JSON.parse(readFileSync(join(FIX, `${file}.tshark.json`), 'utf8')) as {
      rows: Record<string, string>[];
    }
  ).rows;
}

describe('TLS after an upgrade or a proxy hop (issue 18)', () => {
  let hellos = 0;
  let equal = 0;
  for (const [file, upgrade, connections] of cases) {
    it(`${file}: JA3/JA3S as tshark, tls_upgrade ${upgrade}`, async () => {
      const { records, stats } = await fingerprintFile(join(FIX, `${file}.pcap`));
      const tls = records.filter((r) => r.ja4 !== undefined);
      expect(tls).toHaveLength(connections);
      for (const r of tls) {
        expect(r.tls_upgrade).toBe(upgrade);
        expect(r.ja4s).toBeDefined();
      }
      const rows = tshark(file);
      for (const row of rows.filter((r) => r['tls.handshake.type'] === '1')) {
        const rec = tls.find((r) => r.src_port === Number(row['tcp.srcport']));
        hellos++;
        expect(rec?.ja3_full).toBe(row['tls.handshake.ja3_full']);
        expect(rec?.ja3).toBe(row['tls.handshake.ja3']);
        equal++;
      }
      for (const row of rows.filter((r) => r['tls.handshake.type'] === '2')) {
        const rec = tls.find((r) => r.src_port === Number(row['tcp.dstport']));
        expect(rec?.ja3s).toBe(row['tls.handshake.ja3s']);
      }
      expect(stats.seen[`tls_upgrade_${upgrade}`]).toBe(connections);
      expect(stats.decodeErrors).toEqual({});
    });
  }

  it('every hello compared', () => {
    expect(hellos).toBeGreaterThanOrEqual(13);
    expect(equal).toBe(hellos);
  });

  it('HTTP CONNECT with the JA4+ switch off: the tunnel TLS still gives JA4 and JA3S', async () => {
    const { records } = await fingerprintFile(join(FIX, 'http-connect.pcap'), { ja4plus: false });
    expect(records).toHaveLength(1);
    expect(records[0]?.ja4).toMatch(/^t13/);
    expect(records[0]?.ja3s).toBeDefined();
    expect(records[0]?.ja4h).toBeUndefined();
    expect(records[0]?.tls_upgrade).toBe('http_connect');
  });
});
