// Validation failures of API input as 400s, worded by the shared zod-issue formatter.
import type { z } from 'zod';
import { describeIssues, type INPUT_UNKNOWN } from '../../common/util/zod-issues.js';
import { HttpError } from './http/body.js';

/**
 * A 400 naming every bad field (missing, invalid or unknown, the value shortened); `field` is the
 * first one's path (an unknown key's parent, where a form would show it).
 */
export function inputError(
  name: string,
  issues: readonly z.core.$ZodIssue[],
  input: unknown | typeof INPUT_UNKNOWN,
  prefix = '',
  schema?: unknown,
): HttpError {
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
  return new HttpError(
    400,
    'input.invalid',
    `${name}: ${message}${problems.length > 5 ? `; and ${problems.length - 5} more` : ''}`,
    field.replace(/\.$/, '') || undefined,
  );
}
