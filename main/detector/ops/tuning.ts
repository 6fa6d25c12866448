// Tuning parameters an analyst can change, validated. Persisted in the store (see tuning-store.ts)
// so the schedule and every client see the same values.
import { z } from 'zod';
import { FEATURE_NAMES, type FeatureName } from '../features/catalog.js';
import type { DetectParams } from '../run/detect.js';

const FeatureNameSchema = z.enum(FEATURE_NAMES as [FeatureName, ...FeatureName[]]);
/** A JA4 (TLS client) fingerprint: a_b_c with 10, 12 and 12 characters. */
const Ja4 = z
  .string()
  .regex(/^[tqd][0-9a-z]{9}_[0-9a-f]{12}_[0-9a-f]{12}$/, 'not a JA4 fingerprint (a_b_c)');

export const Tuning = z
  .object({
    trees: z.number().int().min(10).max(2000).default(200),
    sampleSize: z.union([z.literal('auto'), z.number().int().min(16).max(65_536)]).default('auto'),
    /** Share of entities to flag per window, or 'auto' (anomaly score above 0.5). */
    contamination: z.union([z.literal('auto'), z.number().gt(0).max(0.5)]).default('auto'),
    /** A fixed anomaly-score threshold; when set it wins over contamination. */
    threshold: z.number().gt(0).lt(1).nullable().default(null),
    /** Features switched off (all others are on). */
    disabledFeatures: z.array(FeatureNameSchema).default([]),
    windowMinutes: z.number().int().min(5).max(1440).default(60),
    scheduleMinutes: z.number().int().min(1).max(1440).default(5),
    minRequests: z.number().int().min(1).max(1_000_000).default(5),
    allowlist: z
      .object({
        ips: z
          .array(z.union([z.ipv4(), z.ipv6()]))
          .max(10_000)
          .default([]),
        cidrs: z
          .array(z.union([z.cidrv4(), z.cidrv6()]))
          .max(10_000)
          .default([]),
        ja4s: z.array(Ja4).max(10_000).default([]),
      })
      .prefault({}),
    seed: z.number().int().min(0).max(0xffffffff).default(42),
    /** Also score each IP as a whole (entity_type 'ip'), beside each (IP, JA4). */
    ipLevel: z.boolean().default(true),
    /** Score the IPs sharing a fingerprint as one cohort and lift every IP of a flagged cohort. */
    cohortScoring: z.boolean().default(true),
    /** A cohort needs at least this many IPs in the window to be scored. */
    cohortMinIps: z.number().int().min(2).max(1_000_000).default(5),
  })
  .refine((t) => FEATURE_NAMES.length - new Set(t.disabledFeatures).size >= 2, {
    message: 'at least 2 features must stay enabled',
    path: ['disabledFeatures'],
  });
export type Tuning = z.infer<typeof Tuning>;
export type TuningInput = z.input<typeof Tuning>;

export const DEFAULT_TUNING: Tuning = Tuning.parse({});

export function enabledFeatures(t: Tuning): FeatureName[] {
  const off = new Set(t.disabledFeatures);
  return FEATURE_NAMES.filter((n) => !off.has(n));
}

export function detectParams(t: Tuning): DetectParams {
  return {
    nEstimators: t.trees,
    maxSamples: t.sampleSize,
    contamination: t.contamination,
    threshold: t.threshold ?? undefined,
    seed: t.seed,
    features: enabledFeatures(t),
  };
}
