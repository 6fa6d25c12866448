// One push-style parser for classic pcap and pcapng byte streams. The file reader feeds it fs
// chunks; the live capture worker feeds it `tcpdump -w -` stdout. It keeps at most one partial
// record between pushes, so memory stays flat however large the capture is.
import { CaptureFileError } from './errors.js';
import type { RawPacket } from './packet.js';

/** Largest record/block we accept. Real snaplens are <= 256 KiB; 64 MiB leaves room for odd
 * pcapng blocks (big DSBs) while stopping a corrupt length from making us buffer forever. */
const MAX_RECORD = 64 * 1024 * 1024;

const PCAP_US = 0xa1b2c3d4;
const PCAP_NS = 0xa1b23c4d;
const PCAPNG_SHB = 0x0a0d0d0a;
const PCAPNG_BOM = 0x1a2b3c4d;
/** Decryption Secrets Block secrets type for an NSS TLS key log ("TLSK"). */
const SECRETS_TLS_KEYLOG = 0x544c534b;

export interface CaptureParserEvents {
  onPacket(pkt: RawPacket): void;
  /** Text of a pcapng Decryption Secrets Block holding a TLS key log (NSS SSLKEYLOGFILE lines). */
  onTlsKeyLog?(text: string): void;
}

interface Iface {
  linkType: number;
  /** Timestamp units per second, when it is a power of ten <= 1e9 (the common case); else 0. */
  unitsPerSec: number;
  /** Exact units per second as a BigInt, for the rare resolutions that number math cannot do. */
  unitsBig: bigint;
  tsOffsetSec: number;
}

type Format = 'unknown' | 'pcap' | 'pcapng';

export class CaptureStreamParser {
  private readonly ev: CaptureParserEvents;
  private readonly path: string | undefined;
  private pending: Uint8Array | null = null;
  /** Absolute stream offset of the first byte of `pending` (or of the next chunk). */
  private base = 0;

  /** Bytes received so far: where the stream stands when a read fails. */
  get bytesReceived(): number {
    return this.base + (this.pending?.length ?? 0);
  }
  private format: Format = 'unknown';
  private le = true;
  private pcapNs = false;
  private pcapLinkType = 0;
  private ifaces: Iface[] = [];
  private ended = false;
  /** Packets emitted so far; useful for progress and tests. */
  packets = 0;
  /** Stream offset of the packet being delivered's captured bytes (imports keep it, issue 24). */
  dataOffset = 0;

  constructor(events: CaptureParserEvents | ((pkt: RawPacket) => void), path?: string) {
    this.ev = typeof events === 'function' ? { onPacket: events } : events;
    this.path = path;
  }

  /** Parse as many complete records as `chunk` (plus leftovers) holds; keep the partial tail. */
  push(chunk: Uint8Array): void {
    if (this.ended) throw new Error('CaptureStreamParser.push after end()');
    if (chunk.length === 0) return;
    // A plain Uint8Array view: subarray() of a Node Buffer makes Buffer objects, which cost
    // noticeably more per packet than typed-array views.
    const c = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const p = this.pending;
    if (p === null) {
      this.parseOwn(c);
      return;
    }
    // Finish the record that straddles the previous chunk with a small window of this one, then
    // parse the rest of the chunk in place (no copy of the whole chunk).
    const take = Math.min(c.length, 64 * 1024);
    let buf = new Uint8Array(p.length + take);
    buf.set(p, 0);
    buf.set(c.subarray(0, take), p.length);
    let used = this.parse(buf);
    if (used < p.length && take < c.length) {
      // The straddling record is larger than the window: join everything once.
      buf = new Uint8Array(p.length + c.length);
      buf.set(p, 0);
      buf.set(c, p.length);
      used = this.parse(buf);
      this.pending = used === buf.length ? null : buf.slice(used);
      this.base += used;
      return;
    }
    if (used < p.length) {
      this.pending = buf.slice(used); // the whole chunk went into the window, still incomplete
      this.base += used;
      return;
    }
    this.pending = null;
    this.base += used;
    this.parseOwn(c.subarray(used - p.length));
  }

  private parseOwn(c: Uint8Array): void {
    const used = this.parse(c);
    // Copy the tail: the caller may reuse `chunk`'s memory.
    this.pending = used === c.length ? null : c.slice(used);
    this.base += used;
  }

  /** End of stream: throws a truncation error if a partial record (or no header at all) remains. */
  end(): void {
    this.ended = true;
    const rest = this.pending?.length ?? 0;
    if (this.format === 'unknown') {
      throw this.err(
        'capture_truncated',
        rest === 0
          ? 'empty file, no capture header'
          : `file too short for a capture header (${rest} bytes)`,
      );
    }
    if (rest > 0) {
      throw this.err(
        'capture_truncated',
        `truncated: ${rest} trailing bytes of an incomplete ${this.format === 'pcap' ? 'packet record' : 'block'}`,
      );
    }
  }

