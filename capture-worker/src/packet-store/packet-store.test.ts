import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync } from 'node:fs';
import { appendFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionRecord } from '../../../common/events/connection.js';
import { connectionId } from '../../../common/events/connection-id.js';
import type { TappedFlow } from '../engine/packet-tap.js';
import { parseIndexLine, RECORD_HEADER } from './format.js';
import { PacketStoreOptions, type PacketStoreOptionsInput } from './options.js';
import { lookupStored, readStored } from './reader.js';
import { PacketStoreWriter } from './writer.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'ja4ws-pstore-'));
  dirs.push(d);
  return d;
}

function flow(n: number, extra: Partial<ConnectionRecord> = {}): TappedFlow {
  return {
    record: {
      ts_us: 1_700_000_000_000_000 + n,
      stream: n,
      transport: 'tcp',
      src: `10.0.${(n >> 8) & 255}.${n & 255}`,
      src_port: 40000 + (n % 20000),
      dst: '192.0.2.1',
      dst_port: 443,
      ...extra,
    },
    tap: null,
  };
}

/** A packet whose bytes say which connection, direction and sequence it is. */
function pkt(n: number, dir: number, i: number, len: number) {
  const data = new Uint8Array(len);
  for (let k = 0; k < len; k++) data[k] = (n * 7 + dir * 13 + i * 3 + k) & 255;
  return { tsSec: 1_700_000_000 + i, tsNsec: i * 1000, linkType: 1, origLen: len + 5, data };
}

function writer(dir: string, o: PacketStoreOptionsInput = {}, now?: () => number) {
  return new PacketStoreWriter(PacketStoreOptions.parse({ dir, flushMs: 60_000, ...o }), now);
}

async function fetchConn(dir: string, f: TappedFlow) {
  const id = connectionId(f.record);
  const c = (await lookupStored([dir], new Set([id]))).get(id);
  return c ? { c, ...(await readStored(c)) } : undefined;
}

describe('packet store: per-connection cap', () => {
  it('keeps the first perDirectionBytes of each direction and counts the rest', async () => {
    const dir = tmp();
    const w = writer(dir, { perDirectionBytes: 4000 });
    const f = flow(1);
    for (let i = 0; i < 10; i++) {
      w.packet(pkt(1, 0, i, 1000), f, 0);
      w.packet(pkt(1, 1, i, 500), f, 1);
    }
    w.end(f);
    await w.close();
    const got = await fetchConn(dir, f);
    // Direction 0: 4 x 1000 fit; direction 1: 8 x 500.
    expect(got?.packets.filter((p) => p.dir === 0)).toHaveLength(4);
    expect(got?.packets.filter((p) => p.dir === 1)).toHaveLength(8);
    expect(got?.c.skipped).toEqual([6, 6000, 2, 1000]);
    expect(got?.c.ended).toBe(true);
    expect(got?.missing).toBe(0);
    // The bytes are the ones sent, in order.
    const d0 = got!.packets.filter((p) => p.dir === 0);
    d0.forEach((p, i) =>
      expect(Buffer.from(p.data).equals(Buffer.from(pkt(1, 0, i, 1000).data))).toBe(true),
    );
    expect(d0[2]?.origLen).toBe(1005);
    expect(w.stats().packetsBeyondCap).toBe(8);
  });

  it('keeps whole flows of chosen addresses, CIDR blocks and JA4s', async () => {
    const dir = tmp();
    const w = writer(dir, {
      perDirectionBytes: 1000,
      full: { ips: ['10.0.0.2', '10.0.1.0/24'], ja4s: ['t13d1516h2_8daaf6152771_e5627efa2ab1'] },
    });
    const byIp = flow(2);
    const byCidr = flow(256 + 9);
    const byJa4 = flow(3);
    const plain = flow(4);
    for (let i = 0; i < 5; i++) {
      if (i === 1) byJa4.record.ja4 = 't13d1516h2_8daaf6152771_e5627efa2ab1';
      for (const [n, f] of [
        [2, byIp],
        [265, byCidr],
        [3, byJa4],
        [4, plain],
      ] as const)
        w.packet(pkt(n, 0, i, 800), f, 0);
    }
    await w.close();
    expect((await fetchConn(dir, byIp))?.packets).toHaveLength(5);
    expect((await fetchConn(dir, byCidr))?.packets).toHaveLength(5);
    expect((await fetchConn(dir, byJa4))?.packets).toHaveLength(5);
    expect((await fetchConn(dir, plain))?.packets).toHaveLength(1);
  });
});

