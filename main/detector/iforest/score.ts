// Scoring: mean path length E[h(x)] over the trees, then s = 2^(-E[h]/c(psi)). Tree-major loops
// (all rows through one tree, then the next) keep one tree's nodes hot in cache.
import { averagePathLength } from './path-length.js';
import type { FlatForest } from './flat-forest.js';
import type { Matrix } from './matrix.js';
import { accumulatePerfect, perfectLayout } from './perfect-layout.js';

export function meanPathLengths(forest: FlatForest, x: Matrix): Float64Array {
  if (x.cols !== forest.nFeatures) {
    throw new RangeError(
      `data has ${x.cols} features, the model was fitted on ${forest.nFeatures}`,
    );
  }
  const roots = forest.roots;
  const rows = x.rows;
  const d = x.cols;
  const data = x.data;
  const total = new Float64Array(rows);
  const perfect = perfectLayout(forest);
  if (perfect) accumulatePerfect(perfect, data, rows, d, total);
  else walkPointers(forest, data, rows, d, total);
  const k = 1 / roots.length;
  for (let r = 0; r < rows; r++) total[r]! *= k;
  return total;
}

/** Pointer walk for forests too deep for the perfect layout (exported for the equivalence test). */
export function walkPointers(
  forest: FlatForest,
  data: Float64Array,
  rows: number,
  d: number,
  total: Float64Array,
): void {
  const { roots, feature, value, left } = forest;
  for (let t = 0; t < roots.length; t++) {
    const root = roots[t]!;
    for (let r = 0, base = 0; r < rows; r++, base += d) {
      let node = root;
      let f = feature[node]!;
      while (f >= 0) {
        node = data[base + f]! <= value[node]! ? left[node]! : left[node]! + 1;
        f = feature[node]!;
      }
      total[r]! += value[node]!;
    }
  }
}

/** scikit-learn's score_samples: -2^(-E[h]/c(psi)); lower is more abnormal, range [-1, 0]. */
export function scoreSamples(forest: FlatForest, x: Matrix): Float64Array {
  const h = meanPathLengths(forest, x);
  const c = averagePathLength(forest.maxSamples);
  const out = new Float64Array(h.length);
  for (let i = 0; i < h.length; i++) out[i] = -Math.pow(2, -h[i]! / c);
  return out;
}
