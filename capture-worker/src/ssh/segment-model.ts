// Per connection: which TCP segments tshark 4.0.17 hands to its SSH dissector (the frames whose
// protocols list "ssh"). JA4SSH's oracle counts exactly those as SSH packets. Three layers, as in
// Wireshark: TCP sequence analysis (retransmissions, keep-alives and already-acknowledged data
// never reach a subdissector), TCP desegmentation (tcp-msp.ts) and the SSH dissector
// (dissector-model.ts). Fed every packet of the connection in capture order from the first SSH
// banner on; the packet counter stands in for tshark's frame numbers.
import { SshDissectorModel } from './dissector-model.js';
import { DEFAULT_MSP_CAP, MspDirection } from './tcp-msp.js';

const FIN = 0x01;
const SYN = 0x02;
const RST = 0x04;
const ACK = 0x10;

const ltSeq = (a: number, b: number): boolean => ((a - b) | 0) < 0;
const leSeq = (a: number, b: number): boolean => ((a - b) | 0) <= 0;
const gtSeq = (a: number, b: number): boolean => ((a - b) | 0) > 0;

/** What TCP sequence analysis concluded about a segment (the flags that matter here). */
const enum Seen {
  Normal,
  /** Retransmission or spurious retransmission: desegmentation drops it. */
  Dropped,
  /** Out of order or keep-alive: desegmentation runs, the subdissector is not called. */
  Blocked,
}

const KEEP_ALIVE = 1;
const ZERO_WINDOW_PROBE = 2;
/** tshark's out-of-order window before the first RTT is known (3 ms). */
const DEFAULT_OOO_US = 3000;
const FAST_RETRANSMISSION_US = 20_000;

class Direction {
  /** Sequence number that relative sequence 0 maps to; -1 until the first packet. */
  base = -1;
  /** tcp_analyze_seq_info of this direction (relative numbers; 0 = not known yet). */
  nextSeq = 0;
  nextSeqUs = 0;
  maxSeqToBeAcked = 0;
  lastAck = 0;
  lastAckUs = 0;
  dupAcks = 0;
  window = -1;
  /** KEEP_ALIVE / ZERO_WINDOW_PROBE of this direction's last packet. */
  lastFlags = 0;
  readonly msp: MspDirection;

  constructor(cap: number) {
    this.msp = new MspDirection(cap);
  }
}

export interface SshSegmentModelOptions {
  /** Most bytes buffered per open multi-segment PDU (default 256 KiB). */
  mspCap?: number;
  /** SYN to handshake-ACK time (tshark's first RTT, its out-of-order window); 0 = unknown. */
  firstRttUs?: number;
}

export class SshSegmentModel {
  private readonly ssh = new SshDissectorModel();
  private readonly dirs: [Direction, Direction];
  private readonly serverDir: 0 | 1;
  private frame = 0;
  private readonly oooUs: number;

  /** `serverDir`: the direction the server sends in (tshark: the side on the SSH port). */
  constructor(serverDir: 0 | 1, opts: SshSegmentModelOptions = {}) {
    const cap = opts.mspCap ?? DEFAULT_MSP_CAP;
    this.serverDir = serverDir;
    this.dirs = [new Direction(cap), new Direction(cap)];
    this.oooUs =
      opts.firstRttUs !== undefined && opts.firstRttUs > 0 ? opts.firstRttUs : DEFAULT_OOO_US;
  }

  /** MSPs whose bytes went past the cap (not modelled byte for byte). */
  get overflows(): number {
    return this.dirs[0].msp.overflows + this.dirs[1].msp.overflows;
  }

  /** Bytes held for open MSPs in both directions. */
  get bufferedBytes(): number {
    return this.dirs[0].msp.bufferedBytes + this.dirs[1].msp.bufferedBytes;
  }

