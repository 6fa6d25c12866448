// The time window every investigation read takes. The renderer resolves relative ranges ("last
// 24 h") to absolute instants before calling, so one query key names one result.
import { z } from 'zod';

const MAX_SPAN_DAYS = 3660;

export const Instant = z.iso.datetime({
  offset: true,
  error: 'expected an ISO-8601 date-time such as 2026-11-24T10:00:00Z',
});

export const TimeWindow = z
  .object({ from: Instant, to: Instant })
  .refine((w) => Date.parse(w.from) < Date.parse(w.to), {
    message: '"from" must be before "to"',
    path: ['to'],
  })
  .refine((w) => Date.parse(w.to) - Date.parse(w.from) <= MAX_SPAN_DAYS * 86_400_000, {
    message: `the time range may span at most ${MAX_SPAN_DAYS} days`,
    path: ['from'],
  });
export type TimeWindow = z.infer<typeof TimeWindow>;

/** A value and how often it was seen, with a known-application label when one exists. */
export const Counted = z.object({
  value: z.string(),
  count: z.number(),
  label: z.string().optional(),
});
export type Counted = z.infer<typeof Counted>;
