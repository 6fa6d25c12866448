// ServerHello / HelloRetryRequest (RFC 8446 §4.1.3, RFC 5246 §7.4.1.3; DTLS has the same layout).
// Input: the handshake message body. Error contract: throws ParseError ('tls_parse') only, and
// only when a field before the extensions is cut: the extension block is read leniently (as
// tshark and Arkime do, so JA3S/JA4S still come out) and what was odd is named in `oddities`.
// Draft TLS 1.3 ServerHellos before draft 22 (version 0x7f00 + draft) have no session_id and no
// compression method (draft-ietf-tls-tls13-18 §4.1.3); tshark reads them the same way.
import { ParseError } from '../util/parse-error.js';
import { ByteReader } from '../util/reader.js';
import { ExtensionType, HELLO_RETRY_REQUEST_RANDOM } from './constants.js';
import { decodeAlpn, decodeServerSupportedVersion } from './extension-decoders.js';
import {
  readExtensionsLenient,
  type ExtensionBlockOddity,
  type TlsExtension,
} from './extension.js';

/** What was unusual about a ServerHello that still parsed (the engine counts each). */
export type ServerHelloOddity = 'draft_tls13' | ExtensionBlockOddity;

export interface ServerHello {
  readonly legacyVersion: number;
  readonly random: Uint8Array;
  readonly sessionId: Uint8Array;
  readonly cipherSuite: number;
  readonly compressionMethod: number;
  /** Extensions in wire order. */
  readonly extensions: readonly TlsExtension[];
  /** supported_versions selected_version, if the extension is present. */
  readonly selectedVersion: number | undefined;
  /** The ALPN protocol the server chose (raw bytes), if any. */
  readonly alpn: Uint8Array | undefined;
  /** True when random equals the HelloRetryRequest magic value. */
  readonly isHelloRetryRequest: boolean;
  /** Known extensions whose contents did not decode (their decoded field stays undefined). */
  readonly malformedExtensions: readonly number[];
  /** Draft TLS 1.3 layout, a one-byte or broken extension block: fingerprinted, but counted. */
  readonly oddities: readonly ServerHelloOddity[];
}

/** Draft TLS 1.3 versions 0x7f00 + n with n < 22 used the ServerHello without legacy fields. */
function isEarlyDraft(version: number): boolean {
  return version >>> 8 === 0x7f && (version & 0xff) < 22;
}

function isHrrRandom(random: Uint8Array): boolean {
  for (let i = 0; i < 32; i++) if (random[i] !== HELLO_RETRY_REQUEST_RANDOM[i]) return false;
  return true;
}

export function parseServerHello(body: Uint8Array): ServerHello {
  const r = new ByteReader(body, 'tls_parse');
  const legacyVersion = r.u16('server_hello.legacy_version');
  const random = r.bytes(32, 'server_hello.random');
  const oddities: ServerHelloOddity[] = [];
  const draft = isEarlyDraft(legacyVersion);
  if (draft) oddities.push('draft_tls13');
  const [sidS, sidE] = draft ? [r.pos, r.pos] : r.vector(1, 'server_hello.session_id');
  const cipherSuite = r.u16('server_hello.cipher_suite');
  const compressionMethod = draft ? 0 : r.u8('server_hello.compression_method');
  const ext = readExtensionsLenient(r);
  const extensions = ext.list;
  if (ext.oddity !== undefined) oddities.push(ext.oddity);
  let selectedVersion: number | undefined;
  let alpn: Uint8Array | undefined;
  const malformedExtensions: number[] = [];
  for (const ext of extensions) {
    try {
      if (ext.type === ExtensionType.supportedVersions)
        selectedVersion = decodeServerSupportedVersion(body, ext.start, ext.end);
      else if (ext.type === ExtensionType.alpn) alpn = decodeAlpn(body, ext.start, ext.end)[0];
    } catch (err) {
      if (!(err instanceof ParseError)) throw err;
      malformedExtensions.push(ext.type);
    }
  }
  return {
    legacyVersion,
    random,
    sessionId: body.subarray(sidS, sidE),
    cipherSuite,
    compressionMethod,
    extensions,
    selectedVersion,
    alpn,
    isHelloRetryRequest: isHrrRandom(random),
    malformedExtensions,
    oddities,
  };
}
