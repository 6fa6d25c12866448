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

/** The two levels a run scores: each (IP, JA4) pair, and each IP as a whole (ja4 ''). */
export const EntityLevel = z.enum(['ip_ja4', 'ip']);
export type EntityLevel = z.infer<typeof EntityLevel>;

export const PreviewEntity = FlaggedEntity.extend({ level: EntityLevel });
export type PreviewEntity = z.infer<typeof PreviewEntity>;

export const PreviewLevel = z.object({
  level: EntityLevel,
  entities: z.number(),
  /** The candidate's threshold; null when the level has fewer than 2 entities to score. */
  threshold: z.number().nullable(),
  /** The current parameters' threshold on the same window. */
  currentThreshold: z.number().nullable(),
  histogram: ScoreHistogram,
  /**
   * The candidate's highest-scored entities (never the false positives), each with its reasons,
   * every one scoring above `floor`: for any threshold >= floor the flagged set is exactly the
   * scored entities above it (the scores do not depend on the threshold), so lists at a dragged
   * threshold are exact, not estimated.
   */
  scored: z.array(PreviewEntity),
  floor: z.number(),
  /** Flagged by the current parameters on the same window. */
  current: z.array(PreviewEntity),
});
export type PreviewLevel = z.infer<typeof PreviewLevel>;

/** A cohort (IPs sharing a fingerprint) as the candidate's IP pass scores it. */
export const PreviewCohort = z.object({
  kind: z.enum(['ja4', 'ja4_ua', 'ja4_path']),
  ja4: z.string(),
  /** The User-Agent (ja4_ua) or the path class (ja4_path); '' for ja4. */
  detail: z.string(),
  ips: z.number(),
  score: z.number(),
  reason: z.string(),
});
export type PreviewCohort = z.infer<typeof PreviewCohort>;

export const modelPreview = operation({
  summary:
    'Score the last window with candidate parameters without writing anything, both levels and the cohort pass as a run does: who would be flagged, the diff with the current parameters, the score histograms',
  input: z.object({ tuning: TuningValue }).strict(),
  output: z.object({
    windowStart: z.string(),
    windowEnd: z.string(),
    /** Entities scored, both levels together. */
    entities: z.number(),
    /** The (IP, JA4) level's threshold; null when it has fewer than 2 entities to score. */
    threshold: z.number().nullable(),
    /** Flagged at the candidate's own thresholds, both levels, highest score first. */
    flagged: z.array(PreviewEntity),
    /** Both levels together. */
    histogram: ScoreHistogram,
    /** What applying the candidate would change on this window, both levels (previewDiff). */
    diff: z.object({
      added: z.array(PreviewEntity),
      removed: z.array(PreviewEntity),
      unchanged: z.number(),
      currentThreshold: z.number().nullable(),
    }),
    levels: z.array(PreviewLevel),
    /** The candidate's highest-scored cohorts, flagged or not (at most 100). */
    cohorts: z.array(PreviewCohort),
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
  write: true,
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
  write: true,
  summary: 'Run the detector now on the last window with the saved parameters',
  input: z.object({}).strict(),
  output: RunSummary,
});

export const ModelRunRow = z.object({
  model_id: z.string(),
  /** One run stores one row per level it scored. */
  level: EntityLevel,
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
