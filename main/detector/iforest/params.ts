// Fit parameters, validated: the same names and meaning as scikit-learn's IsolationForest.
import { z } from 'zod';

export const ForestParams = z.object({
  nEstimators: z.number().int().min(1).max(10_000).default(100),
  /** 'auto' = min(256, n); an integer = that many points per tree (capped at n). */
  maxSamples: z.union([z.literal('auto'), z.number().int().min(2).max(1_000_000)]).default('auto'),
  /** 'auto' = offset -0.5 (the paper's threshold); a share in (0, 0.5] = that share flagged on training data. */
  contamination: z.union([z.literal('auto'), z.number().gt(0).max(0.5)]).default('auto'),
  seed: z.number().int().min(0).max(0xffffffff).default(42),
});
export type ForestParams = z.infer<typeof ForestParams>;
export type ForestParamsInput = z.input<typeof ForestParams>;
