import { z } from 'zod';
import { operation } from './operation.js';
import { TimeWindow } from './time-range.js';

/** A (JA4, User-Agent) pair whose User-Agent claims a browser the JA4 is not. */
export const MismatchPair = z.object({
  ja4: z.string(),
  /** What the fingerprint is known as ('' when only its family is known). */
  ja4_label: z.string(),
  /** The family the JA4 belongs to: chrome, firefox, safari or tool. */
  ja4_family: z.string(),
  user_agent: z.string(),
  /** The browser the User-Agent claims. */
  ua_claims: z.string(),
  requests: z.number(),
  ips: z.number(),
  first_seen: z.string(),
  last_seen: z.string(),
});
export type MismatchPair = z.infer<typeof MismatchPair>;

export const mismatchList = operation({
  summary:
    'Fleet-wide User-Agent vs TLS mismatches in a window: (JA4, User-Agent) pairs whose User-Agent claims a browser the JA4 is not, most requests first',
  input: z
    .object({ window: TimeWindow, limit: z.number().int().min(1).max(5000).default(500) })
    .strict(),
  output: z.object({
    pairs: z.array(MismatchPair),
    /** Mismatched pairs in total (more than pairs.length when the limit cut), and their requests. */
    total: z.number(),
    requests: z.number(),
    /** Distinct (JA4, User-Agent) pairs looked at. */
    checked: z.number(),
  }),
});
