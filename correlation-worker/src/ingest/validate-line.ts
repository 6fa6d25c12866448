// One line to one validated value or one classified error. UTF-8 is checked before decoding
// because Buffer#toString would silently replace bad bytes with U+FFFD.
import { isUtf8 } from 'node:buffer';
import type { z } from 'zod';
import { describeIssues } from '../../../common/util/zod-issues.js';
import type { BadInput } from './bad-input.js';

export type LineResult<T> = { ok: true; value: T } | { ok: false; bad: BadInput };

export function parseJsonLine(line: Buffer): LineResult<unknown> {
  if (!isUtf8(line))
    return { ok: false, bad: { kind: 'invalid_utf8', message: 'line is not valid UTF-8' } };
  try {
    return { ok: true, value: JSON.parse(line.toString('utf8')) as unknown };
  } catch (err) {
    return { ok: false, bad: { kind: 'malformed_json', message: (err as Error).message } };
  }
}

export function checkSchema<T>(schema: z.ZodType<T>, value: unknown): LineResult<T> {
  const r = schema.safeParse(value);
  if (r.success) return { ok: true, value: r.data };
  const p = describeIssues(r.error.issues, value)[0];
  return {
    ok: false,
    bad: {
      kind: p?.kind === 'missing' ? 'missing_field' : 'invalid_field',
      field: p?.path || '(root)',
      message: p?.message ?? 'invalid line',
    },
  };
}
