// Which features isolated a point. For every tree, follow the point's path; a split on feature f
// that sends the point from a node holding n training points to a child holding m < n earns f
// log2(n/m) "isolation bits" (how much of the remaining population that one split peeled away).
// Averaged over the trees, the bits say which features made the path short. Early splits that
// cut the point away from almost everyone weigh most, which is what an analyst means by "what
// gave it away". Per tree the bits sum to log2(psi/leaf size), so they are comparable across
// points.
import type { FlatForest } from './flat-forest.js';
import type { Matrix } from './matrix.js';

export function isolationBits(forest: FlatForest, x: Matrix, row: number): Float64Array {
  const { roots, feature, value, left, size } = forest;
  const d = x.cols;
  const base = row * d;
  const out = new Float64Array(forest.nFeatures);
  for (let t = 0; t < roots.length; t++) {
    let node = roots[t]!;
    let f = feature[node]!;
    while (f >= 0) {
      const child = x.data[base + f]! <= value[node]! ? left[node]! : left[node]! + 1;
      out[f]! += Math.log2(size[node]! / size[child]!);
      node = child;
      f = feature[node]!;
    }
  }
  for (let i = 0; i < out.length; i++) out[i]! /= roots.length;
  return out;
}

export interface FeatureContribution {
  feature: number;
  bits: number;
  /** Share of the point's total isolation bits, 0..1. */
  share: number;
}

/** The k features with the most isolation bits for one row, largest first. */
export function topContributions(
  forest: FlatForest,
  x: Matrix,
  row: number,
  k = 3,
): FeatureContribution[] {
  const bits = isolationBits(forest, x, row);
  let total = 0;
  for (const b of bits) total += b;
  return Array.from(bits, (b, feature) => ({ feature, bits: b, share: total > 0 ? b / total : 0 }))
    .filter((c) => c.bits > 0)
    .sort((a, b) => b.bits - a.bits || a.feature - b.feature)
    .slice(0, k);
}
