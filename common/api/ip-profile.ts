import { z } from 'zod';
import { isIpText } from './ip-address.js';
import { operation } from './operation.js';
import { Counted, TimeWindow } from './time-range.js';

export const IpFingerprint = z.object({
  ja4: z.string(),
  count: z.number(),
  first_seen: z.string(),
  last_seen: z.string(),
  /** Known application of this JA4, '' when unknown. */
  application: z.string(),
});

/** A (JA4, User-Agent) pair this IP sent, and whether the UA's claim fits the fingerprint. */
export const UaConsistency = z.object({
  ja4: z.string(),
  user_agent: z.string(),
  count: z.number(),
  /** What the UA claims: chrome, firefox, safari, edge, tool, other. */
  ua_family: z.string(),
  /** What the fingerprint is known as ('' when unknown). */
  ja4_application: z.string(),
  verdict: z.enum(['consistent', 'mismatch', 'unknown']),
});
export type UaConsistency = z.infer<typeof UaConsistency>;

export const IpAnomaly = z.object({
  detected_at: z.string(),
  entity_type: z.string(),
  ja4: z.string(),
  model_id: z.string(),
  score: z.number(),
  threshold: z.number(),
  reasons: z.array(z.string()),
  state: z.string(),
});
export type IpAnomaly = z.infer<typeof IpAnomaly>;

export const IpProfile = z.object({
  ip: z.string(),
  totals: z.object({
    handshakes: z.number(),
    requests: z.number(),
    first_seen: z.string().nullable(),
    last_seen: z.string().nullable(),
  }),
  bucketSeconds: z.number().int().positive(),
  timeline: z.array(z.object({ t: z.string(), handshakes: z.number(), requests: z.number() })),
  fingerprints: z.array(IpFingerprint),
  consistency: z.array(UaConsistency),
  /** Connections per server name (a connection counts once whether seen by capture or requests). */
  snis: z.array(Counted),
  paths: z.array(Counted),
  statuses: z.array(Counted),
  timing: z.object({
    requests: z.number(),
    /** Inter-request gap statistics over the window (null under 2 requests). */
    mean_gap_ms: z.number().nullable(),
    cv_gap: z.number().nullable(),
    p50_duration_ms: z.number().nullable(),
    p95_duration_ms: z.number().nullable(),
    peak_per_minute: z.number(),
  }),
  /** Days with any activity in the last 30 days (from the per-minute aggregates). */
  activeDays: z.array(z.object({ day: z.string(), events: z.number() })),
  /**
   * view_ip_recurrence over the last 30 days (false positives left out); anomaly_count counts
   * detections: one per flagged entity (the IP, or the IP with one JA4) per detector run.
   */
  recurrence: z
    .object({
      days_seen: z.number(),
      first_seen: z.string(),
      last_seen: z.string(),
      anomaly_count: z.number(),
      max_score: z.number(),
    })
    .nullable(),
  /** The newest 200 detections of this IP (one per flagged entity per detector run). */
  anomalies: z.array(IpAnomaly),
  /** Every detection of this IP, all time (the list above stops at 200). */
  anomaly_total: z.number(),
});
export type IpProfile = z.infer<typeof IpProfile>;

export const ipProfile = operation({
  summary: 'Everything one client IP did in a time window: fingerprints, requests, anomalies',
  input: z
    .object({
      ip: z
        .string()
        .max(64)
        .trim()
        .refine(isIpText, { message: 'expected one IPv4 or IPv6 address' }),
      window: TimeWindow,
    })
    .strict(),
  output: IpProfile,
});
