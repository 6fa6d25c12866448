// How the HTTP binding reports an error: an ApiError's kind becomes its status; the binding's own
// HttpErrors (body too large, wrong method, rate limit) carry theirs; anything else is our bug, 500.
import { ApiError } from '../../../common/api/api-error.js';
import type { ApiErrorBody, ApiErrorKind } from '../../../common/api/errors.js';
import { AppError } from '../../../common/util/errors.js';
import { HttpError } from './body.js';

export const kindStatus: Record<ApiErrorKind, number> = {
  invalid: 400,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
};

export function statusOf(err: unknown): number {
  if (err instanceof HttpError) return err.status;
  if (err instanceof ApiError) return kindStatus[err.kind];
  return 500;
}

/** The response body of an error; `internal` hides messages of errors that are not ours to show. */
export function errorBody(err: unknown, internalMessage: string): ApiErrorBody {
  const status = statusOf(err);
  const field = err instanceof HttpError || err instanceof ApiError ? err.field : undefined;
  return {
    error: {
      code: err instanceof AppError ? err.code : 'internal',
      message:
        status >= 500 && !(err instanceof AppError)
          ? internalMessage
          : err instanceof Error
            ? err.message
            : String(err),
      ...(field ? { field } : {}),
      ...(err instanceof ApiError ? { kind: err.kind } : {}),
    },
  };
}
