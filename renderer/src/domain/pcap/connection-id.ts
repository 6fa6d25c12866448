// A result row's connection id (the store's ts has microseconds), for `conn` selections.
import { connectionId, isoToUs } from '../../../../common/events/connection-id.js';

export function rowConnectionId(r: {
  ts: string;
  src: string;
  src_port: number;
  dst: string;
  dst_port: number;
}): string {
  return connectionId({ ...r, ts_us: isoToUs(r.ts) });
}