  private err(
    code: ConstructorParameters<typeof CaptureFileError>[0],
    problem: string,
    rel = 0,
  ): CaptureFileError {
    return new CaptureFileError(code, problem, this.base + rel, this.path);
  }

  private parse(b: Uint8Array): number {
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    let off = 0;
    if (this.format === 'unknown') {
      if (b.length < 4) return 0;
      const m = dv.getUint32(0, false);
      if (m === PCAPNG_SHB) {
        this.format = 'pcapng';
      } else if (m === PCAP_US || m === PCAP_NS) {
        this.format = 'pcap';
        this.le = false;
        this.pcapNs = m === PCAP_NS;
      } else {
        const ml = dv.getUint32(0, true);
        if (ml === PCAP_US || ml === PCAP_NS) {
          this.format = 'pcap';
          this.le = true;
          this.pcapNs = ml === PCAP_NS;
        } else {
          throw this.err(
            'capture_bad_magic',
            `not a pcap or pcapng file (magic 0x${m.toString(16).padStart(8, '0')})`,
          );
        }
      }
      if (this.format === 'pcap') {
        if (b.length < 24) {
          this.format = 'unknown';
          return 0;
        }
        this.pcapLinkType = dv.getUint32(20, this.le) & 0x0fffffff;
        off = 24;
      }
    }
    return this.format === 'pcap' ? this.parsePcap(b, dv, off) : this.parsePcapng(b, dv, off);
  }

  private parsePcap(b: Uint8Array, dv: DataView, start: number): number {
    let off = start;
    const le = this.le;
    const mult = this.pcapNs ? 1 : 1000;
    while (b.length - off >= 16) {
      const incl = dv.getUint32(off + 8, le);
      if (incl > MAX_RECORD) {
        throw this.err('capture_bad_record', `packet record claims ${incl} captured bytes`, off);
      }
      if (b.length - off - 16 < incl) break;
      const tsSec = dv.getUint32(off, le);
      const frac = dv.getUint32(off + 4, le);
      const orig = dv.getUint32(off + 12, le);
      this.packets++;
      this.dataOffset = this.base + off + 16;
      this.ev.onPacket({
        tsSec,
        tsNsec: frac * mult,
        linkType: this.pcapLinkType,
        origLen: orig,
        data: b.subarray(off + 16, off + 16 + incl),
      });
      off += 16 + incl;
    }
    return off;
  }

  private parsePcapng(b: Uint8Array, dv: DataView, start: number): number {
    let off = start;
    while (b.length - off >= 12) {
      const type0 = dv.getUint32(off, false);
      if (type0 === PCAPNG_SHB) {
        // The byte order of a section is only known once its SHB's byte-order magic is read.
        const bom = dv.getUint32(off + 8, false);
        if (bom === PCAPNG_BOM) this.le = false;
        else if (dv.getUint32(off + 8, true) === PCAPNG_BOM) this.le = true;
        else
          throw this.err(
            'capture_bad_magic',
            `pcapng section header with bad byte-order magic 0x${bom.toString(16)}`,
            off,
          );
        this.ifaces = [];
      }
      const le = this.le;
      const type = dv.getUint32(off, le);
      const len = dv.getUint32(off + 4, le);
      if (len < 12 || len % 4 !== 0 || len > MAX_RECORD) {
        throw this.err(
          'capture_block_length',
          `pcapng block type 0x${type.toString(16)} has invalid length ${len}`,
          off,
        );
      }
      if (b.length - off < len) break;
      const trailer = dv.getUint32(off + len - 4, le);
      if (trailer !== len) {
        throw this.err(
          'capture_block_length',
          `pcapng block length mismatch: header says ${len}, trailer says ${trailer}`,
          off,
        );
      }
      this.block(b, dv, off, type, len);
      off += len;
    }
    return off;
  }

