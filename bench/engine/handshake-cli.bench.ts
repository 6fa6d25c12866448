// Issue 22: `ja4ws fingerprint` as a whole process on handshake-heavy traffic, against Debian
// tshark's JA3 pass over the same file in the same run, and the CLI's start-up.
//   node --import tsx bench/engine/handshake-cli.bench.ts [runs=5] [repeat=200]
// The file: the reference tls-handshake.pcapng (TCP and QUIC handshakes) converted with
// `editcap -F pcap`, repeated `repeat` times by /work/shared/tools/make-bench-pcap.py (every copy a
// new set of flows). The commands run in turn (A B C A B C ...) after one warm-up each: ours, ours
// with `--threads 2` (the 1 -> 2 core scaling), tshark; wall, CPU and peak RSS come from
// /usr/bin/time; the ratio is tshark's wall over ours, pair by pair. Runs the installed entry
// point bin/ja4ws.js (the bundle and its code cache in dist/): rebuilt first when a source file
// is newer. Wall-clock ratios mean something only on an otherwise idle machine: give the load.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../..');
const REF = join(
  process.env.JA4WS_REFERENCE_DIR ?? join(ROOT, '../shared/testdata/ja4-reference'),
  'pcap',
);
const MAKE = '/work/shared/tools/make-bench-pcap.py';
if (!existsSync(join(REF, 'tls-handshake.pcapng')) || !existsSync(MAKE)) {
  console.error(`handshake-cli bench: needs ${REF}/tls-handshake.pcapng and ${MAKE}`);
  process.exit(2);
}
const runs = Number(process.argv[2] ?? 5);
const repeat = Number(process.argv[3] ?? 200);
const OUT = join(ROOT, 'bench/out/engine');
mkdirSync(OUT, { recursive: true });

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p));
    else if (e.name.endsWith('.ts')) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}
const entry = join(ROOT, 'dist/cli/fingerprint.cjs');
const srcTime = Math.max(newest(join(ROOT, 'capture-worker/src')), newest(join(ROOT, 'main/cli')));
if (!existsSync(entry) || statSync(entry).mtimeMs < srcTime) {
  console.log('building dist/ (npm run build:node) ...');
  execFileSync('npm', ['run', 'build:node'], { cwd: ROOT, stdio: 'ignore' });
}

const one = join(OUT, 'tls-handshake.pcap');
if (!existsSync(one))
  execFileSync('editcap', ['-F', 'pcap', join(REF, 'tls-handshake.pcapng'), one], {
    stdio: 'ignore',
  });
const file = join(OUT, `tls-handshake-x${repeat}.pcap`);
if (!existsSync(file)) execFileSync('/usr/bin/python3', [MAKE, file, String(repeat), one]);
const first = join(OUT, 'tls-handshake-1packet.pcap');
if (!existsSync(first))
  execFileSync('editcap', ['-F', 'pcap', '-r', one, first, '1'], { stdio: 'ignore' });

interface Run {
  wall: number;
  cpu: number;
  rssMb: number;
  lines: number;
}

/** One run under /usr/bin/time; stdout is counted in lines and dropped. */
function timed(cmd: string[], env: NodeJS.ProcessEnv = process.env): Run {
  const fmt = join(OUT, 'time.txt');
  const r = spawnSync('/usr/bin/time', ['-o', fmt, '-f', '%e %U %S %M', ...cmd], {
    maxBuffer: 1 << 30,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    timeout: 300_000,
    env,
  });
  const [e, u, s, m] = (
    execFileSync('tail', ['-1', fmt], { encoding: 'utf8' }).trim().split(' ') as string[]
  ).map(Number) as [number, number, number, number];
  return { wall: e, cpu: u + s, rssMb: m / 1024, lines: (r.stdout ?? '').split('\n').length - 1 };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1] as number;
};
const ours = ['node', join(ROOT, 'bin/ja4ws.js'), 'fingerprint', '-q', '--format', 'jsonl'];
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
const load0 = loadavg()[0] as number;
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
const row = (rs: Run[]) => ({
  wall_s: median(rs.map((r) => r.wall)),
  cpu_s: Number(median(rs.map((r) => r.cpu)).toFixed(2)),
  peak_rss_mb: Math.round(median(rs.map((r) => r.rssMb))),
});
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
  loadavg_1m: [load0, loadavg()[0]],
  nproc: cpus().length,
  cpu: cpus()[0]?.model,
  node: process.version,
  note: 'machine shared with other engineers: medians of runs in turn',
};
console.log(JSON.stringify(result));
writeFileSync(join(OUT, 'handshake-cli.json'), JSON.stringify(result, null, 2));
