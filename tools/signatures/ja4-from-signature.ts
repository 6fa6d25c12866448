// The JA4 of a recorded browser ClientHello described field by field (curl-impersonate's
// signatures, data/sources/curl-impersonate-signatures.json): the hello is rebuilt as bytes and
// fingerprinted by the engine's own parser and JA4, so a signature and a capture of the same
// browser go through the same code. Extension bodies other than those JA4 reads are left empty.
import { parseClientHello } from '../../capture-worker/src/tls/client-hello.js';
import {
  ascii,
  clientHelloBody,
  ext,
  type Ext,
} from '../../capture-worker/src/tls/fixtures/build.js';
import { ja4 } from '../../capture-worker/src/fingerprint/ja4.js';

export interface Signature {
  file: string;
  commit: string;
  browser: string;
  version: string;
  os: string;
  family: string;
  ciphersuites: number[];
  extensions: string[];
  sig_hash_algs: number[];
  alpn_list: string[];
  supported_versions: string[];
}

/** curl-impersonate's extension names -> IANA TLS ExtensionType values. */
const TYPES: Record<string, number> = {
  server_name: 0x0000,
  status_request: 0x0005,
  supported_groups: 0x000a,
  ec_point_formats: 0x000b,
  signature_algorithms: 0x000d,
  application_layer_protocol_negotiation: 0x0010,
  signed_certificate_timestamp: 0x0012,
  padding: 0x0015,
  extended_master_secret: 0x0017,
  compress_certificate: 0x001b,
  record_size_limit: 0x001c,
  delegated_credentials: 0x0022,
  session_ticket: 0x0023,
  supported_versions: 0x002b,
  psk_key_exchange_modes: 0x002d,
  keyshare: 0x0033,
  application_settings: 0x4469,
  encrypted_client_hello: 0xfe0d,
  renegotiation_info: 0xff01,
};

const VERSIONS: Record<string, number> = {
  TLS_VERSION_1_3: 0x0304,
  TLS_VERSION_1_2: 0x0303,
  TLS_VERSION_1_1: 0x0302,
  TLS_VERSION_1_0: 0x0301,
};

function extension(name: string, s: Signature): Ext {
  const type = TYPES[name];
  if (type === undefined) throw new Error(`${s.file}: unknown extension ${name}`);
  switch (name) {
    case 'server_name':
      return ext.sni('example.com');
    case 'application_layer_protocol_negotiation':
      return ext.alpn(...s.alpn_list.map(ascii));
    case 'signature_algorithms':
      return ext.sigAlgs(...s.sig_hash_algs);
    case 'supported_versions':
      return ext.supportedVersions(
        ...s.supported_versions.map((v) => {
          const n = VERSIONS[v];
          if (n === undefined) throw new Error(`${s.file}: unknown version ${v}`);
          return n;
        }),
      );
    default:
      return ext.empty(type);
  }
}

export function signatureJa4(s: Signature): string {
  const body = clientHelloBody({
    ciphers: s.ciphersuites,
    extensions: s.extensions.map((e) => extension(e, s)),
  });
  return ja4(parseClientHello(body), { protocol: 't' });
}
