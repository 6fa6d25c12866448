import { z } from 'zod';
import { operation } from './operation.js';

/** One row of the Live view: a correlated request, or a connection seen by a sensor. */
export const LiveEvent = z.object({
  seq: z.number().int().nonnegative(),
  ts: z.string(),
  kind: z.enum(['request', 'connection']),
  /** For requests: how the request was joined to a handshake. */
  correlation: z.enum(['matched', 'request-only', 'handshake-only', 'ambiguous']).optional(),
  sensor: z.string().optional(),
  src: z.string(),
  src_port: z.number().int(),
  dst: z.string().optional(),
  dst_port: z.number().int().optional(),
  host: z.string().optional(),
  method: z.string().optional(),
  path: z.string().optional(),
  status: z.number().int().optional(),
  user_agent: z.string().optional(),
  tls_server_name: z.string().optional(),
  ja4: z.string().optional(),
  ja4h: z.string().optional(),
  ja3: z.string().optional(),
});
export type LiveEvent = z.infer<typeof LiveEvent>;

export const livePoll = operation({
  summary:
    'Live events after a sequence number (poll every few hundred ms; also streamed as Server-Sent Events at GET /api/v1/stream/live)',
  input: z
    .object({
      /** Last seq the client has; omit for the most recent events. */
      after: z.number().int().min(-1).optional(),
      limit: z.number().int().min(1).max(5000).default(2000),
    })
    .strict(),
  output: z.object({
    events: z.array(LiveEvent),
    /** The newest seq now; pass it as `after` next time. */
    last: z.number().int(),
    /** Events the client missed because the buffer moved past them (it polled too slowly). */
    missed: z.number().int().nonnegative(),
  }),
});

export const liveStreamPath = '/api/v1/stream/live';
