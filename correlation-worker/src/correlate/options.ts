// Correlator settings. Defaults: a handshake may precede its connection's first request by up to
// 60 s (slow clients, TLS false start, pre-connect); a connection lives 300 s after its last
// request (browsers keep idle HTTP/2 connections about that long); events may arrive up to 2 s out
// of order; the web server's and the sensor's clocks may disagree by 250 ms.
import { z } from 'zod';

export const CorrelatorOptions = z
  .object({
    windowMs: z.number().int().positive().default(60_000),
    idleTimeoutMs: z.number().int().positive().default(300_000),
    reorderMs: z.number().int().nonnegative().default(2_000),
    skewMs: z.number().int().nonnegative().default(250),
    /** Open connections (handshakes held); beyond it the oldest are evicted, emitted and counted. */
    maxConnections: z.number().int().positive().default(500_000),
    /** Requests waiting for their decision; beyond it the oldest is decided early and counted. */
    maxPendingRequests: z.number().int().positive().default(100_000),
    /** With a live clock, events dated further ahead than this do not move time forward. */
    maxFutureMs: z.number().int().nonnegative().default(300_000),
    /** Compute JA4H from the logged headers. */
    ja4h: z.boolean().default(true),
  })
  .strict();
export type CorrelatorOptions = z.infer<typeof CorrelatorOptions>;
export type CorrelatorOptionsInput = z.input<typeof CorrelatorOptions>;
