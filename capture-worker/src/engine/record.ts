// Builds the emitted record from a flow: keys in a stable order (identity first, then the
// fingerprints as expected.jsonl orders them), JA4+ fields removed when the licensing switch is off,
// and nothing emitted for a connection that produced no fingerprint at all.
import type { ConnectionRecord } from '../../../common/events/connection.js';
import type { Flow } from './flow.js';
import type { ResolvedEngineOptions } from './options.js';

/** FoxIO License 1.1 fields: dropped when `ja4plus` is false. */
export const JA4PLUS_FIELDS = [
  'ja4s',
  'ja4s_r',
  'ja4h',
  'ja4h_r',
  'ja4h_ro',
  'ja4x',
  'ja4x_r',
  'ja4t',
  'ja4ts',
  'ja4l_c',
  'ja4l_s',
  'ja4ssh',
] as const satisfies readonly (keyof ConnectionRecord)[];

/** Key order of every emitted record (and the column order of the CLI's CSV). */
export const RECORD_KEY_ORDER: readonly (keyof ConnectionRecord)[] = [
  'pcap',
  'sensor',
  'phase',
  'ts_us',
  'stream',
  'transport',
  'src',
  'src_port',
  'dst',
  'dst_port',
  'tls_server_name',
  'alpn',
  'tls_version',
  'cipher_count',
  'ja4',
  'ja4_r',
  'ja4_o',
  'ja4_ro',
  'ja4_additional',
  'ja4_additional_variants',
  'ja4s',
  'ja4s_r',
  'ja3',
  'ja3_full',
  'ja3s',
  'ja3s_full',
  'ja3_additional',
  'ja3_full_additional',
  'ja3s_additional',
  'ja3s_full_additional',
  'ja4h',
  'ja4h_r',
  'ja4h_ro',
  'ja4x',
  'ja4x_r',
  'ja4t',
  'ja4ts',
  'ja4l_c',
  'ja4l_s',
  'client_ttl',
  'server_ttl',
  'ja4ssh',
  // Last, so existing CSV columns keep their positions.
  'tls_upgrade',
];

/** Fields that say which connection a record is, not what was fingerprinted. */
export const RECORD_IDENTITY: ReadonlySet<string> = new Set<string>([
  'pcap',
  'sensor',
  'phase',
  'ts_us',
  'stream',
  'transport',
  'src',
  'src_port',
  'dst',
  'dst_port',
  'client_ttl',
  'server_ttl',
]);

// RECORD_IDENTITY by position in RECORD_KEY_ORDER: one array read per key, not a Set lookup (this
// loop runs for every record; issue 22).
const IS_IDENTITY: readonly boolean[] = RECORD_KEY_ORDER.map((k) => RECORD_IDENTITY.has(k));

export function finalRecord(
  flow: Flow,
  o: ResolvedEngineOptions,
  phase: 'handshake' | 'final' | undefined,
): ConnectionRecord | null {
  const src = flow.record as Record<string, unknown>;
  if (o.pcap !== undefined) src['pcap'] = o.pcap;
  if (o.sensor !== undefined) src['sensor'] = o.sensor;
  if (phase !== undefined) src['phase'] = phase;
  if (!o.ja4plus) for (const k of JA4PLUS_FIELDS) delete src[k];
  const out: Record<string, unknown> = {};
  let any = false;
  for (let i = 0; i < RECORD_KEY_ORDER.length; i++) {
    const k = RECORD_KEY_ORDER[i] as string;
    const v = src[k];
    if (v === undefined) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    out[k] = v;
    if (!IS_IDENTITY[i]) any = true;
  }
  return any ? (out as ConnectionRecord) : null;
}
