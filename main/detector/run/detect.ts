// One detection over a feature table: fit on the training entities, score every entity, apply
// the threshold, explain the anomalies. Shared by the offline command and the scheduled runs.
import { IsolationForest } from '../iforest/forest.js';
import type { Matrix } from '../iforest/matrix.js';
import { modelMatrix, type Entity, type FeatureTable } from '../features/compute.js';
import type { FeatureName } from '../features/catalog.js';
import { median } from '../util/stats.js';
import { forestReasons, reasonText, type Reason } from './reasons.js';

export interface DetectParams {
  nEstimators: number;
  maxSamples: 'auto' | number;
  /** 'auto' (threshold 0.5 on the anomaly score) or the share of entities to flag. */
  contamination: 'auto' | number;
  /** A fixed anomaly-score threshold in (0, 1); wins over contamination when set. */
  threshold?: number | undefined;
  seed: number;
  features: readonly FeatureName[];
}

export interface EntityResult extends Entity {
  /** Anomaly score 2^(-E[h]/c(psi)) in (0, 1]: higher is more abnormal (= -score_samples). */
  score: number;
  is_anomaly: boolean;
  /** Suppressed by analyst feedback (marked false positive): never flagged. */
  suppressed: boolean;
  reasons: Reason[];
  features: Record<string, number>;
}

export interface Detection {
  model: IsolationForest;
  threshold: number;
  results: EntityResult[];
  rowsTrained: number;
  histogram: Histogram;
  medians: Record<string, number>;
  durationMs: number;
}

export interface Histogram {
  /** Lower edges of equal-width bins over [0, 1]. */
  edges: number[];
  counts: number[];
}

export const entityKey = (e: Entity): string => `${e.src_ip}|${e.ja4}`;

/** What a detection explains besides its anomalies. */
export interface ExplainOptions {
  /**
   * Also give reasons for the `explainTop` highest-scored entities that are not flagged: a
   * preview lists them when the analyst lowers the threshold, without fitting again (the scores
   * do not depend on the threshold).
   */
  explainTop?: number;
}

/** The score at or above which the `k` highest scores lie (Infinity when k is 0: explain none). */
export function topCutoff(scores: readonly number[], k: number): number {
  if (k <= 0 || scores.length === 0) return Infinity;
  const sorted = [...scores].sort((a, b) => b - a);
  return sorted[Math.min(k, sorted.length) - 1]!;
}

export function scoreHistogram(scores: ArrayLike<number>, bins = 20): Histogram {
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < scores.length; i++) {
    const b = Math.min(bins - 1, Math.max(0, Math.floor(scores[i]! * bins)));
    counts[b]!++;
  }
  return { edges: Array.from({ length: bins }, (_, i) => i / bins), counts };
}

function selectRows(m: Matrix, keep: readonly number[]): Matrix {
  const data = new Float64Array(keep.length * m.cols);
  keep.forEach((r, i) => data.set(m.data.subarray(r * m.cols, (r + 1) * m.cols), i * m.cols));
  return { rows: keep.length, cols: m.cols, data };
}

export function detect(
  table: FeatureTable,
  params: DetectParams,
  feedback: { isFalsePositive?: (e: Entity) => boolean } = {},
  explain: ExplainOptions = {},
): Detection {
  const t0 = performance.now();
  const fpTest = feedback.isFalsePositive ?? (() => false);
  const fpRows = table.entities.map((e) => fpTest(e));
  const x = modelMatrix(table, params.features);
  const trainIdx = table.entities.flatMap((_, i) => (fpRows[i] ? [] : [i]));
  if (trainIdx.length < 2) {
    throw new RangeError(
      `need at least 2 entities to train on, have ${trainIdx.length} (raise the window or lower min requests)`,
    );
  }
  const train = selectRows(x, trainIdx);
  let model = IsolationForest.fit(train, {
    nEstimators: params.nEstimators,
    maxSamples: params.maxSamples,
    contamination: params.contamination,
    seed: params.seed,
  });
  if (params.threshold !== undefined) model = model.withOffset(-params.threshold);
  const threshold = -model.offset;
  const scores = model.scoreSamples(x);
  const cutoff = topCutoff(
    Array.from(scores, (s) => -s),
    explain.explainTop ?? 0,
  );
  // Medians of the raw values over the training entities: the "normal" the reasons compare to.
  const rawIdx = params.features.map((n) => table.names.indexOf(n));
  const medians: Record<string, number> = {};
  params.features.forEach((name, c) => {
    medians[name] = median(trainIdx.map((r) => table.raw.data[r * table.raw.cols + rawIdx[c]!]!));
  });
  const results = table.entities.map((e, r): EntityResult => {
    const score = -scores[r]!;
    const suppressed = fpRows[r]!;
    const is_anomaly = !suppressed && score > threshold;
    const features: Record<string, number> = {};
    params.features.forEach(
      (name, c) => (features[name] = table.raw.data[r * table.raw.cols + rawIdx[c]!]!),
    );
    const reasons =
      is_anomaly || (!suppressed && score >= cutoff)
        ? forestReasons(model.forest, x, r, {
            names: params.features,
            features,
            medians,
            text: reasonText,
          })
        : [];
    return { ...e, score, is_anomaly, suppressed, reasons, features };
  });
  return {
    model,
    threshold,
    results,
    rowsTrained: trainIdx.length,
    histogram: scoreHistogram(results.map((r) => r.score)),
    medians,
    durationMs: performance.now() - t0,
  };
}
