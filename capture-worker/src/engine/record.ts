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

export function finalRecord(
  flow: Flow,
  o: ResolvedEngineOptions,
  phase: 'handshake' | 'final' | undefined,
): ConnectionRecord | null {
  const s = flow.record;
  if (o.pcap !== undefined) s.pcap = o.pcap;
  if (o.sensor !== undefined) s.sensor = o.sensor;
  if (phase !== undefined) s.phase = phase;
  if (!o.ja4plus) for (const k of JA4PLUS_FIELDS) delete s[k];
  return orderedCopy(s);
}

type Draft = { -readonly [K in keyof ConnectionRecord]?: ConnectionRecord[K] };

/**
 * The record's set fields in RECORD_KEY_ORDER (the key order of the JSON line and of the store
 * row), empty lists left out; null when only identity fields are set. Written out field by field
 * rather than as a loop over RECORD_KEY_ORDER: a loop reads and writes by a computed key, and
 * with records of many shapes that ran through V8's megamorphic lookups, ~7% of the engine's
 * time on a handshake-heavy file (issue 22); a named store per field is an inline cache each.
 * record.test.ts holds this list to RECORD_KEY_ORDER and RECORD_IDENTITY.
 */
export function orderedCopy(s: Draft): ConnectionRecord | null {
  const out: Draft = {};
  let any = false;
  if (s.pcap !== undefined) out.pcap = s.pcap;
  if (s.sensor !== undefined) out.sensor = s.sensor;
  if (s.phase !== undefined) out.phase = s.phase;
  if (s.ts_us !== undefined) out.ts_us = s.ts_us;
  if (s.stream !== undefined) out.stream = s.stream;
  if (s.transport !== undefined) out.transport = s.transport;
  if (s.src !== undefined) out.src = s.src;
  if (s.src_port !== undefined) out.src_port = s.src_port;
  if (s.dst !== undefined) out.dst = s.dst;
  if (s.dst_port !== undefined) out.dst_port = s.dst_port;
  if (s.tls_server_name !== undefined) {
    out.tls_server_name = s.tls_server_name;
    any = true;
  }
  if (s.alpn !== undefined) {
    out.alpn = s.alpn;
    any = true;
  }
  if (s.tls_version !== undefined) {
    out.tls_version = s.tls_version;
    any = true;
  }
  if (s.cipher_count !== undefined) {
    out.cipher_count = s.cipher_count;
    any = true;
  }
  if (s.ja4 !== undefined) {
    out.ja4 = s.ja4;
    any = true;
  }
  if (s.ja4_r !== undefined) {
    out.ja4_r = s.ja4_r;
    any = true;
  }
  if (s.ja4_o !== undefined) {
    out.ja4_o = s.ja4_o;
    any = true;
  }
  if (s.ja4_ro !== undefined) {
    out.ja4_ro = s.ja4_ro;
    any = true;
  }
  if (s.ja4_additional !== undefined && s.ja4_additional.length > 0) {
    out.ja4_additional = s.ja4_additional;
    any = true;
  }
  if (s.ja4_additional_variants !== undefined && s.ja4_additional_variants.length > 0) {
    out.ja4_additional_variants = s.ja4_additional_variants;
    any = true;
  }
  if (s.ja4s !== undefined) {
    out.ja4s = s.ja4s;
    any = true;
  }
  if (s.ja4s_r !== undefined) {
    out.ja4s_r = s.ja4s_r;
    any = true;
  }
  if (s.ja3 !== undefined) {
    out.ja3 = s.ja3;
    any = true;
  }
  if (s.ja3_full !== undefined) {
    out.ja3_full = s.ja3_full;
    any = true;
  }
  if (s.ja3s !== undefined) {
    out.ja3s = s.ja3s;
    any = true;
  }
  if (s.ja3s_full !== undefined) {
    out.ja3s_full = s.ja3s_full;
    any = true;
  }
  if (s.ja3_additional !== undefined && s.ja3_additional.length > 0) {
    out.ja3_additional = s.ja3_additional;
    any = true;
  }
  if (s.ja3_full_additional !== undefined && s.ja3_full_additional.length > 0) {
    out.ja3_full_additional = s.ja3_full_additional;
    any = true;
  }
  if (s.ja3s_additional !== undefined && s.ja3s_additional.length > 0) {
    out.ja3s_additional = s.ja3s_additional;
    any = true;
  }
  if (s.ja3s_full_additional !== undefined && s.ja3s_full_additional.length > 0) {
    out.ja3s_full_additional = s.ja3s_full_additional;
    any = true;
  }
  if (s.ja4h !== undefined && s.ja4h.length > 0) {
    out.ja4h = s.ja4h;
    any = true;
  }
  if (s.ja4h_r !== undefined && s.ja4h_r.length > 0) {
    out.ja4h_r = s.ja4h_r;
    any = true;
  }
  if (s.ja4h_ro !== undefined && s.ja4h_ro.length > 0) {
    out.ja4h_ro = s.ja4h_ro;
    any = true;
  }
  if (s.ja4x !== undefined && s.ja4x.length > 0) {
    out.ja4x = s.ja4x;
    any = true;
  }
  if (s.ja4x_r !== undefined && s.ja4x_r.length > 0) {
    out.ja4x_r = s.ja4x_r;
    any = true;
  }
  if (s.ja4t !== undefined) {
    out.ja4t = s.ja4t;
    any = true;
  }
  if (s.ja4ts !== undefined) {
    out.ja4ts = s.ja4ts;
    any = true;
  }
  if (s.ja4l_c !== undefined) {
    out.ja4l_c = s.ja4l_c;
    any = true;
  }
  if (s.ja4l_s !== undefined) {
    out.ja4l_s = s.ja4l_s;
    any = true;
  }
  if (s.client_ttl !== undefined) out.client_ttl = s.client_ttl;
  if (s.server_ttl !== undefined) out.server_ttl = s.server_ttl;
  if (s.ja4ssh !== undefined && s.ja4ssh.length > 0) {
    out.ja4ssh = s.ja4ssh;
    any = true;
  }
  if (s.tls_upgrade !== undefined) {
    out.tls_upgrade = s.tls_upgrade;
    any = true;
  }
  return any ? (out as ConnectionRecord) : null;
}
