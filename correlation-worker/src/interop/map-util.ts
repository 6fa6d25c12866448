// Small readers shared by the format mappers; each names the log's own field in its error.
import type { BadInput } from '../ingest/bad-input.js';
import type { LineOutcome } from './event.js';

export function bad(kind: BadInput['kind'], field: string, message: string): LineOutcome {
  return { ok: false, bad: { kind, field, message } };
}

export const missingField = (field: string): LineOutcome =>
  bad('missing_field', field, `missing field \`${field}\``);

export const invalidField = (field: string, expected: string): LineOutcome =>
  bad('invalid_field', field, `invalid field \`${field}\`: expected ${expected}`);

export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A non-empty string, else undefined ('-' and '' are how the logs write "absent"). */
export function text(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' && v !== '-' ? v : undefined;
}

export function port(v: unknown): number | undefined {
  const n = typeof v === 'string' && v !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 65535 ? n : undefined;
}

/** Epoch seconds (number or numeric string) or RFC 3339 to microseconds; NaN when neither. */
export function timeToMicros(v: unknown): number {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? Math.round(v * 1e6) : NaN;
  if (typeof v !== 'string' || v === '') return NaN;
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1e6);
  // Suricata writes the offset without a colon (+0000), which Date.parse refuses.
  const iso = v.replace(/([+-]\d\d)(\d\d)$/, '$1:$2');
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return NaN;
  const frac = /T\d\d:\d\d:\d\d\.(\d+)/.exec(iso);
  const micros = frac ? Number(((frac[1] as string) + '000000').slice(0, 6)) : 0;
  return Math.floor(ms / 1000) * 1e6 + micros;
}

/** The path and the query of a request URI (without the leading '?'). */
export function splitUri(uri: string): { path: string; query?: string } {
  const q = uri.indexOf('?');
  return q < 0 ? { path: uri } : { path: uri.slice(0, q), query: uri.slice(q + 1) };
}
