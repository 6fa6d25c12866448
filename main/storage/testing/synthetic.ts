// Synthetic tls_handshakes rows for volume tests and benchmarks: real fingerprints from the
// project's own test captures (testing/reference-records.ts), spread over many client IPs, each
// row unique by (ts, stream).
import type { ConnectionRecord } from '../../../common/events/connection.js';
import { handshakeToRow, type TlsHandshakeRow } from '../rows/tls-handshake.js';
import { realRecords } from './reference-records.js';

let templates: ConnectionRecord[] | undefined;

/** Row i of a deterministic stream: ts = baseUs + i * stepUs, stream = i. */
export function syntheticRecord(
  i: number,
  baseUs: number,
  stepUs = 1,
  ips = 50_000,
): ConnectionRecord {
  templates ??= realRecords().filter((r) => r.ja4);
  const t = templates[i % templates.length]!;
  const ip = i % ips;
  return {
    ...t,
    ts_us: baseUs + i * stepUs,
    stream: i % 4_000_000_000,
    src: `10.${(ip >> 16) & 255}.${(ip >> 8) & 255}.${ip & 255}`,
    src_port: 1024 + (i % 60000),
  };
}

export function syntheticRows(
  from: number,
  count: number,
  baseUs: number,
  stepUs = 1,
): TlsHandshakeRow[] {
  const out: TlsHandshakeRow[] = new Array(count);
  for (let k = 0; k < count; k++)
    out[k] = handshakeToRow(syntheticRecord(from + k, baseUs, stepUs));
  return out;
}
