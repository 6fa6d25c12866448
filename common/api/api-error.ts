// The error of an Operation, whatever carries it. Domain code says what went wrong (`kind`) and
// never how a transport reports it: the HTTP binding maps the kind to a status
// (main/api/http/error-status.ts), IPC passes kind, code, message and field through unchanged.
import { AppError } from '../util/errors.js';
import type { ApiErrorKind } from './errors.js';

export class ApiError extends AppError {
  constructor(
    readonly kind: ApiErrorKind,
    code: string,
    message: string,
    /** The input path at fault, for forms (`invalid`). */
    readonly field?: string,
    context: Record<string, unknown> = {},
  ) {
    super(code, message, { ...context, kind, ...(field ? { field } : {}) });
  }
}
