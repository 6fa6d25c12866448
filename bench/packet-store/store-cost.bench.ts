// Issue 24: what the packet store costs per 1,000 connections/s. The same packets go through the
// capture engine twice, without and with the live store's writer (default options: first 64 KiB
// per direction, 64 MiB segments, index flushed every second), and the difference in process CPU
// (main thread + libuv's write threads: process.cpuUsage) is the store's CPU cost; the bytes it
// left on disk (segments + indexes) are its disk cost.
//   node --import tsx bench/packet-store/store-cost.bench.ts [rounds=200] [capture=tls-clients.pcap]
// Input: a committed capture of real TLS clients (capture-worker/test-fixtures/captures), held in
// memory; each round is a new engine over it (no flow carries over), so a round is that capture's
// connections again. The store's directory is on the same disk as the data directory would be.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '../../capture-worker/src/engine/engine.js';
import { PacketStoreOptions } from '../../capture-worker/src/packet-store/options.js';
import { PacketStoreWriter } from '../../capture-worker/src/packet-store/writer.js';
import type { RawPacket } from '../../capture-worker/src/pcap/packet.js';
import { forEachPacket } from '../../capture-worker/src/pcap/read-file.js';
import { capturePath } from '../../capture-worker/test-fixtures/captures.js';

const rounds = Number(process.argv[2] ?? 200);
const capture = process.argv[3] ?? 'tls-clients.pcap';
const packets: RawPacket[] = [];
await forEachPacket(capturePath(capture), (p) =>
  packets.push({ ...p, data: Uint8Array.from(p.data) }),
);
const bytesIn = packets.reduce((a, p) => a + p.data.length, 0);

/** A live link gives the writer's threads time between packets: rounds wait while the queue is over half full. */
async function run(
  tap?: PacketStoreWriter,
  pace = true,
): Promise<{ conns: number; cpuUs: number }> {
  let conns = 0;
  const t0 = process.cpuUsage();
  for (let r = 0; r < rounds; r++) {
    if (tap && pace)
      for (let i = 0; i < 1000 && tap.stats().queuedBytes > 8 * 1024 * 1024; i++)
        await new Promise((res) => setTimeout(res, 1));
    const e = createEngine({
      ja4plus: true,
      early: true,
      onRecord: (rec) => {
        if (rec.phase !== 'final') conns++;
      },
      ...(tap ? { packetTap: tap } : {}),
    });
    for (const p of packets) e.push(p);
    e.finish();
  }
  const d = process.cpuUsage(t0);
  return { conns, cpuUs: d.user + d.system };
}

await run(); // warm-up: JIT, memos
const base = await run();
const dir = mkdtempSync(join(tmpdir(), 'ja4ws-store-bench-'));
const w = new PacketStoreWriter(PacketStoreOptions.parse({ dir }));
const t0 = process.cpuUsage();
const withStore = await run(w);
await w.close();
const d = process.cpuUsage(t0);
const storeCpuUs = d.user + d.system;
const disk = readdirSync(dir).reduce((a, f) => a + statSync(join(dir, f)).size, 0);
const s = w.stats();
rmSync(dir, { recursive: true, force: true });
// A burst with no pause at all (the engine never yields): the bounded queue drops from the store.
const dir2 = mkdtempSync(join(tmpdir(), 'ja4ws-store-bench-'));
const w2 = new PacketStoreWriter(PacketStoreOptions.parse({ dir: dir2 }));
const burst = await run(w2, false);
await w2.close();
const s2 = w2.stats();
rmSync(dir2, { recursive: true, force: true });

const perConnBase = base.cpuUs / base.conns;
const perConnStore = storeCpuUs / withStore.conns;
const extra = perConnStore - perConnBase;
const diskPerConn = disk / withStore.conns;
const fmt = (n: number, d = 1) => n.toFixed(d);
console.log(
  `packet store cost (${capture} x ${rounds}: ${withStore.conns} connections, ${packets.length * rounds} packets, ${fmt((bytesIn * rounds) / 1e6)} MB captured)`,
);
console.log(`  engine alone:      ${fmt(perConnBase)} µs CPU per connection`);
console.log(
  `  engine + store:    ${fmt(perConnStore)} µs CPU per connection (writes and fsyncs included)`,
);
console.log(
  `  store's share:     ${fmt(extra)} µs per connection -> ${fmt((extra * 1000) / 1e4, 2)} % of one core at 1,000 connections/s`,
);
console.log(
  `  disk:              ${fmt(diskPerConn / 1024, 2)} KiB per connection -> ${fmt((diskPerConn * 1000) / 1e6, 2)} MB/s, ${fmt((diskPerConn * 1000 * 86400) / 1e9, 0)} GB/day at 1,000 connections/s`,
);
console.log(
  `  stored ${s.packetsStored} packets, beyond cap ${s.packetsBeyondCap}, dropped (queue ${s.droppedQueueFull}, disk ${s.droppedDisk}), index repaired ${s.indexEntriesRepaired}`,
);
console.log(
  `  burst without pause: ${fmt(burst.cpuUs / burst.conns)} µs per connection; store kept ${s2.packetsStored}, dropped ${s2.droppedQueueFull} (queue full), every record still emitted: ${burst.conns === withStore.conns}`,
);
console.log(
  `  load ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')} on ${cpus().length} cores`,
);
