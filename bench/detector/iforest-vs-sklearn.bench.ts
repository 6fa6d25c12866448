// Fit and score on 100,000 x 16 (seeded data), ours vs scikit-learn's on the same data in the same
// run. Reports median times and the ratios (targets: fit no slower than sklearn, score >= 5x faster).
//
//   npx tsx bench/detector/iforest-vs-sklearn.bench.ts [rows] [cols] [repeats]
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { IsolationForest } from '../../main/detector/iforest/forest.js';
import type { Matrix } from '../../main/detector/iforest/matrix.js';
import { createRng } from '../../main/detector/util/prng.js';

const rows = Number(process.argv[2] ?? 100_000);
const cols = Number(process.argv[3] ?? 16);
const repeats = Number(process.argv[4] ?? 5);

function makeData(): Matrix {
  const rng = createRng(2026);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  const data = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const outlier = rng.next() < 0.02;
    for (let c = 0; c < cols; c++) {
      data[r * cols + c] = outlier
        ? rng.next() * 20 - 10
        : c % 3 === 0
          ? Math.exp(gauss())
          : gauss() + (c % 2);
    }
  }
  return { rows, cols, data };
}

const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;

const x = makeData();
const file = `/tmp/ja4ws-bench-${process.pid}.f64`;
writeFileSync(file, Buffer.from(x.data.buffer));
const script = fileURLToPath(new URL('./sklearn-time.py', import.meta.url));
const sk = JSON.parse(
  execFileSync('/usr/bin/python3', [script, file, String(rows), String(cols), String(repeats)], {
    encoding: 'utf8',
  }),
) as {
  sklearn_version: string;
  fit_s: number;
  score_s: number;
  fit_cpu_s: number;
  score_cpu_s: number;
  mean_score: number;
};
rmSync(file);

const fitTimes: number[] = [];
const scoreTimes: number[] = [];
const fitCpu: number[] = [];
const scoreCpu: number[] = [];
const cpuSince = (c: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(c);
  return (u.user + u.system) / 1e6;
};
let mean = 0;
// One warm-up so the JIT has compiled the hot loops, as sklearn's are compiled ahead of time.
IsolationForest.fit(x, { nEstimators: 100, seed: 99 }).scoreSamples({
  rows: 1000,
  cols,
  data: x.data.subarray(0, 1000 * cols),
});
for (let r = 0; r < repeats; r++) {
  let t0 = performance.now();
  let c0 = process.cpuUsage();
  const m = IsolationForest.fit(x, { nEstimators: 100, seed: r });
  fitTimes.push((performance.now() - t0) / 1000);
  fitCpu.push(cpuSince(c0));
  t0 = performance.now();
  c0 = process.cpuUsage();
  const s = m.scoreSamples(x);
  scoreTimes.push((performance.now() - t0) / 1000);
  scoreCpu.push(cpuSince(c0));
  mean = s.reduce((a, v) => a + v, 0) / s.length;
}
const ours = {
  fit_s: median(fitTimes),
  score_s: median(scoreTimes),
  fit_cpu_s: median(fitCpu),
  score_cpu_s: median(scoreCpu),
};
const report = {
  date: new Date().toISOString(),
  machine: `${cpus().length} x ${cpus()[0]?.model ?? '?'} (shared with other engineers' jobs)`,
  node: process.version,
  data: `${rows} x ${cols}, 100 trees, max_samples auto (256), median of ${repeats}`,
  sklearn: sk,
  ours: { ...ours, mean_score: mean },
  fit_speedup_vs_sklearn: sk.fit_s / ours.fit_s,
  score_speedup_vs_sklearn: sk.score_s / ours.score_s,
  // CPU time is less distorted than wall time when other jobs share the 2 cores.
  fit_speedup_cpu: sk.fit_cpu_s / ours.fit_cpu_s,
  score_speedup_cpu: sk.score_cpu_s / ours.score_cpu_s,
};
process.stdout.write(JSON.stringify(report, null, 2) + '\n');
