import { describe, expect, it } from 'vitest';
import { decodeJa4, decodeJa4Raw } from './decode.js';

describe('decodeJa4', () => {
  it('reads the a section in words and keeps the hashes', () => {
    expect(decodeJa4('t13d1516h2_8daaf6152771_e5627efa2ab1')).toEqual({
      protocol: 'TLS over TCP',
      version: 'TLS 1.3',
      sni: 'present (a domain name was sent)',
      ciphers: 15,
      extensions: 16,
      alpn: 'h2 (HTTP/2)',
      cipherHash: '8daaf6152771',
      extensionHash: 'e5627efa2ab1',
    });
    expect(decodeJa4('q13i0310h3_55b375c5d22e_cd85d2d88918')).toMatchObject({
      protocol: 'QUIC',
      sni: 'absent (connection to an IP)',
      alpn: 'h3 (HTTP/3)',
    });
    expect(decodeJa4('t12d190800_d83cc789557e_7af1ed941c26')!.alpn).toBe('none');
    expect(decodeJa4("' OR 1=1")).toBeNull();
  });

  it('splits the raw form into named lists', () => {
    const r = decodeJa4Raw('t13d0310h2_1301,1302,c02f_0000,000a,ff01_0403,0804')!;
    expect(r.ciphers.map((c) => c.name)).toEqual([
      'TLS_AES_128_GCM_SHA256',
      'TLS_AES_256_GCM_SHA384',
      'ECDHE_RSA_AES_128_GCM_SHA256',
    ]);
    expect(r.extensions.map((e) => e.name)).toEqual([
      'server_name',
      'supported_groups',
      'renegotiation_info',
    ]);
    expect(r.signatureAlgorithms).toEqual(['0403', '0804']);
  });
});
