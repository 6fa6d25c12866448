// Scoring: mean path length E[h(x)] over the trees, then s = 2^(-E[h]/c(psi)). Tree-major loop
// (all rows through one tree, then the next) keeps one tree's nodes hot in cache.
import { averagePathLength } from './path-length.js';
import type { FlatForest } from './flat-forest.js';
import type { Matrix } from './matrix.js';

export function meanPathLengths(forest: FlatForest, x: Matrix): Float64Array {
  if (x.cols !== forest.nFeatures) {
    throw new RangeError(
      `data has ${x.cols} features, the model was fitted on ${forest.nFeatures}`,
    );
  }
  const { roots, feature, value, left } = forest;
  const rows = x.rows;
  const d = x.cols;
  const data = x.data;
  const total = new Float64Array(rows);
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
  const k = 1 / roots.length;
  for (let r = 0; r < rows; r++) total[r]! *= k;
  return total;
}

/** scikit-learn's score_samples: -2^(-E[h]/c(psi)); lower is more abnormal, range [-1, 0]. */
export function scoreSamples(forest: FlatForest, x: Matrix): Float64Array {
  const h = meanPathLengths(forest, x);
  const c = averagePathLength(forest.maxSamples);
  const out = new Float64Array(h.length);
  for (let i = 0; i < h.length; i++) out[i] = -Math.pow(2, -h[i]! / c);
  return out;
}
