// A model of Wireshark 4.0.17's TCP desegmentation (desegment_tcp in packet-tcp.c, defaults:
// reassembly on, out-of-order reassembly off) for one direction of one connection, driving the
// SSH dissector model. A dissector that needs more bytes makes TCP open a multi-segment PDU (MSP)
// up to `nxtpdu`; later segments inside it are only collected, never shown to the dissector; the
// segment that reaches `nxtpdu` hands the reassembled bytes over, and the bytes it carries past
// `nxtpdu` go to the dissector again. segment() answers whether the dissector was called at all
// for a segment: that is tshark's "this frame has an ssh layer". Sequence numbers are relative
// (as tshark's) and compared the way packet-tcp.c does: wrap-aware where it uses LT_SEQ/GT_SEQ,
// plain unsigned where it does not.
import { DESEGMENT_ONE_MORE_SEGMENT, type SshDissectorModel } from './dissector-model.js';
import { TVB_BOUNDS } from './tvb.js';

/** Most bytes buffered for one open MSP; beyond it the MSP is tracked without its bytes. */
export const DEFAULT_MSP_CAP = 256 * 1024;
/** TCP only opens an MSP when the first part it holds is at most 1 MiB. */
const MSP_FIRST_PART_MAX = 1024 * 1024;
/** MSPs remembered per direction; older ones only matter for retransmissions. */
const MAX_MSPS = 8;

const EMPTY = new Uint8Array(0);
const gtSeq = (a: number, b: number): boolean => ((a - b) | 0) > 0;
const ltSeq = (a: number, b: number): boolean => ((a - b) | 0) < 0;
const leSeq = (a: number, b: number): boolean => ((a - b) | 0) <= 0;
const u32 = (x: number): number => x >>> 0;

class Msp {
  seq: number;
  nxtpdu: number;
  /** MSP_FLAGS_REASSEMBLE_ENTIRE_SEGMENT: the next segment completes it, whatever its size. */
  entire = false;
  lastFrame: number;
  /** Reassembly: total length once the last fragment is known (-1 before). */
  datalen = -1;
  /** Contiguous bytes held from `seq`. */
  have = 0;
  /** A fragment started past `have` (a lost segment): it can never complete. */
  gap = false;
  /** Reassembled and not reopened (FD_DEFRAGMENTED without FD_PARTIAL_REASSEMBLY). */
  done = false;
  /** Some bytes were beyond the buffer cap: the reassembled bytes are unknown. */
  overflow = false;

  constructor(seq: number, nxtpdu: number, frame: number) {
    this.seq = seq;
    this.nxtpdu = nxtpdu;
    this.lastFrame = frame;
  }
}

export class MspDirection {
  private readonly msps: Msp[] = [];
  /** Bytes of the newest MSP (the only one that can still grow). */
  private buf: Uint8Array = EMPTY;
  private owner: Msp | null = null;
  /** The MSP with the largest start (unsigned), the only one lessOrEqual can return in order. */
  private top: Msp | null = null;
  private readonly cap: number;
  /** MSPs whose bytes went past the cap (their content was not modelled). */
  overflows = 0;

  constructor(cap = DEFAULT_MSP_CAP) {
    this.cap = cap;
  }

  /** Bytes currently held for the open MSP (for memory bounds in tests). */
  get bufferedBytes(): number {
    return this.buf.length;
  }

