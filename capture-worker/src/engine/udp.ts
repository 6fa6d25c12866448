// UDP datagrams: QUIC Initial packets (decrypted in ../quic) and DTLS handshakes.
import type { DecodedPacket } from '../decode/decoded-packet.js';
import { splitHandshake } from '../tls/handshake.js';
import { splitRecords } from '../tls/records.js';
import type { Flow } from './flow.js';
import type { HandshakeHandler } from './handshake-handler.js';
import type { EngineStats } from './stats.js';
import { quicDatagram, looksLikeQuicLong } from './quic-side.js';
import { openvpnPacket, startsOpenVpnUdp } from './openvpn-side.js';

const CT_HANDSHAKE = 22;

export function handleUdpPayload(
  flow: Flow,
  dir: 0 | 1,
  d: DecodedPacket,
  now: number,
  hs: HandshakeHandler,
  st: EngineStats,
  ja4plus: boolean,
): void {
  if (d.payloadLen === 0) return;
  const p = d.payload();
  if (flow.quic !== null || looksLikeQuicLong(p)) {
    quicDatagram(flow, dir, p, now, d.outerTtl, hs, st, ja4plus);
    return;
  }
  if (flow.openvpn !== null || startsOpenVpnUdp(p, d.srcPort, d.dstPort)) {
    openvpnPacket(flow, dir, p, hs, {
      seen: hs.countSeen,
      parse: (code) => (st.parseErrors[code] = (st.parseErrors[code] ?? 0) + 1),
    });
    return;
  }
  // DTLS 1.x records (0xfe..) and OpenSSL's pre-RFC DTLS1_BAD_VER (0x0100).
  if (p[0] === CT_HANDSHAKE && p.length >= 13 && (p[1] === 0xfe || (p[1] === 1 && p[2] === 0))) {
    if (p[1] === 1) hs.countSeen('dtls_bad_ver');
    dtls(flow, p, hs);
  }
}

function dtls(flow: Flow, p: Uint8Array, hs: HandshakeHandler): void {
  const rec = flow.record;
  const { records } = splitRecords(p, { dtls: true });
  for (const r of records) {
    if (r.header.contentType !== CT_HANDSHAKE || (r.header.epoch ?? 0) !== 0) continue;
    const { messages } = splitHandshake(r.fragment, { dtls: true });
    for (const m of messages) {
      const info = m.dtls;
      // Fragmented DTLS handshake messages are not reassembled (counted as a parse error by the parser).
      if (info !== undefined && (info.fragmentOffset !== 0 || info.fragmentLength !== info.length))
        continue;
      // A ClientHello repeated with the HelloVerifyRequest cookie is the same client, not an extra one.
      if (m.type === 1 && rec.ja4 !== undefined) continue;
      hs.tlsMessage(flow, m, 'd');
    }
  }
}
