// QUIC Initial packet protection keys (RFC 9001 §5.2; QUIC v2: RFC 9369 §3.3): HKDF-SHA256 from the
// client's first Destination Connection ID with a version-specific salt and labels.
import { createHmac } from 'node:crypto';

export const QUIC_V1 = 0x00000001;
export const QUIC_V2 = 0x6b3343cf;

const SALT_V1 = Buffer.from('38762cf7f55934b34d179ae6a4c80cadccbb7f0a', 'hex');
const SALT_V2 = Buffer.from('0dede3def700a6db819381be6e269dcbf9bd2ed9', 'hex');

export interface DirectionKeys {
  key: Buffer;
  iv: Buffer;
  hp: Buffer;
}

export interface InitialKeys {
  client: DirectionKeys;
  server: DirectionKeys;
}

function hmac(key: Uint8Array, data: Uint8Array): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

/** HKDF-Expand-Label (RFC 8446 §7.1) for outputs of at most one SHA-256 block. */
export function hkdfExpandLabel(secret: Uint8Array, label: string, length: number): Buffer {
  const full = Buffer.from('tls13 ' + label, 'ascii');
  const info = Buffer.alloc(2 + 1 + full.length + 1 + 1);
  info.writeUInt16BE(length, 0);
  info[2] = full.length;
  full.copy(info, 3);
  info[3 + full.length] = 0; // empty context
  info[4 + full.length] = 1; // HKDF-Expand counter T(1)
  return hmac(secret, info).subarray(0, length);
}

function directionKeys(secret: Buffer, v2: boolean): DirectionKeys {
  const p = v2 ? 'quicv2 ' : 'quic ';
  return {
    key: hkdfExpandLabel(secret, p + 'key', 16),
    iv: hkdfExpandLabel(secret, p + 'iv', 12),
    hp: hkdfExpandLabel(secret, p + 'hp', 16),
  };
}

export function deriveInitialKeys(dcid: Uint8Array, version: number): InitialKeys {
  const v2 = version === QUIC_V2;
  const initial = hmac(v2 ? SALT_V2 : SALT_V1, dcid);
  return {
    client: directionKeys(hkdfExpandLabel(initial, 'client in', 32), v2),
    server: directionKeys(hkdfExpandLabel(initial, 'server in', 32), v2),
  };
}
