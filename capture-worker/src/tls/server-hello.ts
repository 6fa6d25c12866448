// ServerHello / HelloRetryRequest (RFC 8446 §4.1.3, RFC 5246 §7.4.1.3; DTLS has the same layout).
// Input: the handshake message body. Error contract: throws ParseError ('tls_parse') only.
import { ParseError } from '../util/parse-error.js';
import { ByteReader } from '../util/reader.js';
import { ExtensionType, HELLO_RETRY_REQUEST_RANDOM } from './constants.js';
import { decodeAlpn, decodeServerSupportedVersion } from './extension-decoders.js';
import { readExtensions, type TlsExtension } from './extension.js';

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
}

function isHrrRandom(random: Uint8Array): boolean {
  for (let i = 0; i < 32; i++) if (random[i] !== HELLO_RETRY_REQUEST_RANDOM[i]) return false;
  return true;
}

export function parseServerHello(body: Uint8Array): ServerHello {
  const r = new ByteReader(body, 'tls_parse');
  const legacyVersion = r.u16('server_hello.legacy_version');
  const random = r.bytes(32, 'server_hello.random');
  const [sidS, sidE] = r.vector(1, 'server_hello.session_id');
  const cipherSuite = r.u16('server_hello.cipher_suite');
  const compressionMethod = r.u8('server_hello.compression_method');
  const extensions = readExtensions(r);
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
  };
}
