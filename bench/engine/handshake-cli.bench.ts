// Issue 22: `ja4ws fingerprint` as a whole process on handshake-heavy traffic, against Debian
// tshark's JA3 pass over the same file in the same run, and the CLI's start-up.
//   node --import tsx bench/engine/handshake-cli.bench.ts [runs=5] [repeat=200]
// The file: the reference tls-handshake.pcapng (TCP and QUIC handshakes) converted with
// `editcap -F pcap`, repeated `repeat` times by /work/shared/tools/make-bench-pcap.py (every copy a
// new set of flows). The commands run in turn (A B C A B C ...) after one warm-up each: ours, ours
// with `--threads 2` (the 1 -> 2 core scaling; one thread under 80 MB, cli/thread-plan.ts),
// tshark; wall, CPU and peak RSS come from /usr/bin/time; the ratio is tshark's wall over ours,
// pair by pair. Runs the installed entry
// point bin/ja4ws.js (the bundle and its code cache in dist/): rebuilt first when a source file
// is newer. Wall-clock ratios mean something only on an otherwise idle machine: give the load.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  median,
  onceFile,
  OURS,
  OUT,
  reportBench,
  row,
  startBench,
  timed,
  type Run,
} from './handshake-file.js';

const { runs, file, load0 } = startBench('handshake-cli', 200);
const first = join(OUT, 'tls-handshake-1packet.pcap');
if (!existsSync(first))
  execFileSync('editcap', ['-F', 'pcap', '-r', onceFile(), first, '1'], { stdio: 'ignore' });

const ours = OURS;
const ours2 = [...ours, '--threads', '2'];
const tshark = [
  'tshark',
  '-r',
  file,
  '-Y',
  'tls.handshake.type==1',
  '-T',
  'fields',
  '-e',
  'tls.handshake.ja3',
];
timed([...ours, file]);
timed([...ours2, file]);
timed(tshark);
const a: Run[] = [];
const c: Run[] = [];
const b: Run[] = [];
for (let i = 0; i < runs; i++) {
  a.push(timed([...ours, file]));
  c.push(timed([...ours2, file]));
  b.push(timed(tshark));
}
// Start-up, and Node's own (`node -e 0`) beside it. With NODE_EXTRA_CA_CERTS set (this machine
// sets it for every process) Node 20 parses that CA bundle before any JavaScript runs: ~90 ms
// here, more than the whole of our start-up. So both are measured, with the environment as it is
// and without that variable; `ja4ws fingerprint` itself makes no TLS connection.
const bare = { ...process.env };
delete bare['NODE_EXTRA_CA_CERTS'];
const extraCa = process.env['NODE_EXTRA_CA_CERTS'] !== undefined;
const startup: Run[] = [];
const startupBare: Run[] = [];
const nodeAlone: Run[] = [];
const nodeAloneBare: Run[] = [];
timed([...ours, first]);
for (let i = 0; i < runs; i++) {
  startup.push(timed([...ours, first]));
  nodeAlone.push(timed(['node', '-e', '0']));
  if (!extraCa) continue;
  startupBare.push(timed([...ours, first], bare));
  nodeAloneBare.push(timed(['node', '-e', '0'], bare));
}
const ratios = a.map((r, i) => (b[i] as Run).wall / r.wall);
const result = {
  bench: 'handshake_cli_vs_tshark',
  date: new Date().toISOString(),
  file: `${file.split('/').pop()} ${(statSync(file).size / 1e6).toFixed(1)} MB`,
  runs,
  ours: { ...row(a), records: a[0]?.lines },
  tshark: { ...row(b), clienthellos: b[0]?.lines },
  ours_threads_2: { ...row(c), records: c[0]?.lines },
  scaling_1_to_2_threads_wall: Number(
    (median(a.map((r) => r.wall)) / median(c.map((r) => r.wall))).toFixed(2),
  ),
  ratio_wall_median: Number(median(ratios).toFixed(2)),
  ratio_wall_min_max: [Math.min(...ratios), Math.max(...ratios)].map((x) => Number(x.toFixed(2))),
  target: '>= 5x (10x aim), peak RSS <= 150 MB',
  startup_one_packet: row(startup),
  node_e_0: row(nodeAlone),
  ...(extraCa
    ? {
        startup_one_packet_without_NODE_EXTRA_CA_CERTS: row(startupBare),
        node_e_0_without_NODE_EXTRA_CA_CERTS: row(nodeAloneBare),
      }
    : {}),
  startup_target: '<= 0.1 s, <= 80 MB',
};
reportBench('handshake-cli', result, load0);
