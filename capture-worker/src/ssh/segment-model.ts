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

class Direction {
  /** Sequence number that relative sequence 0 maps to; -1 until the first packet. */
  base = -1;
  /** Next expected relative sequence number (tcp_analyze_seq_info->nextseq); 0 = unknown. */
  nextSeq = 0;
  /** Last acknowledgement number this side sent (absolute), when it carried ACK. */
  lastAck = 0;
  lastAckValid = false;
  readonly msp: MspDirection;

  constructor(cap: number) {
    this.msp = new MspDirection(cap);
  }
}

export interface SshSegmentModelOptions {
  /** Most bytes buffered per open multi-segment PDU (default 256 KiB). */
  mspCap?: number;
}

export class SshSegmentModel {
  private readonly ssh = new SshDissectorModel();
  private readonly dirs: [Direction, Direction];
  private readonly serverDir: 0 | 1;
  private frame = 0;

  /** `serverDir`: the direction the server sends in (tshark: the side on the SSH port). */
  constructor(serverDir: 0 | 1, opts: SshSegmentModelOptions = {}) {
    const cap = opts.mspCap ?? DEFAULT_MSP_CAP;
    this.serverDir = serverDir;
    this.dirs = [new Direction(cap), new Direction(cap)];
  }

  /** MSPs whose bytes went past the cap (not modelled byte for byte). */
  get overflows(): number {
    return this.dirs[0].msp.overflows + this.dirs[1].msp.overflows;
  }

  /** Bytes held for open MSPs in both directions. */
  get bufferedBytes(): number {
    return this.dirs[0].msp.bufferedBytes + this.dirs[1].msp.bufferedBytes;
  }

  /** SSH version the dissector settled on (0 unknown, 1, 2). */
  get sshVersion(): number {
    return this.ssh.sshVersion;
  }

  /**
   * One TCP packet (any flags, payload `data[off, off+len)`). Returns true when tshark's SSH
   * dissector would be called on it.
   */
  packet(
    dir: 0 | 1,
    seq: number,
    ack: number,
    flags: number,
    data: Uint8Array,
    off: number,
    len: number,
  ): boolean {
    const frame = ++this.frame;
    const d = this.dirs[dir];
    const rev = this.dirs[dir === 0 ? 1 : 0];
    if (d.base < 0) d.base = (flags & SYN ? seq : seq - 1) >>> 0;
    const rel = (seq - d.base) >>> 0;
    let dissect = len > 0 && (flags & RST) === 0;
    if (dissect) {
      const known = d.nextSeq !== 0;
      if (len <= 1 && known && rel === (d.nextSeq - 1) >>> 0 && (flags & (SYN | FIN | RST)) === 0) {
        dissect = false; // keep-alive: shown as data
      } else if (rev.lastAckValid && leSeq((seq + len) >>> 0, rev.lastAck)) {
        dissect = false; // spurious retransmission: the peer already acknowledged it
      } else if (known && ltSeq(rel, d.nextSeq) && !(len > 1 && rel === (d.nextSeq - 1) >>> 0)) {
        dissect = false; // retransmission or out of order: no subdissector (4.0 default)
      }
    }
    const next = (rel + len + (flags & (SYN | FIN) ? 1 : 0)) >>> 0;
    if (d.nextSeq === 0 || gtSeq(next, d.nextSeq)) d.nextSeq = next;
    if (flags & ACK) {
      d.lastAck = ack >>> 0;
      d.lastAckValid = ack !== 0;
    } else {
      d.lastAckValid = false;
    }
    if (!dissect) return false;
    // tshark hands a SYN's payload over as starting one byte later.
    const dataSeq = (rel + (flags & SYN ? 1 : 0)) >>> 0;
    return d.msp.segment(this.ssh, dir === this.serverDir, frame, dataSeq, data, off, len);
  }
}
