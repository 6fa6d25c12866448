// The correlated event: one per request (joined with its connection's handshake, or not) and one
// per handshake that no request claimed. Nothing the correlator receives leaves without one of
// these, so the status says why a fingerprint is missing.
import { z } from 'zod';
import { ConnectionRecord } from './connection.js';
import { HeaderPair, HttpRequestEvent } from './http-request.js';

export const CorrelationStatus = z.enum(['matched', 'request-only', 'handshake-only', 'ambiguous']);
export type CorrelationStatus = z.infer<typeof CorrelationStatus>;

export const CorrelatedRequest = HttpRequestEvent.omit({ time: true }).extend({
  ts_us: z.number().int().nonnegative(),
  headers: z.array(HeaderPair),
});

export const CorrelatedEvent = z.object({
  correlation: CorrelationStatus,
  /** Request start; for handshake-only, the handshake's time. Microseconds since the epoch. */
  ts_us: z.number().int().nonnegative(),
  src_ip: z.string(),
  src_port: z.number().int().min(0).max(65535),
  dst_ip: z.string().optional(),
  dst_port: z.number().int().min(0).max(65535).optional(),
  /** Stable id of the TLS connection: `src|sport|dst|dport|handshake ts_us`. */
  conn_id: z.string().optional(),
  request: CorrelatedRequest.optional(),
  /** JA4H computed from the logged headers (see request.header_order for how far to trust it). */
  ja4h: z.string().optional(),
  ja4h_r: z.string().optional(),
  ja4h_ro: z.string().optional(),
  /** The handshake of the request's connection (matched) or the unclaimed handshake. */
  handshake: ConnectionRecord.optional(),
  /** For ambiguous: the handshakes the request could belong to. */
  candidates: z.array(ConnectionRecord).optional(),
  /** Why the event left before its window closed: it arrived late, or state was evicted at the cap. */
  finalized: z.enum(['window', 'late', 'evicted', 'flush']).optional(),
});
export type CorrelatedEvent = z.infer<typeof CorrelatedEvent>;
