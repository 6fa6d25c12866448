// A JA4 in words (FoxIO JA4 spec, section "JA4: TLS client"): the a section is readable, b and c
// are truncated SHA-256 hashes whose inputs only the raw form (ja4_r) shows. Pure, no I/O.
const PROTOCOL: Record<string, string> = { t: 'TLS over TCP', q: 'QUIC', d: 'DTLS' };
const VERSION: Record<string, string> = {
  '13': 'TLS 1.3',
  '12': 'TLS 1.2',
  '11': 'TLS 1.1',
  '10': 'TLS 1.0',
  s3: 'SSL 3.0',
  s2: 'SSL 2.0',
  d1: 'DTLS 1.0',
  d2: 'DTLS 1.2',
  d3: 'DTLS 1.3',
  '00': 'unknown',
};

const CIPHERS: Record<string, string> = {
  '1301': 'TLS_AES_128_GCM_SHA256',
  '1302': 'TLS_AES_256_GCM_SHA384',
  '1303': 'TLS_CHACHA20_POLY1305_SHA256',
  c02b: 'ECDHE_ECDSA_AES_128_GCM_SHA256',
  c02f: 'ECDHE_RSA_AES_128_GCM_SHA256',
  c02c: 'ECDHE_ECDSA_AES_256_GCM_SHA384',
  c030: 'ECDHE_RSA_AES_256_GCM_SHA384',
  cca9: 'ECDHE_ECDSA_CHACHA20_POLY1305',
  cca8: 'ECDHE_RSA_CHACHA20_POLY1305',
  c013: 'ECDHE_RSA_AES_128_CBC_SHA',
  c014: 'ECDHE_RSA_AES_256_CBC_SHA',
  '009c': 'RSA_AES_128_GCM_SHA256',
  '009d': 'RSA_AES_256_GCM_SHA384',
  '002f': 'RSA_AES_128_CBC_SHA',
  '0035': 'RSA_AES_256_CBC_SHA',
  '000a': 'RSA_3DES_EDE_CBC_SHA',
};

const EXTENSIONS: Record<string, string> = {
  '0000': 'server_name',
  '0005': 'status_request',
  '000a': 'supported_groups',
  '000b': 'ec_point_formats',
  '000d': 'signature_algorithms',
  '0010': 'ALPN',
  '0012': 'signed_certificate_timestamp',
  '0015': 'padding',
  '0017': 'extended_master_secret',
  '001b': 'compress_certificate',
  '001c': 'record_size_limit',
  '0022': 'delegated_credentials',
  '0023': 'session_ticket',
  '002b': 'supported_versions',
  '002d': 'psk_key_exchange_modes',
  '0031': 'post_handshake_auth',
  '0033': 'key_share',
  '0039': 'quic_transport_parameters',
  '4469': 'application_settings',
  '44cd': 'application_settings (new)',
  fe0d: 'encrypted_client_hello',
  ff01: 'renegotiation_info',
};

export interface DecodedJa4 {
  protocol: string;
  version: string;
  sni: string;
  ciphers: number;
  extensions: number;
  alpn: string;
  cipherHash: string;
  extensionHash: string;
}

export function decodeJa4(ja4: string): DecodedJa4 | null {
  const m =
    /^([tqd])([0-9a-z]{2})([di])(\d{2})(\d{2})([0-9a-zA-Z]{2})_([0-9a-f]{12})_([0-9a-f]{12})$/.exec(
      ja4,
    );
  if (!m) return null;
  const alpn = m[6]!;
  return {
    protocol: PROTOCOL[m[1]!] ?? m[1]!,
    version: VERSION[m[2]!] ?? `version code ${m[2]}`,
    sni: m[3] === 'd' ? 'present (a domain name was sent)' : 'absent (connection to an IP)',
    ciphers: Number(m[4]),
    extensions: Number(m[5]),
    alpn:
      alpn === '00'
        ? 'none'
        : alpn === 'h2'
          ? 'h2 (HTTP/2)'
          : alpn === 'h1'
            ? 'http/1.1'
            : alpn === 'h3'
              ? 'h3 (HTTP/3)'
              : `first and last characters "${alpn}"`,
    cipherHash: m[7]!,
    extensionHash: m[8]!,
  };
}

export interface RawLists {
  ciphers: { hex: string; name: string }[];
  extensions: { hex: string; name: string }[];
  signatureAlgorithms: string[];
}

/** ja4_r: a_ciphers_extensions_sigalgs, each list comma-separated hex (sorted, GREASE removed). */
export function decodeJa4Raw(raw: string): RawLists | null {
  const parts = raw.split('_');
  if (parts.length < 3) return null;
  const list = (s: string | undefined) => (s ? s.split(',').filter(Boolean) : []);
  return {
    ciphers: list(parts[1]).map((hex) => ({ hex, name: CIPHERS[hex] ?? '' })),
    extensions: list(parts[2]).map((hex) => ({ hex, name: EXTENSIONS[hex] ?? '' })),
    signatureAlgorithms: list(parts[3]),
  };
}
