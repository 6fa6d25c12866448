// Per-connection state the engine keeps. Direction 0 is "src -> dst" where src is the endpoint
// whose packet was seen first (tshark's and the reference records' orientation).
import type { ConnectionRecord, Transport } from '../../../common/events/connection.js';
import type { TcpStream } from '../flow/tcp-stream.js';
import type { TlsSide } from './tls-side.js';
import type { TcpSynOptions } from '../decode/tcp-options.js';
import type { UpgradeHint } from './upgrade.js';

export type Payload = 'unknown' | 'tls' | 'http' | 'ssh' | 'socks' | 'openvpn' | 'other';

export interface DirState {
  stream: TcpStream | null;
  payload: Payload;
  tls: TlsSide | null;
  fin: boolean;
}

export class Flow {
  readonly keyBytes: Uint8Array;
  readonly hash: number;
  readonly stream: number;
  readonly transport: Transport;
  /** Whether the canonical key's "A" endpoint is src. */
  readonly srcIsA: boolean;
  readonly record: ConnectionRecord;
  lastUs: number;
  closedAtUs = -1;
  dirs: [DirState, DirState];
  /** TCP timing for JA4L: SYN (A), SYN-ACK (B), first ACK after it (C). */
  synUs = -1;
  synDir = -1;
  synAckUs = -1;
  ackUs = -1;
  synSeq = -1;
  /** JA4TS inputs: the first SYN-ACK's fields, every SYN-ACK time, a RST from the server after them. */
  synAck: { window: number; opts: TcpSynOptions; dir: number } | null = null;
  synAckTimes: number[] = [];
  serverRstUs = -1;
  /** Early emission bookkeeping. */
  earlyDue = -1;
  earlySent = false;
  /** Extra per-protocol state (QUIC, SSH, HTTP). */
  quic: unknown = null;
  /** TLS parameters for key-log decryption (TlsInfo) and its per-direction state. */
  tlsInfo: unknown = null;
  decrypt: unknown = null;
  ssh: unknown = null;
  /** OpenVPN control channel state (openvpn-side.ts). */
  openvpn: unknown = null;
  http: unknown = null;
  /** Bare ACKs per direction before the payload was recognised (JA4SSH counts them). */
  preAcks: [number, number] = [0, 0];
  /** What each direction's first bytes said before any TLS (STARTTLS, proxy hops): see upgrade.ts. */
  upgradeHints: [UpgradeHint | undefined, UpgradeHint | undefined] = [undefined, undefined];
  /** The packet tap's per-connection state (packet store bookkeeping); null without a tap. */
  tap: unknown = null;
  /** The connection's record went out (at close or eviction); never twice. */
  emitted = false;
  /** Order in which this engine opened its flows: sweeps and finish() emit in this order. */
  opened = 0;

  constructor(
    keyBytes: Uint8Array,
    hash: number,
    stream: number,
    transport: Transport,
    srcIsA: boolean,
    record: ConnectionRecord,
    nowUs: number,
  ) {
    this.keyBytes = keyBytes;
    this.hash = hash;
    this.stream = stream;
    this.transport = transport;
    this.srcIsA = srcIsA;
    this.record = record;
    this.lastUs = nowUs;
    this.dirs = [newDir(), newDir()];
  }
}

function newDir(): DirState {
  return { stream: null, payload: 'unknown', tls: null, fin: false };
}
