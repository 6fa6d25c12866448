// Validation failures of API input (kind 'invalid', a 400 over HTTP), worded by the shared
// zod-issue formatter. In core because the dispatch and the domain (tuning) both raise it.
import type { z } from 'zod';
import { describeIssues, type INPUT_UNKNOWN } from '../../common/util/zod-issues.js';
import { ApiError } from '../../common/api/api-error.js';

/**
 * An `invalid` error naming every bad field (missing, invalid or unknown, the value shortened); `field` is the
 * first one's path (an unknown key's parent, where a form would show it).
 */
export function inputError(
  name: string,
  issues: readonly z.core.$ZodIssue[],
  input: unknown | typeof INPUT_UNKNOWN,
  prefix = '',
  schema?: unknown,
): ApiError {
  const problems = describeIssues(issues, input, {
    schema,
    name: (path) => `\`${prefix}${path}\``,
  });
  const first = problems[0];
  const field =
    first === undefined
      ? ''
      : prefix +
        (first.kind === 'unknown' ? first.path.split('.').slice(0, -1).join('.') : first.path);
  const message = problems
    .slice(0, 5)
    .map((p) => p.message)
    .join('; ');
  return new ApiError(
    'invalid',
    'input.invalid',
    `${name}: ${message}${problems.length > 5 ? `; and ${problems.length - 5} more` : ''}`,
    field.replace(/\.$/, '') || undefined,
  );
}
