// OpenVPN's TLS control channel (UDP datagrams, or TCP packets behind a 2-byte length): the
// client's first packet fixes the layout (tls-auth HMAC size, or unreadable with tls-crypt), then
// each direction's P_CONTROL_V1 payloads are put back in message-id order (retransmissions
// dropped, a bounded number waiting for a gap) and read as a TLS byte stream. The hellos give
// JA4 with protocol 't' (they are TLS records, not DTLS) and the record says tls_upgrade=openvpn.
import { detectHmac, looksLikeHardReset, Op, opcode, parseControl } from '../openvpn/packet.js';
import type { Flow } from './flow.js';
import type { HandshakeHandler } from './handshake-handler.js';
import { TlsSide } from './tls-side.js';

/** Out-of-order control packets kept per direction, and TLS bytes buffered per direction. */
const MAX_PENDING = 32;
const MAX_BUFFER = 256 * 1024;
const OPENVPN_PORT = 1194;

interface OvDir {
  next: number;
  pending: Map<number, Uint8Array>;
  buf: Uint8Array;
  tls: TlsSide;
  done: boolean;
}

interface OvState {
  clientDir: 0 | 1;
  /** tls-auth HMAC size (0: none); -1: the control channel cannot be read (tls-crypt). */
  hmac: number;
  dirs: [OvDir, OvDir];
}

export interface OpenVpnCounters {
  seen: (name: string) => void;
  parse: (code: string) => void;
}

const newDir = (): OvDir => ({
  next: 0,
  pending: new Map(),
  buf: new Uint8Array(0),
  tls: new TlsSide(),
  done: false,
});

/** Whether a UDP datagram opens an OpenVPN session (client hard reset, on 1194 or well formed). */
export function startsOpenVpnUdp(p: Uint8Array, sport: number, dport: number): boolean {
  if (!looksLikeHardReset(p)) return false;
  return (
    sport === OPENVPN_PORT ||
    dport === OPENVPN_PORT ||
    (opcode(p) === Op.CONTROL_HARD_RESET_CLIENT_V2 && detectHmac(p) !== undefined)
  );
}

/** Whether TCP bytes start with an OpenVPN client hard reset behind its 2-byte length. */
export function startsOpenVpnTcp(b: Uint8Array): boolean {
  if (b.length < 3 || b[0] !== 0) return false;
  const len = ((b[0] as number) << 8) | (b[1] as number);
  const op = (b[2] as number) >> 3;
  return (
    (op === Op.CONTROL_HARD_RESET_CLIENT_V2 || op === Op.CONTROL_HARD_RESET_CLIENT_V3) &&
    len >= 14 &&
    len <= 1600
  );
}

/** One OpenVPN packet of direction `dir`. Returns false once nothing more is needed. */
export function openvpnPacket(
  flow: Flow,
  dir: 0 | 1,
  p: Uint8Array,
  hs: HandshakeHandler,
  c: OpenVpnCounters,
): boolean {
  let st = flow.openvpn as OvState | null;
  if (st === null) {
    const op = opcode(p);
    const h = op === Op.CONTROL_HARD_RESET_CLIENT_V2 ? detectHmac(p) : undefined;
    st = { clientDir: dir, hmac: h ?? -1, dirs: [newDir(), newDir()] };
    flow.openvpn = st;
    c.seen('openvpn');
    if (h === undefined) {
      // The control channel is encrypted (tls-crypt; V3 = tls-crypt-v2): no hello to read.
      c.seen(op === Op.CONTROL_HARD_RESET_CLIENT_V3 ? 'openvpn_tls_crypt_v2' : 'openvpn_tls_crypt');
      return false;
    }
    if (h > 0) c.seen('openvpn_tls_auth');
    flow.record.tls_upgrade = 'openvpn';
    c.seen('tls_upgrade_openvpn');
  }
  if (st.hmac < 0) return false;
  const op = opcode(p);
  if (op === Op.DATA_V1 || op === Op.DATA_V2) return !(st.dirs[0].done && st.dirs[1].done);
  const pkt = parseControl(p, st.hmac);
  if (pkt === undefined) {
    c.parse('openvpn_parse');
    return true;
  }
  const ds = st.dirs[dir];
  if (ds.done || pkt.msgId < 0 || pkt.msgId < ds.next) return true; // ACK or retransmission
  const payload = pkt.op === Op.CONTROL_V1 ? pkt.payload : new Uint8Array(0);
  if (pkt.msgId > ds.next) {
    if (ds.pending.size < MAX_PENDING && !ds.pending.has(pkt.msgId))
      ds.pending.set(pkt.msgId, payload.slice());
    return true;
  }
  append(ds, payload);
  ds.next++;
  for (let q = ds.pending.get(ds.next); q !== undefined; q = ds.pending.get(ds.next)) {
    ds.pending.delete(ds.next);
    append(ds, q);
    ds.next++;
  }
  if (ds.buf.length > 0) {
    const used = ds.tls.feed(ds.buf, dir === st.clientDir, (m) => hs.tlsMessage(flow, m, 't'));
    ds.buf = ds.buf.slice(used);
    if (ds.tls.state === 'done' || ds.buf.length > MAX_BUFFER) {
      ds.done = true;
      ds.buf = new Uint8Array(0);
      ds.pending.clear();
    }
  }
  return !(st.dirs[0].done && st.dirs[1].done);
}

function append(ds: OvDir, b: Uint8Array): void {
  if (b.length === 0) return;
  const n = new Uint8Array(ds.buf.length + b.length);
  n.set(ds.buf);
  n.set(b, ds.buf.length);
  ds.buf = n;
}
