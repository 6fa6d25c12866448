import { z } from 'zod';

/**
 * What went wrong with an Operation, independent of the transport: bad input, a missing thing,
 * a state that refuses the call, a caller without the right, a part that cannot answer now.
 * Errors of the transport itself (body too large, wrong method, rate limit) have no kind.
 */
export const ApiErrorKind = z.enum([
  'invalid',
  'not_found',
  'conflict',
  'forbidden',
  'unavailable',
]);
export type ApiErrorKind = z.infer<typeof ApiErrorKind>;

/** The body of every non-2xx API response. `field` names the offending input path for 400s. */
export const ApiErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    field: z.string().optional(),
    kind: ApiErrorKind.optional(),
  }),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;