  /**
   * One in-order segment (relative `seq`, payload `data[off, off+len)`). Returns whether the
   * SSH dissector was called for it.
   */
  segment(
    ssh: SshDissectorModel,
    isServer: boolean,
    frame: number,
    seq: number,
    data: Uint8Array,
    off: number,
    len: number,
    blocked = false,
  ): boolean {
    let saw = false;
    const nxtseq = u32(seq + len);
    const end = off + len;
    let offset = off;
    try {
      for (;;) {
        let msp: Msp | undefined;
        if (this.msps.length > 0) {
          msp = this.exact(seq);
          if (msp !== undefined && nxtseq <= msp.nxtpdu && msp.lastFrame !== frame) return saw;
          msp ??= this.lessOrEqual(u32(seq - 1));
        }
        let complete = false;
        let lastFragLen = 0;
        let another = 0;
        let mustDesegment = false;
        let desegAt = offset;
        if (msp !== undefined && leSeq(msp.seq, seq) && gtSeq(msp.nxtpdu, seq)) {
          msp.lastFrame = frame;
          const fragLen = msp.entire
            ? end - offset
            : Math.min(u32(nxtseq - seq), u32(msp.nxtpdu - seq));
          lastFragLen = fragLen;
          complete = this.add(
            msp,
            data,
            offset,
            u32(seq - msp.seq),
            fragLen,
            ltSeq(nxtseq, msp.nxtpdu),
          );
          if (complete && msp.entire) {
            msp.entire = false;
            if (ltSeq(msp.nxtpdu, nxtseq)) msp.nxtpdu = nxtseq;
          }
          if (msp.nxtpdu < nxtseq && msp.nxtpdu >= seq && fragLen > 0)
            another = u32(msp.nxtpdu - seq);
        } else if (!blocked) {
          saw = true;
          ssh.dissect(data, offset, end - offset, isServer, frame);
          if (ssh.desegLen !== 0) {
            mustDesegment = true;
            desegAt = offset + ssh.desegOffset;
          }
        }
        if (complete && msp !== undefined && !blocked) {
          saw = true;
          if (msp.overflow) {
            // Bytes not kept: assume the reassembled PDU was consumed without a new request.
            this.overflows++;
          } else {
            ssh.dissect(this.buf, 0, msp.datalen, isServer, frame);
          }
          if (!msp.overflow && ssh.desegLen !== 0) {
            const dOff = ssh.desegOffset;
            const dLen = ssh.desegLen;
            if (dOff === 0 || leSeq(u32(msp.seq + dOff), seq)) this.reopen(msp);
            else msp = this.split(msp, dOff, frame);
            if (dLen === DESEGMENT_ONE_MORE_SEGMENT) {
              msp.nxtpdu = u32(Math.max(u32(seq + (end - offset)), msp.nxtpdu) + 1);
              msp.entire = true;
            } else if (u32(seq + lastFragLen) >= msp.nxtpdu) {
              msp.nxtpdu = u32(seq + lastFragLen + dLen);
            } else {
              msp.nxtpdu = u32(msp.nxtpdu + dLen);
            }
            offset += lastFragLen;
            seq = u32(seq + lastFragLen);
            if (end - offset > 0) continue;
            return saw;
          }
        }
        if (mustDesegment) {
          const desegSeq = u32(seq + (desegAt - offset));
          if (u32(nxtseq - desegSeq) <= MSP_FIRST_PART_MAX) {
            const one = ssh.desegLen === DESEGMENT_ONE_MORE_SEGMENT;
            const m = this.store(desegSeq, u32(nxtseq + (one ? 1 : ssh.desegLen)), frame);
            m.entire = one;
            this.add(m, data, desegAt, 0, u32(nxtseq - desegSeq), ltSeq(nxtseq, m.nxtpdu));
          }
        }
        if (another === 0) return saw;
        offset += another;
        seq = u32(seq + another);
      }
    } catch (e) {
      // A read past the end aborts the dissector and, with it, the rest of this segment.
      if (e !== TVB_BOUNDS) throw e;
      return saw;
    } finally {
      // A reassembled MSP never takes bytes again: free its buffer (flows live long).
      if (this.owner?.done === true) {
        this.owner = null;
        this.buf = EMPTY;
      }
    }
  }

  /**
   * True when a segment starting at `seq` is handed to the dissector as it is: no MSP starts
   * there or covers it (only the MSP with the largest start can, see lessOrEqual).
   */
  fresh(seq: number): boolean {
    const top = this.top;
    return top === null || (seq > top.seq && !gtSeq(top.nxtpdu, seq));
  }

  /** pdu_store_sequencenumber_of_next_pdu: a new MSP (same start replaces the old one). */
  private store(seq: number, nxtpdu: number, frame: number): Msp {
    const m = new Msp(seq, nxtpdu, frame);
    const i = this.msps.findIndex((x) => x.seq === seq);
    if (i >= 0) this.msps.splice(i, 1);
    this.msps.push(m);
    if (this.msps.length > MAX_MSPS) this.msps.shift();
    this.owner = m;
    this.top = null;
    for (const x of this.msps) if (this.top === null || x.seq > this.top.seq) this.top = x;
    return m;
  }

  private exact(seq: number): Msp | undefined {
    for (let i = this.msps.length - 1; i >= 0; i--) {
      const m = this.msps[i] as Msp;
      if (m.seq === seq) return m;
    }
    return undefined;
  }

  /** wmem_tree_lookup32_le: the MSP with the largest start <= key (unsigned). */
  private lessOrEqual(key: number): Msp | undefined {
    let best: Msp | undefined;
    for (const m of this.msps)
      if (m.seq <= key && (best === undefined || m.seq > best.seq)) best = m;
    return best;
  }

  /** fragment_add; true when this fragment completed the reassembly. */
  private add(
    m: Msp,
    data: Uint8Array,
    off: number,
    fragOff: number,
    len: number,
    more: boolean,
  ): boolean {
    if (m.done) return false;
    if (m !== this.owner) m.gap = true;
    if (!more && m.datalen < 0) m.datalen = fragOff + len;
    if (fragOff > m.have) m.gap = true;
    if (!m.gap) {
      const fragEnd = fragOff + len;
      if (fragEnd > this.cap) m.overflow = true;
      if (!m.overflow && fragEnd > m.have) {
        this.reserve(fragEnd);
        this.buf.set(data.subarray(off + (m.have - fragOff), off + len), m.have);
      }
      if (fragEnd > m.have) m.have = fragEnd;
    }
    if (m.gap || m.datalen < 0 || m.have < m.datalen) return false;
    m.done = true;
    return true;
  }

  /** fragment_set_partial_reassembly: the MSP takes more fragments and completes again later. */
  private reopen(m: Msp): void {
    m.done = false;
    m.datalen = -1;
  }

  /** split_msp: bytes from the split point on move to a new MSP with the same end. */
  private split(m: Msp, at: number, frame: number): Msp {
    const n = this.store(u32(m.seq + at), m.nxtpdu, frame);
    const keep = m.datalen - at;
    this.buf.copyWithin(0, at, m.datalen);
    n.have = keep;
    return n;
  }

  private reserve(size: number): void {
    if (size <= this.buf.length) return;
    const next = new Uint8Array(Math.min(this.cap, Math.max(size, this.buf.length * 2, 256)));
    next.set(this.buf.subarray(0, this.owner?.have ?? 0));
    this.buf = next;
  }
}
