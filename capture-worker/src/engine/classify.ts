// What a TCP direction carries, from its first bytes: TLS (handshake record or SSLv2 hello),
// an HTTP/1 request line, an SSH banner, or something we do not fingerprint.
import type { Payload } from './flow.js';
import { startsOpenVpnTcp } from './openvpn-side.js';

const METHODS = [
  'GET ',
  'POST ',
  'PUT ',
  'HEAD ',
  'DELETE ',
  'OPTIONS ',
  'PATCH ',
  'CONNECT ',
  'TRACE ',
];

export function classifyTcpPayload(b: Uint8Array): Payload {
  if (b.length === 0) return 'unknown';
  const b0 = b[0] as number;
  if (b0 === 0 && b.length < 3) return 'unknown';
  if (startsOpenVpnTcp(b)) return 'openvpn';
  if (b0 === 0x16) {
    if (b.length < 2) return 'unknown';
    return b[1] === 3 ? 'tls' : 'other';
  }
  if (b0 & 0x80) {
    // Possibly an SSLv2-compatible ClientHello: the TLS parser rejects it with a typed error.
    if (b.length < 3) return 'unknown';
    return b[2] === 1 ? 'tls' : 'other';
  }
  if (
    (b0 === 0x05 && b.length >= 2 && b.length === 2 + (b[1] as number)) ||
    (b0 === 0x04 && b[1] === 0x01 && b.length >= 9)
  ) {
    // SOCKS5 greeting (version, nmethods, methods) or SOCKS4 CONNECT.
    return 'socks';
  }
  if (b0 === 0x53) {
    // 'S' — SSH banner?
    if (b.length < 4) return 'unknown';
    return b[1] === 0x53 && b[2] === 0x48 && b[3] === 0x2d ? 'ssh' : 'other';
  }
  for (const m of METHODS) {
    let ok = true;
    const n = Math.min(m.length, b.length);
    for (let i = 0; i < n; i++) {
      if (b[i] !== m.charCodeAt(i)) {
        ok = false;
        break;
      }
    }
    if (ok) return n === m.length ? 'http' : 'unknown';
  }
  return 'other';
}
