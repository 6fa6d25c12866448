import { z } from 'zod';
import { operation } from './operation.js';
import { Counted, TimeWindow } from './time-range.js';

export const KnownApplication = z.object({
  application: z.string(),
  library: z.string(),
  device: z.string(),
  os: z.string(),
  notes: z.string(),
  /** chrome, firefox, safari, tool, impersonator, server or '' (docs/fingerprints.md). */
  family: z.string(),
  /** Where the entry comes from, when it was observed or published, how, and its licence. */
  source: z.string(),
  observed: z.string(),
  method: z.string(),
  licence: z.string(),
});
export type KnownApplication = z.infer<typeof KnownApplication>;

/**
 * What the knowledge base says a JA4 is, and how sure: `exact` (the JA4 is an entry), `family`
 * (an unknown JA4 sending a known cipher list over the same protocol and version: inferred),
 * `none`. `basis` says in words what the label rests on; `entries` are the entries it rests on.
 */
export const Ja4Knowledge = z.object({
  confidence: z.enum(['exact', 'family', 'none']),
  label: z.string(),
  family: z.string(),
  basis: z.string(),
  entries: z.array(KnownApplication),
});
export type Ja4Knowledge = z.infer<typeof Ja4Knowledge>;

export const HourlySignal = z.object({
  hour: z.string(),
  handshakes: z.number(),
  requests: z.number(),
  /** Share of requests whose User-Agent is a browser's (Mozilla/5.0 ...), null without requests. */
  browser_share: z.number().nullable(),
  user_agents: z.number(),
  paths: z.number(),
  ips: z.number(),
});
export type HourlySignal = z.infer<typeof HourlySignal>;

export const FingerprintProfile = z.object({
  ja4: z.string(),
  /** A raw (ja4_r) string seen with this JA4, for the cipher and extension lists; '' if none. */
  ja4_r: z.string(),
  known: z.array(KnownApplication),
  knowledge: Ja4Knowledge,
  totals: z.object({
    handshakes: z.number(),
    requests: z.number(),
    ips: z.number(),
    first_seen: z.string().nullable(),
    last_seen: z.string().nullable(),
  }),
  ips: z.array(Counted),
  userAgents: z.array(Counted),
  snis: z.array(Counted),
  ja4s: z.array(Counted),
  ja4x: z.array(Counted),
  ja3: z.array(Counted),
  hourly: z.array(HourlySignal),
  /** Ranks among every JA4 seen in the window (1 = most), and how many JA4s there were. */
  ranks: z.object({
    by_events: z.number().nullable(),
    by_ips: z.number().nullable(),
    of: z.number(),
  }),
  /** JA4s sharing this one's cipher hash (the b section). */
  family: z.array(Counted),
});
export type FingerprintProfile = z.infer<typeof FingerprintProfile>;

export const JA4_PATTERN = /^[tqd][0-9a-z]{2}[di][0-9]{4}[0-9a-zA-Z]{2}_[0-9a-f]{12}_[0-9a-f]{12}$/;

export const fingerprintProfile = operation({
  summary: 'One JA4: known applications, who uses it, related fingerprints, hourly signals, family',
  input: z
    .object({
      ja4: z
        .string()
        .trim()
        .regex(JA4_PATTERN, 'expected a whole JA4 such as t13d1516h2_8daaf6152771_e5627efa2ab1'),
      window: TimeWindow,
    })
    .strict(),
  output: FingerprintProfile,
});
