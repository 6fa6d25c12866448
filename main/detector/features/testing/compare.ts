// Feature-by-feature comparison of two feature tables over the same entities (the aggregate query
// against the raw-row reference). Used by the tests and the feature benchmark.
import type { FeatureTable } from '../compute.js';

export interface FeatureDiff {
  /** Entities in one table and not the other, as 'ip|ja4'. */
  onlyInA: string[];
  onlyInB: string[];
  /** Per feature: the largest absolute difference over the shared entities. */
  maxAbsDiff: Record<string, number>;
  /** Per feature: how many shared entities differ by more than the tolerance. */
  differing: Record<string, number>;
  shared: number;
}

export function compareFeatures(a: FeatureTable, b: FeatureTable, tolerance = 1e-9): FeatureDiff {
  const key = (e: { src_ip: string; ja4: string }) => `${e.src_ip}|${e.ja4}`;
  const rowB = new Map(b.entities.map((e, i) => [key(e), i]));
  const keysA = new Set(a.entities.map(key));
  const diff: FeatureDiff = {
    onlyInA: [...keysA].filter((k) => !rowB.has(k)),
    onlyInB: b.entities.map(key).filter((k) => !keysA.has(k)),
    maxAbsDiff: Object.fromEntries(a.names.map((n) => [n, 0])),
    differing: Object.fromEntries(a.names.map((n) => [n, 0])),
    shared: 0,
  };
  a.entities.forEach((e, ra) => {
    const rb = rowB.get(key(e));
    if (rb === undefined) return;
    diff.shared++;
    a.names.forEach((name, ca) => {
      const cb = b.names.indexOf(name);
      const d = Math.abs(a.raw.data[ra * a.raw.cols + ca]! - b.raw.data[rb * b.raw.cols + cb]!);
      if (d > diff.maxAbsDiff[name]!) diff.maxAbsDiff[name] = d;
      if (!(d <= tolerance)) diff.differing[name]!++;
    });
  });
  return diff;
}
