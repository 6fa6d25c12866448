import { z } from 'zod';
import { operation } from './operation.js';
import { isIpText } from './ip-address.js';
import { Instant, instantRangeProblem } from './time-range.js';

export const AnomalyState = z.enum(['new', 'investigating', 'true_positive', 'false_positive']);
export type AnomalyState = z.infer<typeof AnomalyState>;

/** An anomaly's key: the entity and the run that flagged it. */
export const AnomalyKey = z.object({
  src_ip: z.string().max(64).refine(isIpText, 'an IPv4 or IPv6 address'),
  ja4: z.string().max(64),
  /** As stored, UTC: "YYYY-MM-DD hh:mm:ss.ffffff". */
  detected_at: z
    .string()
    .regex(
      /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?$/,
      'a stored timestamp (YYYY-MM-DD hh:mm:ss.ffffff)',
    )
    .superRefine((s, ctx) => {
      // The regex lets 2026-13-45 99:99:99 through; the date must exist and be in range.
      const iso = `${s.replace(' ', 'T')}Z`;
      const ms = Date.parse(iso);
      const real =
        Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 19) === iso.slice(0, 19);
      const problem = real ? instantRangeProblem(s, ms) : 'not a real date and time';
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  model_id: z.string().max(128),
});
export type AnomalyKey = z.infer<typeof AnomalyKey>;

export const Anomaly = AnomalyKey.extend({
  /** 'ip_ja4': one client fingerprint from one address; 'ip': the address as a whole (ja4 ''). */
  entity_type: z.enum(['ip', 'ip_ja4']),
  score: z.number(),
  threshold: z.number(),
  reasons: z.array(z.string()),
  features: z.record(z.string(), z.number()),
  state: AnomalyState,
});
export type Anomaly = z.infer<typeof Anomaly>;

export const anomaliesList = operation({
  summary: 'The triage queue: anomalies in a time range, by state, highest score first',
  input: z
    .object({
      from: Instant.optional(),
      to: Instant.optional(),
      states: z.array(AnomalyState).max(4).optional(),
      src_ip: z.string().max(64).refine(isIpText, 'an IPv4 or IPv6 address').optional(),
      ja4: z.string().max(64).optional(),
      level: z.enum(['ip', 'ip_ja4']).optional(),
      limit: z.number().int().min(1).max(5000).default(500),
    })
    .strict(),
  output: z.object({ anomalies: z.array(Anomaly), counts: z.record(z.string(), z.number()) }),
});

export const anomaliesSetState = operation({
  write: true,
  summary:
    'Triage: set the state of one or more anomalies (true/false positive also records analyst feedback; false positives are suppressed in later runs)',
  input: z
    .object({
      keys: z.array(AnomalyKey).min(1).max(1000),
      state: AnomalyState,
      analyst: z.string().min(1).max(128).default('analyst'),
      note: z.string().max(4096).default(''),
    })
    .strict(),
  output: z.object({ updated: z.number() }),
});

/** A flagged entity: an address as a whole (ja4 '') or one fingerprint from one address. */
export const AnomalyEntityKey = z.object({
  entity_type: z.enum(['ip', 'ip_ja4']),
  src_ip: z.string().max(64).refine(isIpText, 'an IPv4 or IPv6 address'),
  ja4: z.string().max(64),
});
export type AnomalyEntityKey = z.infer<typeof AnomalyEntityKey>;

export const AnomalyEntity = AnomalyEntityKey.extend({
  /** The latest run's score, threshold and reasons. */
  score: z.number(),
  threshold: z.number(),
  reasons: z.array(z.string()),
  /** Runs that flagged the entity in the range, and the first and last of them (ISO). */
  runs: z.number(),
  first_at: z.string(),
  last_at: z.string(),
  /** The scores of the last (up to 24) runs that flagged it, oldest first. */
  spark: z.array(z.number()),
  /** The entity's triage state: its newest verdict or triage, 'new' when never triaged. */
  state: AnomalyState,
  /** Runs that flagged it after that verdict (seen again since). */
  runs_since_state: z.number(),
});
export type AnomalyEntity = z.infer<typeof AnomalyEntity>;

export const EntitySort = z.enum(['score', 'last', 'runs', 'ip']);
export type EntitySort = z.infer<typeof EntitySort>;

export const anomaliesEntities = operation({
  summary:
    'The triage queue by entity: one row per IP or (IP, JA4) flagged in the range, with its latest score and reasons, run count, score history and triage state',
  input: z
    .object({
      from: Instant.optional(),
      to: Instant.optional(),
      states: z.array(AnomalyState).max(4).optional(),
      level: z.enum(['ip', 'ip_ja4']).optional(),
      /** Case-insensitive text in the IP, the JA4 or the reasons. */
      text: z.string().max(200).optional(),
      sort: EntitySort.default('score'),
      desc: z.boolean().default(true),
      limit: z.number().int().min(1).max(20_000).default(5000),
    })
    .strict(),
  output: z.object({
    entities: z.array(AnomalyEntity),
    /** Entities matching every filter: the list holds all of them unless `limit` cut it. */
    total: z.number(),
    /** Entities per state under the other filters (the state checkboxes' counts). */
    counts: z.record(z.string(), z.number()),
  }),
});

export const anomaliesSetEntityState = operation({
  write: true,
  summary:
    'Triage by entity: the state of every run that flagged the entity (past runs now, later runs by inheritance); true/false positive are recorded as analyst feedback (false positives are suppressed in later runs)',
  input: z
    .object({
      entities: z.array(AnomalyEntityKey).min(1).max(5000),
      state: z.enum(['investigating', 'true_positive', 'false_positive']),
      analyst: z.string().min(1).max(128).default('analyst'),
      note: z.string().max(4096).default(''),
    })
    .strict(),
  output: z.object({ entities: z.number(), runs: z.number() }),
});
