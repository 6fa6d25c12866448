// Issue 22: the whole engine per core on handshake-heavy traffic, as the engine runs it (decode,
// flows, TCP reassembly, QUIC Initial decryption; JA4 with its variants, JA3, JA4S, JA4X, JA4L,
// JA4T): ClientHello connections per CPU-second.
//   node --import tsx bench/engine/handshake-engine.bench.ts [seconds=5]
// Input (handshake-rounds.ts): the reference tls-handshake.pcapng (64 TCP and 20 QUIC
// ClientHellos in 193 packets), held in memory; each round is a new engine over the packets with
// every IP address and client port moved (as make-bench-pcap.py does), so no flow carries over.
// Two figures: `cold` empties every fingerprint memo (CODE.md "Memo") before every round (nothing
// carried across rounds beyond what one capture repeats itself); `warm` keeps them, as a long
// run does.
import { cpus, loadavg } from 'node:os';
import { createEngine } from '../../capture-worker/src/engine/engine.js';
import { ja3ListMemo } from '../../capture-worker/src/fingerprint/ja3.js';
import { ja4ListMemo } from '../../capture-worker/src/fingerprint/ja4.js';
import { ja4sMemo } from '../../capture-worker/src/fingerprint/ja4s.js';
import { ja4xDigestMemo, ja4xMemo } from '../../capture-worker/src/fingerprint/ja4x.js';
import type { RawPacket } from '../../capture-worker/src/pcap/packet.js';
import { handshakeRounds, referenceCapture } from './handshake-rounds.js';

const seconds = Number(process.argv[2] ?? 5);
const { base, copies } = await handshakeRounds(referenceCapture('handshake-engine bench'));

function round(pkts: RawPacket[]): number {
  let hellos = 0;
  const e = createEngine({
    onRecord: (r) => {
      if (r.ja4 !== undefined) hellos += 1 + (r.ja4_additional?.length ?? 0);
    },
  });
  for (const p of pkts) e.push(p);
  e.finish();
  return hellos;
}

function measure(cold: boolean): { perCpuS: number; perWallS: number; hellos: number } {
  let k = 0;
  const warmEnd = performance.now() + 1000;
  while (performance.now() < warmEnd) round(copies[k++ % copies.length] as RawPacket[]);
  let hellos = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  while (performance.now() < end) {
    if (cold) {
      ja4ListMemo.clear();
      ja4sMemo.clear();
      ja3ListMemo.clear();
      ja4xMemo.clear();
      ja4xDigestMemo.clear();
    }
    hellos += round(copies[k++ % copies.length] as RawPacket[]);
  }
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1e6;
  return {
    perCpuS: Math.round(hellos / cpu),
    perWallS: Math.round(hellos / ((performance.now() - t0) / 1000)),
    hellos,
  };
}

const load0 = loadavg()[0];
const cold = measure(true);
const warm = measure(false);
console.log(
  JSON.stringify({
    bench: 'engine_clienthello_connections',
    cold_per_cpu_s: cold.perCpuS,
    cold_per_wall_s: cold.perWallS,
    warm_per_cpu_s: warm.perCpuS,
    warm_per_wall_s: warm.perWallS,
    hellos_per_round: round(base),
    target_per_s: 300000,
    loadavg_1m: [load0, loadavg()[0]],
    note: 'CPU time of this process (GC helper threads included); one core, shared machine',
    node: process.version,
    cpu: cpus()[0]?.model,
    nproc: cpus().length,
    date: new Date().toISOString(),
  }),
);
