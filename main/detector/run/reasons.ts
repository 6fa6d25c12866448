// Plain-words reasons: "342 requests in the peak minute, 40x the median (8)".
import { featureSpec, type FeatureKind } from '../features/catalog.js';

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
  const fmt = (v: number) => formatValue(spec.kind, v);
  const head = spec.phrase(fmt(value));
  if (spec.kind === 'share' || median === 0) return `${head} (median ${fmt(median)})`;
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
