// A connection's identity across the store, the correlator (http_logs.conn_id) and the packet
// store: both endpoints and the first packet's capture time in microseconds. The same text names
// a connection in `ja4ws pcap --conn` and in the API.
import type { ConnectionRecord } from './connection.js';

export type ConnectionKey = Pick<
  ConnectionRecord,
  'src' | 'src_port' | 'dst' | 'dst_port' | 'ts_us'
>;

export function connectionId(r: ConnectionKey): string {
  return `${r.src}|${r.src_port}|${r.dst}|${r.dst_port}|${r.ts_us}`;
}

/** The parts of a connection id, or null when the text is not one. */
export function parseConnectionId(id: string): ConnectionKey | null {
  const m = /^([0-9A-Fa-f:.]+)\|(\d{1,5})\|([0-9A-Fa-f:.]+)\|(\d{1,5})\|(\d{1,17})$/.exec(id);
  if (m === null) return null;
  const sp = Number(m[2]);
  const dp = Number(m[4]);
  if (sp > 65535 || dp > 65535) return null;
  return { src: m[1]!, src_port: sp, dst: m[3]!, dst_port: dp, ts_us: Number(m[5]) };
}

/** The store's ISO-8601 text (microseconds) -> microseconds since the epoch, exactly. */
export function isoToUs(iso: string): number {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/.exec(iso);
  if (m === null) return Date.parse(iso) * 1000;
  return Date.parse(`${m[1]}Z`) * 1000 + Number((m[2] ?? '').padEnd(6, '0').slice(0, 6));
}

/** Microseconds since the epoch -> the store's ISO-8601 text (microseconds), exactly: the inverse
 * of isoToUs (Date's own text stops at milliseconds, which finds no stored row by its time). */
export function usToIso(us: number): string {
  const ms = Math.floor(us / 1000);
  const micros = String(us - ms * 1000).padStart(3, '0');
  return `${new Date(ms).toISOString().slice(0, -1)}${micros}Z`;
}
