// Versioned JSON model format. Typed arrays are stored as plain number arrays; a loaded model is
// validated (zod) and its tree structure checked (children in range, features in range) so a
// corrupt or hand-edited file fails with a clear error instead of looping or reading garbage.
import { z } from 'zod';
import { AppError } from '../../../common/util/errors.js';
import { issuesMessage } from '../../../common/util/zod-issues.js';
import { IsolationForest } from './forest.js';
import { ForestParams } from './params.js';

export const MODEL_FORMAT = 'ja4ws.iforest';
export const MODEL_VERSION = 1;

export const ModelJson = z.object({
  format: z.literal(MODEL_FORMAT),
  version: z.literal(MODEL_VERSION),
  params: ForestParams,
  nFeatures: z.number().int().min(1),
  featureNames: z.array(z.string()).optional(),
  maxSamples: z.number().int().min(1),
  offset: z.number(),
  rowsTrained: z.number().int().min(0),
  roots: z.array(z.number().int().min(0)),
  feature: z.array(z.number().int().min(-1)),
  value: z.array(z.number()),
  left: z.array(z.number().int().min(0)),
  size: z.array(z.number().int().min(0)),
});
export type ModelJson = z.infer<typeof ModelJson>;

export function modelToJson(model: IsolationForest, featureNames?: readonly string[]): ModelJson {
  const f = model.forest;
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    params: model.params,
    nFeatures: f.nFeatures,
    ...(featureNames ? { featureNames: [...featureNames] } : {}),
    maxSamples: f.maxSamples,
    offset: model.offset,
    rowsTrained: model.rowsTrained,
    roots: Array.from(f.roots),
    feature: Array.from(f.feature),
    value: Array.from(f.value),
    left: Array.from(f.left),
    size: Array.from(f.size),
  };
}

export function modelFromJson(input: unknown): IsolationForest {
  const parsed = ModelJson.safeParse(input);
  if (!parsed.success) {
    throw new AppError(
      'detector.model_invalid',
      `invalid model: ${issuesMessage(parsed.error.issues, input)}`,
    );
  }
  const m = parsed.data;
  const n = m.feature.length;
  if (m.value.length !== n || m.left.length !== n || m.size.length !== n) {
    throw new AppError('detector.model_invalid', 'invalid model: node arrays differ in length', {
      nodes: n,
    });
  }
  for (let i = 0; i < n; i++) {
    const f = m.feature[i]!;
    if (f >= m.nFeatures) {
      throw new AppError(
        'detector.model_invalid',
        `invalid model: node ${i} splits on feature ${f} of ${m.nFeatures}`,
      );
    }
    // Children always come after their parent: this rules out cycles.
    if (f >= 0 && (m.left[i]! <= i || m.left[i]! + 1 >= n)) {
      throw new AppError(
        'detector.model_invalid',
        `invalid model: node ${i} has children out of range`,
      );
    }
  }
  if (m.roots.some((r) => r >= n))
    throw new AppError('detector.model_invalid', 'invalid model: root out of range');
  return new IsolationForest(
    m.params,
    {
      nFeatures: m.nFeatures,
      maxSamples: m.maxSamples,
      roots: Int32Array.from(m.roots),
      feature: Int32Array.from(m.feature),
      value: Float64Array.from(m.value),
      left: Int32Array.from(m.left),
      size: Int32Array.from(m.size),
    },
    m.offset,
    m.rowsTrained,
  );
}
