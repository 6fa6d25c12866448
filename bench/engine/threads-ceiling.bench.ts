// Issue 22, "use the second core": `ja4ws fingerprint --threads 2` against what two cores can give
// this workload on this machine at best, measured in the same run:
//   node --import tsx bench/engine/threads-ceiling.bench.ts [runs=5] [repeat=1000]
// The file is the handshake-cli bench's (the reference capture repeated `repeat` times). Its packets
// are split once into two files by the route `--threads 2` uses (cli/parallel/route.ts), written
// with the packet store's pcapng writer. Then in turn (A B C A B C ...), after one warm-up each:
//   A  one process, one thread, on the whole file;
//   B  one process, `--threads 2`, on the whole file;
//   C  two processes at once, each on its half: no routing, no merge, no text crossing threads,
//      no second V8 sharing the first one's helper threads. The best a two-way split can do.
// Scaling is A's wall over B's (and over C's), pair by pair; the halves' records must add up to the
// whole file's. B is what a user gets: under 80 MB of input `--threads 2` runs one thread
// (cli/thread-plan.ts), so on the x200 file (39 MB) B is A again. Wall-clock ratios mean something only on an otherwise idle machine: give the load.
import { closeSync, existsSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { workerOf } from '../../capture-worker/src/cli/parallel/route.js';
import { PcapngWriter } from '../../capture-worker/src/pcap/pcapng-writer.js';
import { forEachPacket } from '../../capture-worker/src/pcap/read-file.js';
import * as hs from './handshake-file.js';

const { runs, repeat, file, load0 } = hs.startBench('threads-ceiling', 1000);

const halves = [0, 1].map((i) => join(hs.OUT, `tls-handshake-x${repeat}-half${i}.pcapng`));
if (!halves.every((h) => existsSync(h))) {
  const fds = halves.map((h) => openSync(h, 'w'));
  const writers = fds.map((fd) => new PcapngWriter((b) => writeSync(fd, b)));
  await forEachPacket(file, (p) =>
    (writers[workerOf(p.linkType, p.data, 2)] as PcapngWriter).packet(p),
  );
  fds.forEach((fd) => closeSync(fd));
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const one = [...hs.OURS, file];
const two = [...hs.OURS, '--threads', '2', file];
const pair = [
  'bash',
  '-c',
  halves.map((h) => [...hs.OURS, h].map(shellQuote).join(' ')).join(' & ') + '; wait',
];
hs.timed(one);
hs.timed(two);
hs.timed(pair);
const a: hs.Run[] = [];
const b: hs.Run[] = [];
const c: hs.Run[] = [];
for (let i = 0; i < runs; i++) {
  a.push(hs.timed(one));
  b.push(hs.timed(two));
  c.push(hs.timed(pair));
}
const records = a[0]?.lines ?? 0;
if (b.some((r) => r.lines !== records) || c.some((r) => r.lines !== records)) {
  console.error(
    `threads-ceiling bench: records differ: one thread ${records}, --threads 2 ${b.map((r) => r.lines)}, halves ${c.map((r) => r.lines)}`,
  );
  process.exit(1);
}
const byPairs = (xs: hs.Run[]) => {
  const rs = a.map((r, i) => r.wall / (xs[i] as hs.Run).wall);
  return {
    median: Number(hs.median(rs).toFixed(2)),
    min_max: [Math.min(...rs), Math.max(...rs)].map((x) => Number(x.toFixed(2))),
  };
};
const result = {
  bench: 'threads_ceiling',
  date: new Date().toISOString(),
  file: file.split('/').pop(),
  runs,
  records,
  one_thread: hs.row(a),
  threads_2: hs.row(b),
  two_processes_on_halves: { ...hs.row(c), peak_rss_mb_is: 'the larger process' },
  scaling_threads_2_wall: byPairs(b),
  ceiling_two_processes_wall: byPairs(c),
  target: '--threads 2 >= 1.8x one thread',
};
hs.reportBench('threads-ceiling', result, load0);