  private block(b: Uint8Array, dv: DataView, off: number, type: number, len: number): void {
    const le = this.le;
    const end = off + len - 4;
    switch (type) {
      case 1: {
        // Interface Description Block
        if (len < 20)
          throw this.err(
            'capture_block_length',
            `interface description block too short (${len})`,
            off,
          );
        const iface: Iface = {
          linkType: dv.getUint16(off + 8, le),
          unitsPerSec: 1_000_000,
          unitsBig: 1_000_000n,
          tsOffsetSec: 0,
        };
        this.readIfaceOptions(b, dv, off + 16, end, iface);
        this.ifaces.push(iface);
        return;
      }
      case 6: {
        // Enhanced Packet Block
        if (len < 32)
          throw this.err('capture_block_length', `enhanced packet block too short (${len})`, off);
        const ifId = dv.getUint32(off + 8, le);
        const cap = dv.getUint32(off + 20, le);
        const orig = dv.getUint32(off + 24, le);
        if (28 + cap > len - 4)
          throw this.err(
            'capture_block_length',
            `enhanced packet block: captured length ${cap} exceeds block length ${len}`,
            off,
          );
        this.dataOffset = this.base + off + 28;
        this.emit(
          off,
          ifId,
          dv.getUint32(off + 12, le),
          dv.getUint32(off + 16, le),
          orig,
          b.subarray(off + 28, off + 28 + cap),
        );
        return;
      }
      case 3: {
        // Simple Packet Block: interface 0, no timestamp; captured length derives from the block.
        if (len < 16)
          throw this.err('capture_block_length', `simple packet block too short (${len})`, off);
        const orig = dv.getUint32(off + 8, le);
        const cap = Math.min(orig, len - 16);
        this.dataOffset = this.base + off + 12;
        this.emit(off, 0, 0, 0, orig, b.subarray(off + 12, off + 12 + cap));
        return;
      }
      case 2: {
        // Obsolete Packet Block
        if (len < 32)
          throw this.err('capture_block_length', `packet block too short (${len})`, off);
        const ifId = dv.getUint16(off + 8, le);
        const cap = dv.getUint32(off + 20, le);
        const orig = dv.getUint32(off + 24, le);
        if (28 + cap > len - 4)
          throw this.err(
            'capture_block_length',
            `packet block: captured length ${cap} exceeds block length ${len}`,
            off,
          );
        this.dataOffset = this.base + off + 28;
        this.emit(
          off,
          ifId,
          dv.getUint32(off + 12, le),
          dv.getUint32(off + 16, le),
          orig,
          b.subarray(off + 28, off + 28 + cap),
        );
        return;
      }
      case 0x0000000a: {
        // Decryption Secrets Block
        if (len < 20)
          throw this.err(
            'capture_block_length',
            `decryption secrets block too short (${len})`,
            off,
          );
        const stype = dv.getUint32(off + 8, le);
        const slen = dv.getUint32(off + 12, le);
        if (16 + slen > len - 4)
          throw this.err(
            'capture_block_length',
            `decryption secrets block: secrets length ${slen} exceeds block length ${len}`,
            off,
          );
        if (stype === SECRETS_TLS_KEYLOG && this.ev.onTlsKeyLog) {
          this.ev.onTlsKeyLog(new TextDecoder().decode(b.subarray(off + 16, off + 16 + slen)));
        }
        return;
      }
      default:
        // SHB (options unused), name resolution, statistics, custom blocks: nothing we need.
        return;
    }
  }

  private readIfaceOptions(
    b: Uint8Array,
    dv: DataView,
    start: number,
    end: number,
    iface: Iface,
  ): void {
    let p = start;
    while (p + 4 <= end) {
      const code = dv.getUint16(p, this.le);
      const olen = dv.getUint16(p + 2, this.le);
      if (code === 0) break;
      if (p + 4 + olen > end) break;
      if (code === 9 && olen >= 1) {
        const r = b[p + 4] ?? 6;
        const exp = r & 0x7f;
        if (r & 0x80) {
          iface.unitsBig = 1n << BigInt(exp);
          iface.unitsPerSec = exp <= 30 ? 2 ** exp : 0;
        } else {
          iface.unitsBig = 10n ** BigInt(exp);
          iface.unitsPerSec = exp <= 9 ? 10 ** exp : 0;
        }
      } else if (code === 14 && olen >= 8) {
        iface.tsOffsetSec = Number(dv.getBigInt64(p + 4, this.le));
      }
      p += 4 + ((olen + 3) & ~3);
    }
  }

  private emit(
    off: number,
    ifId: number,
    hi: number,
    lo: number,
    orig: number,
    data: Uint8Array,
  ): void {
    const iface = this.ifaces[ifId];
    if (iface === undefined) {
      throw this.err(
        'capture_bad_record',
        `packet refers to interface ${ifId}, but only ${this.ifaces.length} interface(s) are described`,
        off,
      );
    }
    let tsSec: number;
    let tsNsec: number;
    const u = iface.unitsPerSec;
    if (u !== 0 && u <= 1_000_000) {
      // ts < 2^53 for any date before year 2255 at µs resolution: plain number math is exact.
      const ts = hi * 4294967296 + lo;
      tsSec = Math.floor(ts / u);
      tsNsec = Math.round(((ts - tsSec * u) * 1e9) / u);
    } else {
      const ts = (BigInt(hi) << 32n) | BigInt(lo);
      const ub = iface.unitsBig;
      const sec = ts / ub;
      tsSec = Number(sec);
      tsNsec = Number(((ts - sec * ub) * 1_000_000_000n) / ub);
    }
    this.packets++;
    this.ev.onPacket({
      tsSec: tsSec + iface.tsOffsetSec,
      tsNsec,
      linkType: iface.linkType,
      origLen: orig,
      data,
    });
  }
}
