// SQL fragments the investigation reads share. Fragments here are fixed text; every value a
// person typed travels as a query parameter ({name:Type}), never inside the SQL.
import type { ClickHouseClient } from '@clickhouse/client';
import type { Counted, TimeWindow } from '../../common/api/time-range.js';

export type Params = Record<string, unknown>;

/** DateTime64 column -> ISO-8601 UTC text with microseconds. */
export const isoTs = (col: string): string =>
  `formatDateTime(${col}, '%Y-%m-%dT%H:%i:%S.%fZ', 'UTC')`;

/** IPv6 column -> text, IPv4-mapped addresses shown as plain IPv4. */
export const showIp = (col: string): string =>
  `replaceRegexpOne(IPv6NumToString(${col}), '^::ffff:', '')`;

/** A `{ value, count }` row of a top-N query, as the API's Counted. */
export type CountRow = { value: string; count: unknown };
export const counted = (r: CountRow): Counted => ({ value: r.value, count: num(r.count) });

/** The parameters `inWindow()` reads. */
export function windowParams(w: TimeWindow): Params {
  return { w_from: chTime(w.from), w_to: chTime(w.to) };
}

/** `col` within [from, to). */
export const inWindow = (col: string): string =>
  `${col} >= toDateTime64({w_from:String}, 6, 'UTC') AND ${col} < toDateTime64({w_to:String}, 6, 'UTC')`;

/** For per-minute aggregate tables: every minute that overlaps the window. */
export const minutesInWindow = (col = 'minute'): string =>
  `${col} >= toStartOfMinute(toDateTime64({w_from:String}, 6, 'UTC')) AND ${col} < toDateTime64({w_to:String}, 6, 'UTC')`;

function chTime(iso: string): string {
  return new Date(Date.parse(iso)).toISOString().replace('T', ' ').replace('Z', '');
}

/** `*` wildcards -> a LIKE pattern; LIKE's own %, _ and \ in the value are escaped (they are data). */
export function likePattern(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`).replace(/\*/g, '%');
}

/** Exact match, or LIKE when the value holds `*`. The value is always a parameter. */
export function textMatch(col: string, name: string, value: string, params: Params): string {
  if (value.includes('*')) {
    params[name] = likePattern(value);
    return `${col} LIKE {${name}:String}`;
  }
  params[name] = value;
  return `${col} = {${name}:String}`;
}

/** ClickHouse returns 64-bit integers as strings in JSON; the contract wants numbers. */
export function num(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v !== '') return Number(v);
  return 0;
}

export function numOrNull(v: unknown): number | null {
  if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) return null;
  const n = num(v);
  return Number.isFinite(n) ? n : null;
}

export async function rows<T = Record<string, unknown>>(
  ch: ClickHouseClient,
  query: string,
  params: Params,
  signal?: AbortSignal,
): Promise<T[]> {
  const rs = await ch.query({
    query,
    query_params: params,
    format: 'JSONEachRow',
    ...(signal ? { abort_signal: signal } : {}),
  });
  return rs.json<T>();
}

/** Bucket widths a chart may use; the first giving at most ~150 points wins. */
const BUCKETS = [60, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 604800];

export function bucketFor(w: TimeWindow): number {
  const span = (Date.parse(w.to) - Date.parse(w.from)) / 1000;
  return BUCKETS.find((b) => span / b <= 150) ?? BUCKETS[BUCKETS.length - 1]!;
}

/** Every bucket start in the window (epoch-aligned, as toStartOfInterval aligns seconds). */
export function bucketStarts(w: TimeWindow, bucket: number): string[] {
  const step = bucket * 1000;
  const out: string[] = [];
  for (let t = Math.floor(Date.parse(w.from) / step) * step; t < Date.parse(w.to); t += step)
    out.push(new Date(t).toISOString().replace('.000Z', 'Z'));
  return out;
}

/** Bucket start of a DateTime column as ISO text matching bucketStarts(). */
export const bucketExpr = (col: string): string =>
  `formatDateTime(toStartOfInterval(${col}, toIntervalSecond({bucket:UInt32})), '%Y-%m-%dT%H:%i:%SZ', 'UTC')`;
