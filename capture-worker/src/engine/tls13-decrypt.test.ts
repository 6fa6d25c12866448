import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { addKeyLogText, type KeyLog } from './keylog.js';
import { Tls13Decryptor, tls13Suite } from './tls13-decrypt.js';

describe('key log', () => {
  it('indexes NSS lines by client random and label, ignoring comments and junk', () => {
    const log: KeyLog = new Map();
    const r = 'ab'.repeat(32);
    addKeyLogText(
      log,
      `# comment\nCLIENT_TRAFFIC_SECRET_0 ${r} 0011\nnot a line\nSERVER_HANDSHAKE_TRAFFIC_SECRET ${r.toUpperCase()} ff\nX y z\n`,
    );
    expect([...(log.get(r)?.keys() ?? [])]).toEqual([
      'CLIENT_TRAFFIC_SECRET_0',
      'SERVER_HANDSHAKE_TRAFFIC_SECRET',
    ]);
    expect(log.size).toBe(1);
  });
});

describe('Tls13Decryptor', () => {
  it('decrypts what the RFC 8446 record protection produces and rejects a tampered record without advancing', () => {
    const suite = tls13Suite(0x1301);
    expect(suite).toBeDefined();
    const secret = Buffer.alloc(32, 7);
    const d = new Tls13Decryptor(suite!, secret, secret);
    // Encrypt with the same derivation through a second instance's keys: round-trip via createCipheriv.
    const { key, iv } = (d as unknown as { hs: { key: Buffer; iv: Buffer } }).hs;
    const inner = Buffer.concat([Buffer.from('hello'), Buffer.from([23]), Buffer.alloc(3)]);
    const header = Buffer.from([23, 3, 3, 0, inner.length + 16]);
    const c = createCipheriv('aes-128-gcm', key, iv);
    c.setAAD(header);
    const body = Buffer.concat([c.update(inner), c.final(), c.getAuthTag()]);
    const bad = Buffer.from(body);
    bad[0]! ^= 1;
    expect(d.decrypt(header, bad)).toBeUndefined();
    expect(d.decrypt(header, body)).toEqual({
      contentType: 23,
      data: Buffer.from('hello'),
      phase: 'handshake',
    });
  });
});
