// QUIC Initial packet protection keys (RFC 9001 §5.2; QUIC v2: RFC 9369 §3.3): HKDF-SHA256 from the
// client's first Destination Connection ID with a version-specific salt and labels.
//
// Hot path (one derivation per QUIC connection, nine HMACs): HMAC-SHA256 over a JavaScript SHA-256
// compression with each key's pad states computed once (sha256.ts: no binding call, no
// allocation per HMAC), the HKDF labels encoded once, and the two fixed salts' states built once.
// Measured in docs/handshake-heavy-speed.md.
import { aes128Key } from './aes-block.js';
import { hmacInto, hmacKey, type HmacKey } from './sha256.js';

export const QUIC_V1 = 0x00000001;
export const QUIC_V2 = 0x6b3343cf;

const SALT_V1 = Buffer.from('38762cf7f55934b34d179ae6a4c80cadccbb7f0a', 'hex');
const SALT_V2 = Buffer.from('0dede3def700a6db819381be6e269dcbf9bd2ed9', 'hex');

export interface DirectionKeys {
  key: Buffer;
  iv: Buffer;
  hp: Buffer;
  /** `hp` expanded for aes-block.ts (header protection). */
  hpSchedule: Int32Array;
}

export interface InitialKeys {
  client: DirectionKeys;
  server: DirectionKeys;
}

function hmacWith(k: HmacKey, data: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(32);
  hmacInto(k, data, out, 0);
  return out;
}

/** HMAC-SHA256 (RFC 2104) of `data` under a key of at most 64 bytes. */
export function hmacSha256(key: Uint8Array, data: Uint8Array): Buffer {
  return hmacWith(hmacKey(key), data);
}

/** The HkdfLabel structure (RFC 8446 §7.1) with the T(1) counter byte appended. */
function labelInfo(label: string, length: number): Buffer {
  const full = Buffer.from('tls13 ' + label, 'ascii');
  const info = Buffer.alloc(2 + 1 + full.length + 1 + 1);
  info.writeUInt16BE(length, 0);
  info[2] = full.length;
  full.copy(info, 3);
  info[3 + full.length] = 0; // empty context
  info[4 + full.length] = 1; // HKDF-Expand counter T(1)
  return info;
}

/** HKDF-Expand-Label (RFC 8446 §7.1) for outputs of at most one SHA-256 block. */
export function hkdfExpandLabel(secret: Uint8Array, label: string, length: number): Buffer {
  return hmacSha256(secret, labelInfo(label, length)).subarray(0, length);
}

interface Labels {
  clientIn: Buffer;
  serverIn: Buffer;
  key: Buffer;
  iv: Buffer;
  hp: Buffer;
}

function labels(v2: boolean): Labels {
  const p = v2 ? 'quicv2 ' : 'quic ';
  return {
    clientIn: labelInfo('client in', 32),
    serverIn: labelInfo('server in', 32),
    key: labelInfo(p + 'key', 16),
    iv: labelInfo(p + 'iv', 12),
    hp: labelInfo(p + 'hp', 16),
  };
}

const LABELS_V1 = labels(false);
const LABELS_V2 = labels(true);
const SALT_KEY_V1 = hmacKey(SALT_V1);
const SALT_KEY_V2 = hmacKey(SALT_V2);

function directionKeys(secret: Buffer, l: Labels): DirectionKeys {
  const p = hmacKey(secret);
  const hp = hmacWith(p, l.hp).subarray(0, 16);
  return {
    key: hmacWith(p, l.key).subarray(0, 16),
    iv: hmacWith(p, l.iv).subarray(0, 12),
    hp,
    hpSchedule: aes128Key(hp),
  };
}

export function deriveInitialKeys(dcid: Uint8Array, version: number): InitialKeys {
  const v2 = version === QUIC_V2;
  const l = v2 ? LABELS_V2 : LABELS_V1;
  const initial = hmacWith(v2 ? SALT_KEY_V2 : SALT_KEY_V1, dcid);
  const ip = hmacKey(initial);
  return {
    client: directionKeys(hmacWith(ip, l.clientIn), l),
    server: directionKeys(hmacWith(ip, l.serverIn), l),
  };
}
