// The time window every investigation read takes. The renderer resolves relative ranges ("last
// 24 h") to absolute instants before calling, so one query key names one result.
import { z } from 'zod';

const MAX_SPAN_DAYS = 3660;

/** Instants the API accepts: the store's timestamps (DateTime64, events since 1970) and any range an
 * analyst can mean fall between these; outside them a value is a mistake or an attack, refused with
 * a 400 before it reaches a query. */
export const MIN_INSTANT_MS = Date.UTC(1970, 0, 1);
export const MAX_INSTANT_MS = Date.UTC(2100, 0, 1);
/** Fraction digits: nanoseconds at most (the store keeps microseconds). */
const MAX_FRACTION_DIGITS = 9;

/** Why an instant (epoch milliseconds parsed from `text`) is out of bounds, or undefined. */
export function instantRangeProblem(text: string, ms: number): string | undefined {
  const fraction = /[.,](\d+)/.exec(text)?.[1];
  if (fraction !== undefined && fraction.length > MAX_FRACTION_DIGITS)
    return `at most ${MAX_FRACTION_DIGITS} fraction digits (nanoseconds), got ${fraction.length}`;
  if (!Number.isFinite(ms) || ms < MIN_INSTANT_MS || ms >= MAX_INSTANT_MS)
    return 'expected an instant between 1970-01-01 and 2099-12-31 (UTC)';
  return undefined;
}

export const Instant = z.iso
  .datetime({
    offset: true,
    error: 'expected an ISO-8601 date-time such as 2026-11-24T10:00:00Z',
  })
  .max(64, 'an ISO-8601 date-time is at most 64 characters')
  .superRefine((s, ctx) => {
    const problem = instantRangeProblem(s, Date.parse(s));
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
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
