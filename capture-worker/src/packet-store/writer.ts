// The live packet store's writer (issue 24): a PacketTap the capture engine calls for every
// packet of a flow. It copies the packet into a chunk of the current segment (the only work on
// the capture path), and one serial chain of async file writes (libuv's thread pool) puts chunks
// on disk. Everything is bounded: a slow disk fills the queue and a full disk fails writes, and
// either way packets are dropped from the store and counted, never held, so fingerprinting goes
// on at full speed. Index lines follow the synced bytes (format.ts), at every flush.
import { mkdirSync } from 'node:fs';
import { appendFile, open, stat, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { connectionId } from '../../../common/events/connection-id.js';
import type { PacketTap, TappedFlow } from '../engine/packet-tap.js';
import type { RawPacket } from '../pcap/packet.js';
import { RECORD_HEADER, RECORD_MAGIC, segmentName, type IndexLine } from './format.js';
import { FullFlowMatcher } from './match.js';
import type { PacketStoreOptions } from './options.js';
import { recoverStore, type SegmentInfo } from './recover.js';
import { emptyPacketStoreStats, type PacketStoreStats } from './stats.js';

const CHUNK_BYTES = 1024 * 1024;
/** After a failed write the disk is left alone this long (packets meanwhile dropped, counted). */
const DISK_BACKOFF_MS = 2000;

interface ConnState {
  id: string;
  stored: [number, number];
  /** Packets, bytes beyond the cap, per direction: [p0, b0, p1, b1]. */
  skipped: [number, number, number, number];
  lost: number;
  full: boolean;
  ended: boolean;
}

interface Segment {
  seq: number;
  fh: FileHandle | null;
  /** Written entries waiting for the next index flush. */
  pending: Map<ConnState, number[]>;
  bytes: number;
  mtimeMs: number;
  /** Chunks of this segment still in the write chain: its file stays open until they are written. */
  queued: number;
  /** The file exists (created by this run): later opens must not create it again. */
  created: boolean;
}

interface Chunk {
  seg: Segment;
  pos: number;
  buf: Buffer;
  used: number;
  packets: number;
  entries: Map<ConnState, number[]>;
}

export class PacketStoreWriter implements PacketTap {
  private readonly st = emptyPacketStoreStats();
  private readonly match: FullFlowMatcher;
  private readonly segments: Segment[] = [];
  private cur: Segment;
  private segPos = 0;
  private chunk: Chunk | null = null;
  private chain: Promise<void> = Promise.resolve();
  private readonly dirty = new Set<ConnState>();
  private diskBackoffUntil = 0;
  private readonly timer: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly o: PacketStoreOptions,
    private readonly now: () => number = Date.now,
  ) {
    mkdirSync(o.dir, { recursive: true, mode: 0o750 });
    const rec = recoverStore(o.dir);
    this.st.indexEntriesRepaired = rec.repaired;
    for (const s of rec.segments) this.segments.push(this.segmentOf(s));
    this.match = new FullFlowMatcher(o.full.ips, o.full.ja4s);
    // Never append to a segment a previous run wrote: its tail may be torn.
    const last = rec.segments.at(-1);
    this.cur = this.segmentOf({ seq: (last?.seq ?? 0) + 1, bytes: 0, mtimeMs: this.now() });
    this.segments.push(this.cur);
    this.timer = setInterval(() => void this.flush(), o.flushMs);
    this.timer.unref();
  }

  private segmentOf(s: SegmentInfo): Segment {
    return {
      seq: s.seq,
      fh: null,
      pending: new Map(),
      bytes: s.bytes,
      mtimeMs: s.mtimeMs,
      queued: 0,
      created: false,
    };
  }

  stats(): PacketStoreStats {
    return {
      ...this.st,
      storeBytes: this.segments.reduce((a, s) => a + s.bytes, 0),
      segments: this.segments.length,
    };
  }

  packet(pkt: RawPacket, flow: TappedFlow, dir: 0 | 1): void {
    let c = flow.tap as ConnState | null;
    if (c === null) {
      const r = flow.record;
      c = {
        id: connectionId(r),
        stored: [0, 0],
        skipped: [0, 0, 0, 0],
        lost: 0,
        full: this.match.address(r.src) || this.match.address(r.dst),
        ended: false,
      };
      flow.tap = c;
    }
    const len = pkt.data.length;
    if (!c.full && c.stored[dir] + len > this.o.perDirectionBytes) {
      if (this.match.wantsJa4 && this.match.ja4(flow.record.ja4)) c.full = true;
      else {
        c.skipped[dir * 2]!++;
        c.skipped[dir * 2 + 1]! += len;
        this.st.packetsBeyondCap++;
        this.dirty.add(c);
        return;
      }
    }
    const size = RECORD_HEADER + len;
    if (this.closed || this.now() < this.diskBackoffUntil) {
      this.lose(c, 'disk');
      return;
    }
    if (this.st.queuedBytes + size > this.o.queueBytes) {
      this.lose(c, 'queue');
      return;
    }
    if (this.segPos > 0 && this.segPos + size > this.o.segmentBytes) this.rotate();
    let ch = this.chunk;
    if (ch === null || ch.used + size > ch.buf.length) {
      this.seal();
      ch = this.chunk = {
        seg: this.cur,
        pos: this.segPos,
        buf: Buffer.allocUnsafe(Math.max(CHUNK_BYTES, size)),
        used: 0,
        packets: 0,
        entries: new Map(),
      };
    }
    const b = ch.buf;
    const at = ch.used;
    b.writeUInt32LE(RECORD_MAGIC, at);
    b.writeUInt32LE(size, at + 4);
    b.writeUInt32LE(pkt.tsSec >>> 0, at + 8);
    b.writeUInt32LE(pkt.tsNsec >>> 0, at + 12);
    b.writeUInt32LE(pkt.origLen >>> 0, at + 16);
    b.writeUInt16LE(pkt.linkType & 0xffff, at + 20);
    b[at + 22] = dir;
    b[at + 23] = 0;
    b.set(pkt.data, at + RECORD_HEADER);
    ch.used += size;
    ch.packets++;
    const list = ch.entries.get(c);
    if (list === undefined) ch.entries.set(c, [ch.pos + at]);
    else list.push(ch.pos + at);
    this.segPos += size;
    this.st.queuedBytes += size;
    c.stored[dir] += len;
  }

  end(flow: TappedFlow): void {
    const c = flow.tap as ConnState | null;
    if (c === null) return;
    c.ended = true;
    this.dirty.add(c);
  }

  private lose(c: ConnState, why: 'queue' | 'disk'): void {
    if (why === 'queue') this.st.droppedQueueFull++;
    else this.st.droppedDisk++;
    c.lost++;
    this.dirty.add(c);
  }

  private rotate(): void {
    this.seal();
    this.cur = this.segmentOf({ seq: this.cur.seq + 1, bytes: 0, mtimeMs: this.now() });
    this.segments.push(this.cur);
    this.segPos = 0;
  }

  /** The open chunk goes to the write chain. */
  private seal(): void {
    const ch = this.chunk;
    this.chunk = null;
    if (ch === null || ch.used === 0) return;
    ch.seg.queued++;
    this.chain = this.chain.then(() => this.write(ch));
  }

  private async write(ch: Chunk): Promise<void> {
    const seg = ch.seg;
    try {
      seg.fh ??= await open(
        join(this.o.dir, `${segmentName(seg.seq)}.pkt`),
        seg.created ? 'r+' : 'wx',
        0o640,
      );
      seg.created = true;
      await seg.fh.write(ch.buf, 0, ch.used, ch.pos);
      seg.bytes += ch.used;
      seg.mtimeMs = this.now();
      for (const [c, offs] of ch.entries) {
        const list = seg.pending.get(c);
        if (list === undefined) seg.pending.set(c, offs);
        else list.push(...offs);
      }
      this.st.packetsStored += ch.packets;
      this.st.bytesStored += ch.used;
    } catch {
      // Disk full or an I/O error: these packets are lost to the store, never to capture.
      this.st.writeErrors++;
      this.st.droppedDisk += ch.packets;
      for (const [c, offs] of ch.entries) {
        c.lost += offs.length;
        this.dirty.add(c);
      }
      this.diskBackoffUntil = this.now() + DISK_BACKOFF_MS;
    } finally {
      this.st.queuedBytes -= ch.used;
      seg.queued--;
    }
  }

  /** Seals the open chunk, writes what is queued, then syncs and indexes it; applies cap and retention. */
  flush(): Promise<void> {
    this.seal();
    this.chain = this.chain.then(() => this.index()).then(() => this.trim());
    return this.chain;
  }

  private async index(): Promise<void> {
    const written = new Set<ConnState>();
    for (const seg of this.segments) {
      if (seg.pending.size === 0) continue;
      const entries = seg.pending;
      seg.pending = new Map();
      try {
        await seg.fh?.datasync();
        const lines = [...entries].map(([c, o]) => {
          written.add(c);
          return this.line(c, o);
        });
        await this.appendIndex(seg, lines.join(''));
      } catch {
        this.st.writeErrors++;
        for (const [c, offs] of entries) c.lost += offs.length;
      }
    }
    // Counters that changed without new packets (cap reached, connection ended).
    const rest = [...this.dirty].filter((c) => !written.has(c));
    this.dirty.clear();
    if (rest.length > 0) {
      try {
        await this.appendIndex(this.cur, rest.map((c) => this.line(c, [])).join(''));
      } catch {
        this.st.writeErrors++;
      }
    }
    // Segments behind the current one are complete: their files can close.
    for (const seg of this.segments) {
      if (seg !== this.cur && seg.fh !== null && seg.pending.size === 0 && seg.queued === 0) {
        await seg.fh.close().catch(() => undefined);
        seg.fh = null;
      }
    }
  }

  private line(c: ConnState, o: number[]): string {
    const l: IndexLine = { c: c.id, o };
    if (c.skipped[0] + c.skipped[2] > 0) l.s = [...c.skipped];
    if (c.lost > 0) l.l = c.lost;
    if (c.ended) l.e = 1;
    return `${JSON.stringify(l)}\n`;
  }

  private async appendIndex(seg: Segment, text: string): Promise<void> {
    if (text.length === 0) return;
    await appendFile(join(this.o.dir, `${segmentName(seg.seq)}.idx`), text, { mode: 0o640 });
    seg.bytes += Buffer.byteLength(text);
    seg.mtimeMs = this.now();
  }

  /** Size cap, then retention: the oldest segments go first (never the one being written). */
  private async trim(): Promise<void> {
    let total = this.segments.reduce((a, s) => a + s.bytes, 0);
    const maxAge = this.o.retentionHours * 3_600_000;
    while (this.segments.length > 1) {
      const oldest = this.segments[0]!;
      if (oldest === this.cur || oldest.fh !== null || oldest.pending.size > 0 || oldest.queued > 0)
        break;
      const overCap = total > this.o.maxBytes;
      const expired = maxAge > 0 && this.now() - oldest.mtimeMs > maxAge;
      if (!overCap && !expired) break;
      this.segments.shift();
      total -= oldest.bytes;
      if (overCap) this.st.segmentsDeletedCap++;
      else this.st.segmentsDeletedRetention++;
      this.st.bytesDeleted += oldest.bytes;
      for (const ext of ['pkt', 'idx'])
        await unlink(join(this.o.dir, `${segmentName(oldest.seq)}.${ext}`)).catch(() => undefined);
    }
  }

  /** Writes everything still queued and indexes it; the writer takes no more packets. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    await this.flush();
    for (const seg of this.segments) {
      await seg.fh?.close().catch(() => undefined);
      seg.fh = null;
    }
  }

  /** The current segment's size on disk (tests). */
  async currentSegmentSize(): Promise<number> {
    return (await stat(join(this.o.dir, `${segmentName(this.cur.seq)}.pkt`))).size;
  }
}
