// Isolation tree construction (Liu, Ting & Zhou 2008, Algorithms 1-2) with scikit-learn's split
// rules so scores are comparable: per tree a sub-sample of psi points drawn without replacement,
// height limit ceil(log2(psi)); at each node a random feature among those not constant in the
// node (a constant one cannot isolate anything), threshold uniform in [min, max), x <= threshold
// goes left.
import { averagePathLength } from './path-length.js';
import type { FlatForest } from './flat-forest.js';
import type { Matrix } from './matrix.js';
import type { Rng } from '../util/prng.js';

export interface BuildOptions {
  nEstimators: number;
  maxSamples: number;
}

export function buildForest(x: Matrix, opts: BuildOptions, rng: Rng): FlatForest {
  const n = x.rows;
  const d = x.cols;
  const psi = Math.min(opts.maxSamples, n);
  const heightLimit = Math.ceil(Math.log2(Math.max(psi, 2)));
  const capacity = opts.nEstimators * (2 * psi - 1);
  const feature = new Int32Array(capacity);
  const value = new Float64Array(capacity);
  const left = new Int32Array(capacity);
  const size = new Int32Array(capacity);
  const roots = new Int32Array(opts.nEstimators);
  // Partial Fisher-Yates over a persistent permutation: the first psi slots after each pass are a
  // uniform sample without replacement, O(psi) per tree instead of O(n).
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  const sample = new Int32Array(psi);
  const featOrder = new Int32Array(d);
  const data = x.data;
  let next = 0;

  const grow = (node: number, lo: number, hi: number, depth: number): void => {
    const count = hi - lo;
    size[node] = count;
    if (count <= 1 || depth >= heightLimit) {
      feature[node] = -1;
      value[node] = depth + averagePathLength(count);
      return;
    }
    // Draw features without replacement until one varies within the node.
    for (let i = 0; i < d; i++) featOrder[i] = i;
    let f = -1;
    let min = 0;
    let max = 0;
    for (let remaining = d; remaining > 0; remaining--) {
      const j = rng.int(remaining);
      const cand = featOrder[j]!;
      featOrder[j] = featOrder[remaining - 1]!;
      min = Infinity;
      max = -Infinity;
      for (let k = lo; k < hi; k++) {
        const v = data[sample[k]! * d + cand]!;
        if (v < min) min = v;
        if (v > max) max = v;
      }
      if (max > min) {
        f = cand;
        break;
      }
    }
    if (f < 0) {
      feature[node] = -1;
      value[node] = depth + averagePathLength(count);
      return;
    }
    let threshold = min + rng.next() * (max - min);
    if (threshold >= max) threshold = min;
    // In-place partition of sample[lo, hi) on x[f] <= threshold.
    let i = lo;
    let j = hi - 1;
    while (i <= j) {
      if (data[sample[i]! * d + f]! <= threshold) i++;
      else {
        const t = sample[i]!;
        sample[i] = sample[j]!;
        sample[j] = t;
        j--;
      }
    }
    const child = next;
    next += 2;
    feature[node] = f;
    value[node] = threshold;
    left[node] = child;
    grow(child, lo, i, depth + 1);
    grow(child + 1, i, hi, depth + 1);
  };

  for (let t = 0; t < opts.nEstimators; t++) {
    for (let k = 0; k < psi; k++) {
      const j = k + rng.int(n - k);
      const tmp = perm[k]!;
      perm[k] = perm[j]!;
      perm[j] = tmp;
      sample[k] = perm[k]!;
    }
    const root = next++;
    roots[t] = root;
    grow(root, 0, psi, 0);
  }
  return {
    nFeatures: d,
    maxSamples: psi,
    roots,
    feature: feature.slice(0, next),
    value: value.slice(0, next),
    left: left.slice(0, next),
    size: size.slice(0, next),
  };
}
