// IPv4 and IPv6 fragment reassembly for the engine (RFC 791 §3.2, RFC 8200 §4.5), bounded in
// memory and in time. Datagrams are keyed by (version, source, destination, protocol,
// identification). Overlapping fragments keep the bytes that arrived first and are counted
// (frag_overlap): Linux drops such datagrams outright (RFC 5722 for IPv6), Wireshark keeps the
// first bytes too; first-wins keeps the handshake fingerprintable while no later fragment can
// rewrite bytes already placed. An exact duplicate (a capture on two points) is only counted. The completed datagram is rebuilt as one IP packet: the offset-0
// fragment's header (IPv4 options dropped; IPv6 fixed header only, next header = the fragment
// header's) with the reassembled payload, for the decoder to decode again.
import type { DecodeErrorKind, DecodedPacket } from '../decode/decoded-packet.js';

export interface ReassemblyLimits {
  /** Datagrams being put together at once. */
  maxDatagrams: number;
  /** Fragment bytes held in all (oldest datagram evicted first). */
  maxBytes: number;
  /** A datagram not complete this long after its first fragment (capture time) is dropped. */
  timeoutUs: number;
  /** Fragments kept per datagram. */
  maxParts: number;
}

export const DEFAULT_REASSEMBLY_LIMITS: ReassemblyLimits = {
  maxDatagrams: 4096,
  maxBytes: 8 * 1024 * 1024,
  timeoutUs: 30_000_000,
  maxParts: 128,
};

const MAX_DATAGRAM = 65535;

interface Part {
  off: number;
  data: Uint8Array;
}

interface Datagram {
  firstUs: number;
  parts: Part[];
  bytes: number;
  /** Payload length, known once the last fragment (MF clear) arrived; -1 before. */
  total: number;
  /** Copy of the offset-0 fragment's fixed IP header (20 or 40 bytes). */
  header: Uint8Array | null;
  version: 4 | 6;
  proto: number;
}

export type ReassemblyCount = (kind: DecodeErrorKind | 'ip_fragment_duplicate') => void;

export class IpReassembler {
  private readonly limits: ReassemblyLimits;
  private readonly open = new Map<string, Datagram>();
  private held = 0;

  constructor(limits: Partial<ReassemblyLimits> = {}) {
    this.limits = { ...DEFAULT_REASSEMBLY_LIMITS, ...limits };
  }

  get pending(): number {
    return this.open.size;
  }

  get bytesHeld(): number {
    return this.held;
  }

  /**
   * One fragment as the decoder described it in `p`. Returns the rebuilt IP packet when this
   * fragment completed its datagram, else null. Problems go to `count`; never throws.
   */
  add(p: DecodedPacket, nowUs: number, count: ReassemblyCount): Uint8Array | null {
    this.expire(nowUs, count);
    const d = p.data;
    const dataLen = p.fragDataEnd - p.fragDataOff;
    const off = p.fragOffset;
    if (dataLen < 0 || (p.fragMore && (dataLen === 0 || dataLen % 8 !== 0))) {
      count('frag_bad');
      return null;
    }
    // IPv4's total length (16 bits) includes the 20-byte header the rebuilt packet gets.
    if (off + dataLen > MAX_DATAGRAM - (p.fragVersion === 4 ? 20 : 0)) {
      count('frag_too_big');
      return null;
    }
    const key = keyOf(p);
    let g = this.open.get(key);
    if (g === undefined) {
      g = {
        firstUs: nowUs,
        parts: [],
        bytes: 0,
        total: -1,
        header: null,
        version: p.fragVersion,
        proto: p.fragProto,
      };
      this.open.set(key, g);
      if (this.open.size > this.limits.maxDatagrams) this.evictOldest(count);
    }
    if (!p.fragMore) {
      const total = off + dataLen;
      if (g.total >= 0 && g.total !== total) {
        count('frag_bad');
        this.drop(key, g);
        return null;
      }
      g.total = total;
    }
    if (off === 0 && g.header === null) {
      const hl = p.fragVersion === 4 ? 20 : 40;
      g.header = d.slice(p.fragIpOff, p.fragIpOff + hl);
    }
    if (!this.place(g, off, d.subarray(p.fragDataOff, p.fragDataEnd), count)) {
      this.drop(key, g);
      return null;
    }
    while (this.held > this.limits.maxBytes && this.open.size > 0) this.evictOldest(count);
    if (!this.open.has(key)) return null;
    const whole = this.complete(g);
    if (whole !== null) this.drop(key, g);
    return whole;
  }

