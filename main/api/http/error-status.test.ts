import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../common/api/api-error.js';
import { ApiErrorKind } from '../../../common/api/errors.js';
import { HttpError } from './body.js';
import { errorBody, statusOf } from './error-status.js';

describe('API error kinds over HTTP', () => {
  it('maps every kind to its RFC 9110 status', () => {
    const expected = {
      invalid: 400,
      forbidden: 403,
      not_found: 404,
      conflict: 409,
      unavailable: 503,
    };
    for (const kind of ApiErrorKind.options)
      expect(statusOf(new ApiError(kind, 'x.y', 'm')), kind).toBe(expected[kind]);
  });

  it("keeps the binding's own statuses and hides what is not ours", () => {
    expect(statusOf(new HttpError(413, 'body.too_large', 'big'))).toBe(413);
    expect(statusOf(new Error('boom'))).toBe(500);
    expect(errorBody(new Error('secret path /etc'), 'internal error')).toEqual({
      error: { code: 'internal', message: 'internal error' },
    });
    expect(errorBody(new ApiError('invalid', 'input.invalid', 'bad', 'path'), '')).toEqual({
      error: { code: 'input.invalid', message: 'bad', field: 'path', kind: 'invalid' },
    });
  });
});
