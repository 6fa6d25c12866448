// What the whole-process handshake benches share (handshake-cli, threads-ceiling): the benchmark
// file, the installed entry point built from the current sources, and one run under /usr/bin/time.
// The file: the reference tls-handshake.pcapng (TCP and QUIC handshakes) converted with
// `editcap -F pcap`, repeated `repeat` times by /work/shared/tools/make-bench-pcap.py (every copy a
// new set of flows).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '../..');
export const OUT = join(ROOT, 'bench/out/engine');
const REF = join(
  process.env.JA4WS_REFERENCE_DIR ?? join(ROOT, '../shared/testdata/ja4-reference'),
  'pcap',
);
const MAKE = '/work/shared/tools/make-bench-pcap.py';

/** Exits with a message when the reference capture or the generator is not beside the project. */
export function needInputs(bench: string): void {
  if (existsSync(join(REF, 'tls-handshake.pcapng')) && existsSync(MAKE)) return;
  console.error(`${bench} bench: needs ${REF}/tls-handshake.pcapng and ${MAKE}`);
  process.exit(2);
}

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p));
    else if (e.name.endsWith('.ts')) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

/** Rebuilds dist/ (the bundle bin/ja4ws.js runs) when a source file is newer than it. */
export function buildIfStale(): void {
  const entry = join(ROOT, 'dist/cli/fingerprint.cjs');
  const srcTime = Math.max(
    newest(join(ROOT, 'capture-worker/src')),
    newest(join(ROOT, 'main/cli')),
  );
  if (existsSync(entry) && statSync(entry).mtimeMs >= srcTime) return;
  console.log('building dist/ (npm run build:node) ...');
  execFileSync('npm', ['run', 'build:node'], { cwd: ROOT, stdio: 'ignore' });
}

/** The capture as classic pcap, once. */
export function onceFile(): string {
  mkdirSync(OUT, { recursive: true });
  const one = join(OUT, 'tls-handshake.pcap');
  if (!existsSync(one))
    execFileSync('editcap', ['-F', 'pcap', join(REF, 'tls-handshake.pcapng'), one], {
      stdio: 'ignore',
    });
  return one;
}

/** The capture repeated `repeat` times, made once and kept in bench/out/engine. */
export function handshakeFile(repeat: number): string {
  const one = onceFile();
  const file = join(OUT, `tls-handshake-x${repeat}.pcap`);
  if (!existsSync(file)) execFileSync('/usr/bin/python3', [MAKE, file, String(repeat), one]);
  return file;
}

export interface Run {
  wall: number;
  cpu: number;
  rssMb: number;
  lines: number;
}

/**
 * One run under /usr/bin/time; stdout is counted in lines and dropped. For a shell running several
 * processes, CPU is theirs summed and peak RSS the largest one's (what wait4 reports).
 */
export function timed(cmd: string[], env: NodeJS.ProcessEnv = process.env): Run {
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

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1] as number;
};

/** Medians of a set of runs, as the bench JSON reports them. */
export const row = (rs: Run[]) => ({
  wall_s: median(rs.map((r) => r.wall)),
  cpu_s: Number(median(rs.map((r) => r.cpu)).toFixed(2)),
  peak_rss_mb: Math.round(median(rs.map((r) => r.rssMb))),
});

/** `ja4ws fingerprint` as installed (bin/ja4ws.js runs the bundle with its code cache). */
export const OURS = ['node', join(ROOT, 'bin/ja4ws.js'), 'fingerprint', '-q', '--format', 'jsonl'];

/**
 * The common start of a handshake bench: its inputs checked, `[runs] [repeat]` read from the
 * command line, dist/ rebuilt if stale, and the file made. `load0` is the load before the runs.
 */
export function startBench(bench: string, repeatDefault: number) {
  needInputs(bench);
  const runs = Number(process.argv[2] ?? 5);
  const repeat = Number(process.argv[3] ?? repeatDefault);
  buildIfStale();
  const file = handshakeFile(repeat);
  return { runs, repeat, file, load0: loadavg()[0] as number };
}

/** Prints the result as one JSON line with the machine and load, and keeps it in `OUT/name.json`. */
export function reportBench(name: string, result: Record<string, unknown>, load0: number): void {
  const all = {
    ...result,
    loadavg_1m: [load0, loadavg()[0]],
    nproc: cpus().length,
    cpu: cpus()[0]?.model,
    node: process.version,
    note: 'machine shared with other engineers: medians of runs in turn',
  };
  console.log(JSON.stringify(all));
  writeFileSync(join(OUT, `${name}.json`), JSON.stringify(all, null, 2));
}
