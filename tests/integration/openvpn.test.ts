// OpenVPN's TLS control channel (issue 18), real OpenVPN 2.6 sessions recorded by
// tools/decode-fixtures/capture-openvpn.sh (capture-worker/test-fixtures/openvpn/README.md):
// JA3/JA3S equal tshark's wherever tshark reads the channel; with an SHA256 tls-auth HMAC (which
// tshark 4.0 does not find) the same client gives the same hellos; tls-crypt is counted as
// unreadable, never guessed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprintFile } from '../support/fingerprint-file.js';

const FIX = join(import.meta.dirname, '../../capture-worker/test-fixtures/openvpn');

function tshark(name: string): Record<string, string>[] {
  return (
    JSON.parse(readFileSync(join(FIX, `${name}.tshark.json`), 'utf8')) as {
      rows: Record<string, string>[];
    }
  ).rows;
}

describe('OpenVPN control channel (issue 18)', () => {
  for (const name of ['udp', 'udp-tls-auth', 'tcp', 'tcp-tls-auth']) {
    it(`${name}: JA3 and JA3S equal tshark's, JA4 with protocol t, tls_upgrade openvpn`, async () => {
      const { records, stats } = await fingerprintFile(join(FIX, `${name}.pcap`));
      const rows = tshark(name);
      const ch = rows.find((r) => r['tls.handshake.type'] === '1');
      const sh = rows.find((r) => r['tls.handshake.type'] === '2');
      expect(ch && sh).toBeTruthy();
      expect(records).toHaveLength(1);
      const r = records[0];
      expect(r?.ja3_full).toBe(ch?.['tls.handshake.ja3_full']);
      expect(r?.ja3).toBe(ch?.['tls.handshake.ja3']);
      expect(r?.ja3s).toBe(sh?.['tls.handshake.ja3s']);
      expect(r?.ja4).toMatch(/^t13/);
      expect(r?.ja4s).toMatch(/^t13/);
      expect(r?.tls_upgrade).toBe('openvpn');
      expect(stats.seen.openvpn).toBe(1);
      expect(stats.seen.openvpn_tls_auth).toBe(name.includes('tls-auth') ? 1 : undefined);
      expect(stats.parseErrors).toEqual({});
    });
  }

  it('tls-auth with an SHA256 HMAC: found by its layout; same hellos as the same client without it', async () => {
    const plain = (await fingerprintFile(join(FIX, 'udp.pcap'))).records[0];
    const { records, stats } = await fingerprintFile(join(FIX, 'udp-tls-auth-sha256.pcap'));
    expect(tshark('udp-tls-auth-sha256')).toEqual([]); // tshark 4.0 does not read this one
    expect(records[0]?.ja4).toBe(plain?.ja4);
    expect(records[0]?.ja3).toBe(plain?.ja3);
    expect(records[0]?.ja3s).toBe(plain?.ja3s);
    expect(stats.seen.openvpn_tls_auth).toBe(1);
  });

  for (const [name, counter] of [
    ['udp-tls-crypt', 'openvpn_tls_crypt'],
    ['udp-tls-crypt-v2', 'openvpn_tls_crypt_v2'],
    ['tcp-tls-crypt', 'openvpn_tls_crypt'],
  ] as const) {
    it(`${name}: the encrypted control channel is counted (${counter}), no fingerprint invented`, async () => {
      const { records, stats } = await fingerprintFile(join(FIX, `${name}.pcap`));
      expect(records.every((r) => r.ja4 === undefined && r.ja3s === undefined)).toBe(true);
      expect(stats.seen[counter]).toBe(1);
      expect(tshark(name)).toEqual([]);
    });
  }
});