  /**
   * One TCP packet (any flags, payload `data[off, off+len)`, capture time in µs). Returns true
   * when tshark's SSH dissector would be called on it.
   */
  packet(
    dir: 0 | 1,
    seq: number,
    ack: number,
    flags: number,
    window: number,
    timeUs: number,
    data: Uint8Array,
    off: number,
    len: number,
  ): boolean {
    const frame = ++this.frame;
    const d = this.dirs[dir];
    const rev = this.dirs[dir === 0 ? 1 : 0];
    if (d.base < 0) d.base = (flags & SYN ? seq : seq - 1) >>> 0;
    // Model started mid-connection: the peer's data starts where this side acknowledges.
    if (flags & ACK && rev.base < 0) rev.base = (ack - 1) >>> 0;
    const rel = (seq - d.base) >>> 0;
    const ackRel = flags & ACK ? (ack - rev.base) >>> 0 : 0;
    const seen = this.analyze(d, rev, rel, ackRel, flags, window, timeUs, len);
    if (len === 0 || flags & RST || seen === Seen.Dropped) return false;
    // tshark hands a SYN's payload over as starting one byte later.
    const dataSeq = (rel + (flags & SYN ? 1 : 0)) >>> 0;
    const isServer = dir === this.serverDir;
    // Steady state of an encrypted session: the dissector would see it and change nothing.
    if (seen === Seen.Normal && d.msp.fresh(dataSeq) && this.ssh.onlyEncrypted(isServer, frame))
      return true;
    return d.msp.segment(this.ssh, isServer, frame, dataSeq, data, off, len, seen === Seen.Blocked);
  }

  /** tcp_analyze_sequence_number, reduced to what decides whether data reaches the dissector. */
  private analyze(
    d: Direction,
    rev: Direction,
    seq: number,
    ack: number,
    flags: number,
    window: number,
    t: number,
    len: number,
  ): Seen {
    const noSfr = (flags & (SYN | FIN | RST)) === 0;
    /** Where this segment ends in sequence space (SYN and FIN count one). */
    const next = (seq + len + (flags & (SYN | FIN) ? 1 : 0)) >>> 0;
    let mark = 0;
    let seen = Seen.Normal;
    const sameAck = seq === d.nextSeq && ack === d.lastAck;
    if (len === 1 && seq === d.nextSeq && rev.window === 0) {
      mark = ZERO_WINDOW_PROBE;
    } else {
      if (len <= 1 && seq === (d.nextSeq - 1) >>> 0 && noSfr) mark = KEEP_ALIVE;
      const dupCandidate = len === 0 && window !== 0 && window === d.window && sameAck && noSfr;
      const keepAliveAck = dupCandidate && (rev.lastFlags & KEEP_ALIVE) !== 0;
      const zwpAck =
        len === 0 &&
        window === 0 &&
        window === d.window &&
        sameAck &&
        noSfr &&
        (rev.lastFlags & ZERO_WINDOW_PROBE) !== 0;
      if (!keepAliveAck && !zwpAck && dupCandidate)
        d.dupAcks = d.dupAcks === -1 ? 1 : d.dupAcks + 1;
    }
    if (ack !== d.lastAck) d.dupAcks = 0;
    if (rev.maxSeqToBeAcked !== 0 && gtSeq(ack, rev.maxSeqToBeAcked) && flags & ACK) {
      if (ltSeq(rev.maxSeqToBeAcked, rev.nextSeq)) rev.maxSeqToBeAcked = rev.nextSeq;
      else rev.dupAcks = -1;
    }
    if ((len > 0 || flags & (SYN | FIN)) && mark !== KEEP_ALIVE) {
      let notAdvanced = d.nextSeq !== 0 && ltSeq(seq, d.nextSeq);
      if (len > 1 && (d.nextSeq - 1) >>> 0 === seq) notAdvanced = false;
      if (len > 0 && rev.lastAck !== 0 && leSeq((seq + len) >>> 0, rev.lastAck)) {
        seen = Seen.Dropped; // spurious retransmission: the peer already acknowledged it
      } else if (
        notAdvanced &&
        rev.dupAcks >>> 0 >= 2 && // C's counter is unsigned: -1 (after an acked lost segment) passes
        rev.lastAck === seq &&
        t - rev.lastAckUs < FAST_RETRANSMISSION_US
      ) {
        seen = Seen.Normal; // fast retransmission: tshark still dissects it
      } else if (notAdvanced && t - d.nextSeqUs < this.oooUs && d.nextSeq !== next) {
        seen = Seen.Blocked; // out of order
      } else if (notAdvanced) {
        seen = Seen.Dropped; // retransmission
      }
    }
    if (mark === KEEP_ALIVE) seen = Seen.Blocked;
    if (mark !== ZERO_WINDOW_PROBE) {
      if (gtSeq(next, d.nextSeq) || d.nextSeq === 0) {
        d.nextSeq = next;
        d.nextSeqUs = t;
      }
      if (seq === d.maxSeqToBeAcked || d.maxSeqToBeAcked === 0) d.maxSeqToBeAcked = d.nextSeq;
    }
    d.window = window;
    d.lastAck = ack;
    d.lastAckUs = t;
    d.lastFlags = mark;
    return seen;
  }
}
