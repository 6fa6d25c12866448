import { z } from 'zod';
import { operation } from './operation.js';
import { Counted, TimeWindow } from './time-range.js';

export const OverviewPoint = z.object({
  /** Bucket start, ISO-8601 UTC. */
  t: z.string(),
  handshakes: z.number(),
  requests: z.number(),
  /** Distinct client IPs the detector flagged in the bucket (false positives left out). */
  anomalies: z.number(),
});
export type OverviewPoint = z.infer<typeof OverviewPoint>;

export const OverviewStats = z.object({
  /** Width of each series bucket; events/s = (handshakes + requests) / bucketSeconds. */
  bucketSeconds: z.number().int().positive(),
  series: z.array(OverviewPoint),
  totals: z.object({
    handshakes: z.number(),
    requests: z.number(),
    /** Distinct client IPs flagged in the window, however many runs flagged each. */
    anomalies: z.number(),
    ips: z.number(),
    ja4s: z.number(),
  }),
  top: z.object({
    ja4: z.array(Counted),
    ip: z.array(Counted),
    sni: z.array(Counted),
    host: z.array(Counted),
  }),
  /** First and last event stored at all (any time), so an empty window can point at the data. */
  extent: z.object({ first: z.string(), last: z.string() }).nullable(),
});
export type OverviewStats = z.infer<typeof OverviewStats>;

export const overviewStats = operation({
  summary: 'Traffic over time and the top JA4s, IPs, SNIs and hosts in a time window',
  input: z
    .object({
      window: TimeWindow,
      top: z.number().int().min(1).max(100).default(10),
    })
    .strict(),
  output: OverviewStats,
});
