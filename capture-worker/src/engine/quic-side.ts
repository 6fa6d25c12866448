// QUIC flows: Initial packets of both sides are decrypted (../quic) and their CRYPTO streams fed
// to the TLS handshake handler with protocol 'q'; long-header timing gives JA4L (spec §7).
import { ja4lQuic } from '../fingerprint/ja4l.js';
import { CryptoStream } from '../quic/crypto-stream.js';
import { QuicError } from '../quic/errors.js';
import { cryptoFrames } from '../quic/frames.js';
import { deriveInitialKeys, QUIC_V1, QUIC_V2, type InitialKeys } from '../quic/initial-keys.js';
import { decryptInitial, splitLongPackets } from '../quic/long-header.js';
import { splitHandshake } from '../tls/handshake.js';
import type { Flow } from './flow.js';
import type { HandshakeHandler } from './handshake-handler.js';
import type { EngineStats } from './stats.js';

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

interface QuicState {
  clientDir: 0 | 1;
  keys: InitialKeys | null;
  keysDcid: string;
  crypto: [CryptoStream, CryptoStream];
  /** Bytes of each direction's CRYPTO stream already handed to the handshake splitter. */
  used: [number, number];
  done: [boolean, boolean];
  clientInitialUs: number;
  serverInitialUs: number;
  lastServerHandshakeUs: number;
  clientHandshakeUs: number;
  clientTtl: number;
  serverTtl: number;
}

function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

export function quicDatagram(
  flow: Flow,
  dir: 0 | 1,
  p: Uint8Array,
  now: number,
  ttl: number,
  hs: HandshakeHandler,
  st: EngineStats,
  ja4plus: boolean,
): void {
  let q = flow.quic as QuicState | null;
  let packets;
  try {
    packets = splitLongPackets(p);
  } catch (e) {
    if (!(e instanceof QuicError)) throw e;
    st.parseErrors[e.code] = (st.parseErrors[e.code] ?? 0) + 1;
    return;
  }
  for (const pkt of packets) {
    if (q === null) {
      if (pkt.type !== 'initial') return;
      // The first Initial seen comes from the client; its DCID keys both directions.
      q = {
        clientDir: dir,
        keys: null,
        keysDcid: '',
        crypto: [new CryptoStream(), new CryptoStream()],
        used: [0, 0],
        done: [false, false],
        clientInitialUs: -1,
        serverInitialUs: -1,
        lastServerHandshakeUs: -1,
        clientHandshakeUs: -1,
        clientTtl: 0,
        serverTtl: 0,
      };
      flow.quic = q;
    }
    const fromClient = dir === q.clientDir;
    if (pkt.type === 'handshake') {
      if (fromClient) {
        if (q.clientHandshakeUs < 0) {
          q.clientHandshakeUs = now;
          if (ja4plus) timing(flow, q);
        }
      } else if (q.clientHandshakeUs < 0) q.lastServerHandshakeUs = now;
      continue;
    }
    if (pkt.type !== 'initial') continue;
    if (fromClient && q.clientInitialUs < 0) {
      q.clientInitialUs = now;
      q.clientTtl = ttl;
    }
    if (!fromClient && q.serverInitialUs < 0) {
      q.serverInitialUs = now;
      q.serverTtl = ttl;
    }
    if (q.done[dir]) continue;
    if (
      fromClient &&
      (q.keys === null ||
        (q.used[dir] === 0 && q.crypto[dir].contiguous === 0 && hex(pkt.dcid) !== q.keysDcid))
    ) {
      // (Re)derive from the client's DCID: the first Initial, or a new DCID after a Retry.
      q.keys = deriveInitialKeys(pkt.dcid, pkt.version);
      q.keysDcid = hex(pkt.dcid);
    }
    if (q.keys === null) continue;
    let frames;
    try {
      frames = cryptoFrames(decryptInitial(p, pkt, fromClient ? q.keys.client : q.keys.server));
    } catch (e) {
      if (!(e instanceof QuicError)) throw e;
      if (e.code === 'quic_decrypt') st.quicDecryptFailures++;
      st.parseErrors[e.code] = (st.parseErrors[e.code] ?? 0) + 1;
      continue;
    }
    const cs = q.crypto[dir];
    for (const f of frames) cs.add(f);
    const avail = cs.bytes().subarray(q.used[dir]);
    if (avail.length === 0) continue;
    const split = splitHandshake(avail);
    q.used[dir] += split.consumed;
    for (const m of split.messages) {
      hs.tlsMessage(flow, m, 'q');
      // Initial packets carry only the ClientHello / ServerHello.
      if (m.type === 1 || m.type === 2) q.done[dir] = true;
    }
    // A finished direction reads no more CRYPTO data: its buffers go now, not when the flow ends
    // (a UDP flow ends only by idle timeout, minutes of capture time later; ~8 KB per flow).
    if (q.done[dir]) q.crypto[dir] = new CryptoStream();
    // Both hellos read: the keys (and their cipher contexts) are not needed again.
    if (q.done[0] && q.done[1]) q.keys = null;
  }
}

function timing(flow: Flow, q: QuicState): void {
  if (q.clientInitialUs < 0 || q.serverInitialUs < 0 || q.lastServerHandshakeUs < 0) return;
  const l = ja4lQuic({
    clientInitialUs: q.clientInitialUs,
    serverInitialUs: q.serverInitialUs,
    serverHandshakeUs: q.lastServerHandshakeUs,
    clientHandshakeUs: q.clientHandshakeUs,
    clientTtl: q.clientTtl,
    serverTtl: q.serverTtl,
  });
  flow.record.ja4l_c = l.ja4l_c;
  flow.record.ja4l_s = l.ja4l_s;
}