describe('packet store: size cap and retention', () => {
  it('deletes the oldest segments beyond maxBytes, counted; recent connections stay whole', async () => {
    const dir = tmp();
    const MiB = 1024 * 1024;
    const w = writer(dir, { maxBytes: 4 * MiB, segmentBytes: 512 * 1024 });
    const flows = Array.from({ length: 300 }, (_, n) => flow(n));
    // 300 connections x 20 packets x 1000 bytes ~ 6.1 MB of records: over the 4 MiB cap.
    for (const [n, f] of flows.entries()) {
      for (let i = 0; i < 20; i++) w.packet(pkt(n, i & 1, i, 1000), f, (i & 1) as 0 | 1);
      if (n % 25 === 24) await w.flush();
    }
    await w.close();
    const s = w.stats();
    expect(s.segmentsDeletedCap).toBeGreaterThan(0);
    const onDisk = readdirSync(dir).reduce((a, f) => a + statSync(join(dir, f)).size, 0);
    expect(onDisk).toBeLessThanOrEqual(4 * MiB);
    expect(s.storeBytes).toBe(onDisk);
    expect(s.bytesDeleted + onDisk).toBeGreaterThan(6 * 1000 * 1000);
    const first = await fetchConn(dir, flows[0]!);
    const lastGot = await fetchConn(dir, flows[299]!);
    expect(first?.packets ?? []).toHaveLength(0);
    expect(lastGot?.packets).toHaveLength(20);
    expect(lastGot?.missing).toBe(0);
  });

  it('deletes segments older than the retention, counted', async () => {
    const dir = tmp();
    let clock = 1_000_000;
    const w = writer(dir, { retentionHours: 1, segmentBytes: 64 * 1024 }, () => clock);
    const old = flow(1);
    for (let i = 0; i < 100; i++) w.packet(pkt(1, 0, i, 1000), old, 0);
    await w.flush();
    clock += 2 * 3_600_000;
    const fresh = flow(2);
    for (let i = 0; i < 100; i++) w.packet(pkt(2, 0, i, 1000), fresh, 0);
    await w.flush();
    await w.close();
    expect(w.stats().segmentsDeletedRetention).toBeGreaterThan(0);
    expect((await fetchConn(dir, fresh))?.packets.length).toBeGreaterThan(0);
    // What survives of the old connection is only what shares a segment with the fresh one.
    expect((await fetchConn(dir, old))?.packets.length ?? 0).toBeLessThan(100);
  });
});

describe('packet store: never in the way of capture', () => {
  it('a full queue drops packets from the store, counted, and says so per connection', async () => {
    const dir = tmp();
    const w = writer(dir, { queueBytes: 64 * 1024, perDirectionBytes: 1 << 30 });
    const f = flow(1);
    // Synchronous pushes: nothing is written meanwhile, so the 64 KiB queue must overflow.
    for (let i = 0; i < 200; i++) w.packet(pkt(1, 0, i, 1000), f, 0);
    await w.close();
    const s = w.stats();
    const fit = Math.floor((64 * 1024) / (1000 + RECORD_HEADER));
    expect(s.packetsStored).toBe(fit);
    expect(s.droppedQueueFull).toBe(200 - fit);
    expect((await fetchConn(dir, f))?.c.lost).toBe(200 - fit);
  });

  it('a failing disk drops packets from the store, counted, without throwing', async () => {
    const dir = tmp();
    const w = writer(dir);
    // The segment's path is taken (as if the disk refused the file): every write fails.
    mkdirSync(join(dir, 'seg-0000000001.pkt'));
    const f = flow(1);
    for (let i = 0; i < 10; i++) w.packet(pkt(1, 0, i, 100), f, 0);
    await w.close();
    expect(w.stats().droppedDisk).toBe(10);
    expect(w.stats().writeErrors).toBeGreaterThan(0);
    expect(w.stats().packetsStored).toBe(0);
  });
});

describe('packet store: rotation while writes are behind', () => {
  it('flushes that run while later segments fill lose nothing (a closed segment is never reopened)', async () => {
    const dir = tmp();
    const w = writer(dir, { segmentBytes: 64 * 1024, perDirectionBytes: 1 << 30 });
    const flows = Array.from({ length: 40 }, (_, n) => flow(n));
    const pending: Promise<void>[] = [];
    for (const [n, f] of flows.entries()) {
      for (let i = 0; i < 10; i++) w.packet(pkt(n, 0, i, 1000), f, 0);
      // Not awaited: the index step runs while the next segments are already being filled.
      if (n % 3 === 0) pending.push(w.flush());
    }
    await Promise.all(pending);
    await w.close();
    expect(w.stats()).toMatchObject({ droppedDisk: 0, writeErrors: 0, packetsStored: 400 });
    for (const f of flows) expect((await fetchConn(dir, f))?.packets).toHaveLength(10);
  });
});

describe('packet store: crash mid-write', () => {
  it('a truncated segment: the index never points at missing bytes after recovery', async () => {
    const dir = tmp();
    const w = writer(dir, { perDirectionBytes: 1 << 30 });
    const flows = [flow(1), flow(2), flow(3)];
    for (let i = 0; i < 30; i++)
      for (const [n, f] of flows.entries()) w.packet(pkt(n, 0, i, 700), f, 0);
    await w.close();
    const seg = join(dir, 'seg-0000000001.pkt');
    const size = statSync(seg).size;
    // Cut in the middle of a record, two thirds in: as if the disk lost the file's tail.
    const cut = Math.floor((size * 2) / 3) + 100;
    truncateSync(seg, cut);
    // A torn last index line too (the process died while appending it).
    appendFileSync(join(dir, 'seg-0000000001.idx'), '{"c":"10.0.0.1|40001|192.0.2.1|443|1');

    const again = writer(dir);
    await again.close();
    expect(again.stats().indexEntriesRepaired).toBeGreaterThan(0);
    const lines = readFileSync(join(dir, 'seg-0000000001.idx'), 'utf8').split('\n').filter(Boolean);
    for (const raw of lines) {
      const l = parseIndexLine(raw);
      expect(l).not.toBeNull();
      for (const o of l!.o) expect(o + RECORD_HEADER + 700).toBeLessThanOrEqual(cut);
    }
    // Every packet the index still names reads back whole and equal to what was sent.
    let total = 0;
    for (const [n, f] of flows.entries()) {
      const got = await fetchConn(dir, f);
      expect(got?.missing).toBe(0);
      got?.packets.forEach((p, i) =>
        expect(Buffer.from(p.data).equals(Buffer.from(pkt(n, 0, i, 700).data))).toBe(true),
      );
      total += got?.packets.length ?? 0;
    }
    expect(total).toBe(Math.floor(cut / (700 + RECORD_HEADER)));
    // The next run writes a new segment, never after the torn tail.
    expect(readdirSync(dir).filter((f) => f.endsWith('.pkt'))).toEqual(['seg-0000000001.pkt']);
  });
});
