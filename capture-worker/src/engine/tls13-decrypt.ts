// TLS 1.3 record decryption with key-log secrets (RFC 8446 §5.2-5.3, §7.3): one instance per
// direction. Handshake-phase records (EncryptedExtensions, Certificate, ..., Finished) come out
// as handshake bytes; after Finished the application traffic keys take over. Used for the
// fingerprints hidden by TLS 1.3: JA4X of the server certificates, JA4H of HTTP/2 requests.
import { createDecipheriv, createHmac, type DecipherGCM } from 'node:crypto';

export interface Tls13Suite {
  cipher: 'aes-128-gcm' | 'aes-256-gcm' | 'chacha20-poly1305';
  keyLen: number;
  hash: 'sha256' | 'sha384';
}

export function tls13Suite(cipherSuite: number): Tls13Suite | undefined {
  switch (cipherSuite) {
    case 0x1301:
      return { cipher: 'aes-128-gcm', keyLen: 16, hash: 'sha256' };
    case 0x1302:
      return { cipher: 'aes-256-gcm', keyLen: 32, hash: 'sha384' };
    case 0x1303:
      return { cipher: 'chacha20-poly1305', keyLen: 32, hash: 'sha256' };
    default:
      return undefined;
  }
}

function expandLabel(secret: Buffer, label: string, length: number, hash: string): Buffer {
  const full = Buffer.from('tls13 ' + label, 'ascii');
  const info = Buffer.concat([
    Buffer.from([length >> 8, length & 0xff, full.length]),
    full,
    Buffer.from([0, 1]),
  ]);
  return createHmac(hash, secret).update(info).digest().subarray(0, length);
}

interface Keys {
  key: Buffer;
  iv: Buffer;
  seq: number;
}

function keys(secret: Buffer, s: Tls13Suite): Keys {
  return {
    key: expandLabel(secret, 'key', s.keyLen, s.hash),
    iv: expandLabel(secret, 'iv', 12, s.hash),
    seq: 0,
  };
}

export interface DecryptedRecord {
  contentType: number;
  data: Buffer;
  phase: 'handshake' | 'application';
}

export class Tls13Decryptor {
  private readonly suite: Tls13Suite;
  private hs: Keys;
  private readonly appSecret: Buffer | undefined;
  private app: Keys | null = null;
  failed = false;

  constructor(suite: Tls13Suite, handshakeSecret: Buffer, appSecret: Buffer | undefined) {
    this.suite = suite;
    this.hs = keys(handshakeSecret, suite);
    this.appSecret = appSecret;
  }

  /** Handshake Finished seen: later records use the application traffic secret. */
  switchToApplication(): void {
    if (this.appSecret !== undefined) this.app = keys(this.appSecret, this.suite);
    else this.failed = true;
  }

  get phase(): 'handshake' | 'application' {
    return this.app === null ? 'handshake' : 'application';
  }

  /** One TLSCiphertext record (header + fragment). Returns undefined on a bad tag (sequence unchanged). */
  decrypt(header: Uint8Array, fragment: Uint8Array): DecryptedRecord | undefined {
    if (this.failed || fragment.length < 17) return undefined;
    const k = this.app ?? this.hs;
    const nonce = Buffer.from(k.iv);
    let seq = k.seq;
    for (let i = 11; i >= 4 && seq > 0; i--) {
      nonce[i] = (nonce[i] as number) ^ (seq & 0xff);
      seq = Math.floor(seq / 256);
    }
    try {
      const d = createDecipheriv(this.suite.cipher, k.key, nonce, {
        authTagLength: 16,
      } as never) as unknown as DecipherGCM;
      d.setAAD(header);
      d.setAuthTag(fragment.subarray(fragment.length - 16));
      const a = d.update(fragment.subarray(0, fragment.length - 16));
      const b = d.final();
      const plain = b.length === 0 ? a : Buffer.concat([a, b]);
      k.seq++;
      let end = plain.length;
      while (end > 0 && plain[end - 1] === 0) end--;
      if (end === 0) return undefined;
      return {
        contentType: plain[end - 1] as number,
        data: plain.subarray(0, end - 1),
        phase: this.phase,
      };
    } catch {
      return undefined;
    }
  }
}
