// The fields of a correlated request event (issue 6's schema) that the detector reads. Until the
// correlator's CorrelatedEvent type lands in common/events/, this is the detector's own minimal
// view of it; field names follow issue 6 (src_ip, src_port, http_version, headers as ordered
// [name, value] pairs, correlation status) so aligning later is a re-export, not a rename.
// Unknown fields are ignored, so full correlator lines parse unchanged.
import { z } from 'zod';

export const CorrelationStatus = z.enum(['matched', 'request-only', 'handshake-only', 'ambiguous']);
export type CorrelationStatus = z.infer<typeof CorrelationStatus>;

/** ISO-8601 string or epoch milliseconds. */
const Time = z.union(
  [
    z.number().finite().nonnegative(),
    z
      .string()
      .refine((s) => !Number.isNaN(Date.parse(s)), 'not an ISO-8601 time')
      .transform((s) => Date.parse(s)),
  ],
  { error: 'expected an ISO-8601 time or epoch milliseconds' },
);

export const DetectorEvent = z.object({
  time: Time,
  src_ip: z.string().min(1).max(64),
  src_port: z.number().int().min(0).max(65535).optional(),
  correlation: CorrelationStatus.default('matched'),
  ja4: z.string().max(64).optional(),
  method: z.string().max(16).optional(),
  host: z.string().max(255).optional(),
  path: z.string().max(8192).optional(),
  http_version: z.string().max(16).optional(),
  status: z.number().int().min(0).max(999).optional(),
  headers: z
    .array(z.tuple([z.string(), z.string()]))
    .max(512)
    .optional(),
});
export type DetectorEventInput = z.input<typeof DetectorEvent>;
export type DetectorEvent = z.output<typeof DetectorEvent>;
