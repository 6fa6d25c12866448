import { z } from 'zod';
import { operation } from './operation.js';

/** Tuning parameters as the detector validates them (main/detector/ops/tuning.ts is the validator;
 * an invalid value comes back as a 400 naming the field). */
export const TuningValue = z
  .record(z.string().max(64), z.unknown())
  .refine((t) => Object.keys(t).length <= 64, 'at most 64 tuning parameters');

export const FlaggedEntity = z.object({
  src_ip: z.string(),
  ja4: z.string(),
  score: z.number(),
  reasons: z.array(z.string()),
});
export type FlaggedEntity = z.infer<typeof FlaggedEntity>;

export const ScoreHistogram = z.object({
  /** Lower edges of equal-width bins over [0, 1]. */
  edges: z.array(z.number()),
  counts: z.array(z.number()),
});

export const FeatureInfo = z.object({ name: z.string(), kind: z.string() });

export const modelTuning = operation({
  summary: 'The detector tuning parameters in force, their defaults and the features',
  input: z.object({}).strict(),
  output: z.object({
    tuning: TuningValue,
    defaults: TuningValue,
    features: z.array(FeatureInfo),
    /** Set when the stored parameters could not be read and the defaults are in force. */
    warning: z.string().optional(),
  }),
});

export const modelPreview = operation({
  summary:
    'Score the last window with candidate parameters without writing anything: who would be flagged, the diff with the current model, the score histogram',
  input: z.object({ tuning: TuningValue }).strict(),
  output: z.object({
    windowStart: z.string(),
    windowEnd: z.string(),
    entities: z.number(),
    /** null when the window holds fewer than 2 entities to score. */
    threshold: z.number().nullable(),
    flagged: z.array(FlaggedEntity),
    histogram: ScoreHistogram,
    diff: z.object({
      added: z.array(FlaggedEntity),
      removed: z.array(FlaggedEntity),
      unchanged: z.number(),
      currentThreshold: z.number().nullable(),
    }),
  }),
});

export const RunSummary = z.object({
  runId: z.string(),
  modelId: z.string(),
  windowStart: z.string(),
  windowEnd: z.string(),
  entities: z.number(),
  rowsTrained: z.number(),
  threshold: z.number(),
  anomalies: z.array(FlaggedEntity),
  suppressed: z.number(),
  histogram: ScoreHistogram,
  durationMs: z.number(),
});

export const modelApply = operation({
  summary:
    'Validate and save tuning parameters, then run the detector on the last window with them',
  input: z.object({ tuning: TuningValue }).strict(),
  output: z.object({
    tuning: TuningValue,
    run: RunSummary.nullable(),
    runError: z.string().optional(),
  }),
});

export const modelRun = operation({
  summary: 'Run the detector now on the last window with the saved parameters',
  input: z.object({}).strict(),
  output: RunSummary,
});

export const ModelRunRow = z.object({
  model_id: z.string(),
  created_at: z.string(),
  rows_trained: z.number(),
  threshold: z.number(),
  duration_ms: z.number(),
  window_start: z.string(),
  window_end: z.string(),
  features: z.array(z.string()),
  anomalies: z.number(),
});

export const modelRuns = operation({
  summary: 'Run history, newest first',
  input: z.object({ limit: z.number().int().min(1).max(500).default(50) }).strict(),
  output: z.object({ runs: z.array(ModelRunRow) }),
});
