// Plain-words reasons: "342 requests in the peak minute, 40x the median (8)".
import { featureSpec, type FeatureKind } from '../features/catalog.js';
import { topContributions } from '../iforest/explain.js';
import type { FlatForest } from '../iforest/flat-forest.js';
import type { Matrix } from '../iforest/matrix.js';

export interface Reason {
  feature: string;
  value: number;
  median: number;
  /** Share of the entity's isolation this feature accounts for (0..1). */
  weight: number;
  text: string;
}

export function formatValue(kind: FeatureKind, v: number): string {
  if (kind === 'share') return `${Math.round(v * 100)}%`;
  if (kind === 'count') return Math.round(v).toLocaleString('en-US');
  return (Math.round(v * 100) / 100).toString();
}

export function reasonText(feature: string, value: number, median: number): string {
  const spec = featureSpec(feature);
  if (!spec) return `${feature} = ${value}`;
  return againstMedian(spec.kind, spec.phrase(formatValue(spec.kind, value)), value, median);
}

/** `head` (the value in words) set against the window's median: "..., 40x the median (8)". */
export function againstMedian(
  kind: FeatureKind,
  head: string,
  value: number,
  median: number,
): string {
  const fmt = (v: number) => formatValue(kind, v);
  if (kind === 'share' || median === 0) return `${head} (median ${fmt(median)})`;
  const ratio = value / median;
  if (ratio >= 1.5) return `${head}, ${fmtRatio(ratio)}x the median (${fmt(median)})`;
  if (ratio > 0 && ratio <= 1 / 1.5)
    return `${head}, ${fmtRatio(1 / ratio)}x below the median (${fmt(median)})`;
  if (ratio === 0) return `${head}, the median is ${fmt(median)}`;
  return `${head} (median ${fmt(median)})`;
}

function fmtRatio(r: number): string {
  return r >= 10 ? Math.round(r).toString() : (Math.round(r * 10) / 10).toString();
}

/**
 * The three features that isolated row `r` of `x` most (iforest/explain.ts), as reasons: `names`
 * maps the matrix columns to feature names, `features` holds the row's raw values.
 */
export function forestReasons(
  forest: FlatForest,
  x: Matrix,
  r: number,
  o: {
    names: readonly string[];
    features: Readonly<Record<string, number>>;
    medians: Readonly<Record<string, number>>;
    text: (name: string, value: number, median: number) => string;
  },
): Reason[] {
  return topContributions(forest, x, r, 3).map((c) => {
    const name = o.names[c.feature]!;
    const value = o.features[name]!;
    const median = o.medians[name]!;
    return { feature: name, value, median, weight: c.share, text: o.text(name, value, median) };
  });
}
