// One search row in full: every stored field of the request and of its connection's handshake,
// found by the connection's addresses and ports and the row's time. Fields are shown as text and
// empty ones left out, so the pane lists what was actually seen (a new column shows up by itself).
import type { ClickHouseClient } from '@clickhouse/client';
import type { DetailField } from '../../../common/api/event-detail.js';
import type { SearchSource } from '../../../common/api/search.js';
import { rows } from '../../core/sql-parts.js';
import { displayIp, toStoredIp } from '../../storage/rows/ip.js';

export interface DetailInput {
  source: SearchSource;
  ts: string;
  src: string;
  src_port: number;
  dst: string;
  dst_port: number;
}

const CONNECTION = `src_ip = toIPv6({src:String}) AND src_port = {sp:UInt16}
  AND dst_ip = toIPv6({dst:String}) AND dst_port = {dp:UInt16}`;
const AT = `parseDateTime64BestEffort({ts:String}, 6, 'UTC')`;
// Columns that say nothing to a person (storage bookkeeping).
const HIDDEN = new Set(['ingested_at', 'headers']);

export async function eventDetail(
  ch: ClickHouseClient,
  input: DetailInput,
): Promise<{
  request: DetailField[] | null;
  headers: [string, string][];
  handshake: DetailField[] | null;
}> {
  const params = {
    src: toStoredIp(input.src),
    sp: input.src_port,
    dst: toStoredIp(input.dst),
    dp: input.dst_port,
    ts: input.ts,
  };
  const [request] =
    input.source === 'requests'
      ? await rows(ch, `SELECT * FROM http_logs WHERE ${CONNECTION} AND ts = ${AT} LIMIT 1`, params)
      : [undefined];
  // The handshake is the connection's latest one at or before the row (a request comes after its
  // connection's handshake; a handshake row is its own).
  const [handshake] = await rows(
    ch,
    `SELECT * FROM tls_handshakes WHERE ${CONNECTION} AND ts <= ${AT} ORDER BY ts DESC LIMIT 1`,
    params,
  );
  const headers = ((request?.headers ?? []) as unknown[]).map((h) => {
    const [name, value] = Array.isArray(h)
      ? (h as string[])
      : [String((h as { name: string }).name), String((h as { value: string }).value)];
    return [String(name), String(value)] as [string, string];
  });
  return {
    request: request ? fields(request) : null,
    headers,
    handshake: handshake ? fields(handshake) : null,
  };
}

function fields(row: Record<string, unknown>): DetailField[] {
  const out: DetailField[] = [];
  for (const [name, raw] of Object.entries(row)) {
    if (HIDDEN.has(name)) continue;
    const value = text(name, raw);
    if (value !== '') out.push({ name, value });
  }
  return out;
}

function text(name: string, v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v))
    return v
      .map((x) => text(name, x))
      .filter((x) => x !== '')
      .join(', ');
  if (typeof v === 'object') return JSON.stringify(v) === '{}' ? '' : JSON.stringify(v);
  const s = String(v);
  if (name.endsWith('_ip')) return displayIp(s);
  if (s === '0' && /port|status|bytes|count|duration/.test(name)) return '';
  if (/^1970-01-01 00:00:00(\.0+)?$/.test(s)) return '';
  return s;
}
