// Helpers for the access-log mappers: they name the log's own keys in their errors.
import type { LineResult } from './validate-line.js';

export function missing(field: string): LineResult<never> {
  return {
    ok: false,
    bad: { kind: 'missing_field', field, message: `missing field \`${field}\`` },
  };
}

export function invalid(field: string, expected: string): LineResult<never> {
  return {
    ok: false,
    bad: {
      kind: 'invalid_field',
      field,
      message: `invalid field \`${field}\`: expected ${expected}`,
    },
  };
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** nginx writes every variable as a string ("" when unset); numbers are parsed here. */
export function num(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string' || v === '' || v === '-') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : NaN;
}

export function splitUri(uri: string): { path: string; query?: string } {
  const q = uri.indexOf('?');
  return q < 0 ? { path: uri } : { path: uri.slice(0, q), query: uri.slice(q + 1) };
}