  /** Drop datagrams whose first fragment is older than the timeout (insertion order = age). */
  expire(nowUs: number, count: ReassemblyCount): void {
    for (const [key, g] of this.open) {
      if (nowUs - g.firstUs <= this.limits.timeoutUs) break;
      count('frag_timeout');
      this.drop(key, g);
    }
  }

  /** End of input: whatever is still incomplete is counted and released. */
  finish(count: ReassemblyCount): void {
    for (const [key, g] of this.open) {
      count('frag_incomplete');
      this.drop(key, g);
    }
  }

  private evictOldest(count: ReassemblyCount): void {
    const first = this.open.entries().next();
    if (first.done === true) return;
    count('frag_evicted');
    this.drop(first.value[0], first.value[1]);
  }

  private drop(key: string, g: Datagram): void {
    if (this.open.delete(key)) this.held -= g.bytes;
  }

  /** Keeps the parts of [off, off+len) no earlier part covers; false if the datagram is hopeless. */
  private place(g: Datagram, off: number, data: Uint8Array, count: ReassemblyCount): boolean {
    const end = off + data.length;
    if (data.length === 0) return true;
    let start = off;
    let overlapped = false;
    const pieces: Part[] = [];
    for (const q of g.parts) {
      const qEnd = q.off + q.data.length;
      if (qEnd <= start || q.off >= end) continue;
      if (q.off === off && qEnd === end) {
        count('ip_fragment_duplicate');
        return true;
      }
      overlapped = true;
      if (q.off > start) pieces.push({ off: start, data: data.slice(start - off, q.off - off) });
      start = Math.max(start, qEnd);
      if (start >= end) break;
    }
    if (start < end) pieces.push({ off: start, data: data.slice(start - off) });
    if (overlapped) count('frag_overlap');
    if (g.parts.length + pieces.length > this.limits.maxParts) {
      count('frag_too_many');
      return false;
    }
    for (const piece of pieces) {
      g.parts.push(piece);
      g.bytes += piece.data.length;
      this.held += piece.data.length;
    }
    g.parts.sort((a, b) => a.off - b.off);
    return true;
  }

  private complete(g: Datagram): Uint8Array | null {
    if (g.total < 0 || g.header === null) return null;
    let have = 0;
    for (const q of g.parts) {
      if (q.off > have) return null;
      have = Math.max(have, q.off + q.data.length);
    }
    if (have < g.total) return null;
    const hl = g.header.length;
    const out = new Uint8Array(hl + g.total);
    out.set(g.header);
    for (const q of g.parts) {
      const n = Math.min(q.data.length, g.total - q.off);
      if (n > 0) out.set(q.data.subarray(0, n), hl + q.off);
    }
    if (g.version === 4) {
      out[0] = 0x45; // options were dropped with the header copy
      out[2] = (hl + g.total) >> 8;
      out[3] = (hl + g.total) & 0xff;
      out[6] = 0;
      out[7] = 0;
    } else {
      out[4] = g.total >> 8;
      out[5] = g.total & 0xff;
      out[6] = g.proto;
    }
    return out;
  }
}

function keyOf(p: DecodedPacket): string {
  const d = p.data;
  const n = p.fragVersion === 4 ? 4 : 16;
  const src = p.fragVersion === 4 ? p.fragIpOff + 12 : p.fragIpOff + 8;
  const dst = src + n;
  let k = `${p.fragVersion}:${p.fragProto}:${p.fragId}:`;
  for (let i = 0; i < n; i++) k += String.fromCharCode(d[src + i] as number);
  for (let i = 0; i < n; i++) k += String.fromCharCode(d[dst + i] as number);
  return k;
}
