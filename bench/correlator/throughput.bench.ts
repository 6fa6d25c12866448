// Events per second through the correlator on one core: handshakes and requests in event-time
// order (as a live feed delivers them), every request joined, JA4H computed from its headers.
// Run twice: as is (one header set: keep-alive clients and fleets repeat theirs, and JA4H is
// memoised) and with UNIQUE_COOKIES=1 (every connection's JA4H differs: the hashing worst case).
// Events are built slice by slice outside the timed region (building is ingest's cost, not the
// correlator's) and dropped after feeding, so the heap holds what a live process holds.
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { Correlator } from '../../correlation-worker/src/correlate/correlator.js';
import { machine, trafficSlice } from './events.js';

const CONNS = Number(process.env.CONNS ?? 200_000);
const SLICE = 5_000;

/**
 * CPU seconds of the main thread alone (utime + stime of /proc/self/task/<pid>): the "one core"
 * the correlator runs on. process.cpuUsage() also counts V8's GC helper threads, which run on the
 * other core.
 */
function mainThreadCpu(): number {
  const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / 100; // fields 14 and 15, in USER_HZ (100/s)
}

interface Result {
  events: number;
  wall: number;
  cpu: number;
  mainCpu: number;
  out: number;
  stats: Correlator['stats'];
}

function run(ja4h: boolean, conns: number): Result {
  let out = 0;
  const c = new Correlator(() => out++, { ja4h });
  let wall = 0;
  let cpu = 0;
  let events = 0;
  let mainCpu = 0;
  for (let i = 0; i < conns; i += SLICE) {
    const slice = trafficSlice(i, Math.min(conns, i + SLICE), 20_000);
    events += slice.length;
    const c0 = process.cpuUsage();
    const m0 = mainThreadCpu();
    const t0 = process.hrtime.bigint();
    for (const e of slice) {
      if (e.hs) c.addHandshake(e.hs);
      else c.addRequest(e.req);
    }
    if (i + SLICE >= conns) c.flush();
    wall += Number(process.hrtime.bigint() - t0) / 1e9;
    mainCpu += mainThreadCpu() - m0;
    const d = process.cpuUsage(c0);
    cpu += (d.user + d.system) / 1e6;
  }
  return { events, wall, cpu, mainCpu, out, stats: c.stats };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
console.log(
  `correlator throughput: ${CONNS} connections with 1-4 requests each, ${process.env.UNIQUE_COOKIES === '1' ? 'a distinct cookie (so a distinct JA4H) per connection' : 'one browser header set'}; ${machine()}, ${cpus()[0]?.model}, ${cpus().length} cores shared with other work`,
);
run(true, 20_000); // warm-up
for (const ja4h of [true, false]) {
  const rs = [run(ja4h, CONNS), run(ja4h, CONNS)];
  const best = rs.sort((a, b) => b.events / b.wall - a.events / a.wall)[0] as Result;
  console.log(
    `  ja4h=${ja4h}: ${fmt(best.events / best.wall)} events/s wall, ${fmt(best.events / best.mainCpu)} events per main-thread CPU-second (the one core), ${fmt(best.events / best.cpu)} per process CPU-second incl. GC helper threads (best of 2, ${fmt(best.events)} events); matched ${best.stats.matched}, out ${best.out}`,
  );
}
