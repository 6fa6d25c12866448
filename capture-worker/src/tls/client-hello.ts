// ClientHello (RFC 8446 §4.1.2, RFC 5246 §7.4.1.2, DTLS RFC 6347 §4.2.1 with the cookie).
// Input: the handshake message body (after the 4-byte TLS / 12-byte DTLS handshake header).
// Error contract: throws ParseError (code 'tls_parse') with {offset, field}; never anything else.
// A known extension with undecodable contents does not fail the hello (see malformedExtensions).
// Returned byte fields are views into `body`: copy them if the buffer is reused.
import { ParseError } from '../util/parse-error.js';
import { ByteReader } from '../util/reader.js';
import { ExtensionType } from './constants.js';
import {
  decodeAlpn,
  decodeClientSupportedVersions,
  decodeEcPointFormats,
  decodeServerName,
  decodeU16Vector,
} from './extension-decoders.js';
import { readExtensions, type TlsExtension } from './extension.js';

export interface ClientHello {
  /** client_version / legacy_version (0x0303 for TLS 1.2 and 1.3, 0xfefd for DTLS 1.2). */
  readonly legacyVersion: number;
  readonly random: Uint8Array;
  readonly sessionId: Uint8Array;
  /** DTLS only (HelloVerifyRequest cookie); undefined for TLS. */
  readonly cookie: Uint8Array | undefined;
  /** Cipher suites in wire order, GREASE included. */
  readonly cipherSuites: readonly number[];
  readonly compressionMethods: Uint8Array;
  /** Extensions in wire order, GREASE and unknown types included. */
  readonly extensions: readonly TlsExtension[];
  /** First host_name of server_name, if the extension is present and names one. */
  readonly serverName: string | undefined;
  /** ALPN protocol names (raw bytes) in wire order; [] if no ALPN extension. */
  readonly alpn: readonly Uint8Array[];
  /** supported_versions list in wire order (GREASE included); [] if absent. */
  readonly supportedVersions: readonly number[];
  /** signature_algorithms (0x000d) in wire order (GREASE included); [] if absent. */
  readonly signatureAlgorithms: readonly number[];
  /** supported_groups (0x000a) in wire order (GREASE included); [] if absent. */
  readonly supportedGroups: readonly number[];
  /** ec_point_formats (0x000b) in wire order; [] if absent. */
  readonly ecPointFormats: readonly number[];
  /**
   * Types of known extensions whose contents did not decode (their decoded field above stays
   * empty). The hello itself is still valid: JA4/JA3 read only the extension types.
   */
  readonly malformedExtensions: readonly number[];
}

export interface ParseClientHelloOptions {
  /** Parse the DTLS layout (cookie after session_id). */
  dtls?: boolean;
}

export function parseClientHello(
  body: Uint8Array,
  opts: ParseClientHelloOptions = {},
): ClientHello {
  const r = new ByteReader(body, 'tls_parse');
  const legacyVersion = r.u16('client_hello.legacy_version');
  r.skip(32, 'client_hello.random');
  const [sidS, sidE] = r.vector(1, 'client_hello.session_id');
  let cookie: Uint8Array | undefined;
  if (opts.dtls) {
    const [cS, cE] = r.vector(1, 'client_hello.cookie');
    cookie = body.subarray(cS, cE);
  }
  const csLen = r.u16('client_hello.cipher_suites.length');
  if (csLen % 2 !== 0)
    r.fail('client_hello.cipher_suites.length', `odd cipher_suites length ${csLen}`);
  r.need(csLen, 'client_hello.cipher_suites');
  const cipherSuites: number[] = new Array<number>(csLen >>> 1);
  for (let i = 0; i < cipherSuites.length; i++) {
    const p = r.pos + i * 2;
    cipherSuites[i] = ((body[p] as number) << 8) | (body[p + 1] as number);
  }
  r.pos += csLen;
  const [cmS, cmE] = r.vector(1, 'client_hello.compression_methods');
  const extensions = readExtensions(r);

  let serverName: string | undefined;
  let alpn: Uint8Array[] = [];
  let supportedVersions: number[] = [];
  let signatureAlgorithms: number[] = [];
  let supportedGroups: number[] = [];
  let ecPointFormats: number[] = [];
  const malformedExtensions: number[] = [];
  for (let i = 0; i < extensions.length; i++) {
    const ext = extensions[i] as TlsExtension;
    const s = ext.start;
    const e = ext.end;
    try {
      switch (ext.type) {
        case ExtensionType.serverName:
          serverName ??= decodeServerName(body, s, e);
          break;
        case ExtensionType.alpn:
          alpn = decodeAlpn(body, s, e);
          break;
        case ExtensionType.supportedVersions:
          supportedVersions = decodeClientSupportedVersions(body, s, e);
          break;
        case ExtensionType.signatureAlgorithms:
          signatureAlgorithms = decodeU16Vector(body, s, e, 'signature_algorithms');
          break;
        case ExtensionType.supportedGroups:
          supportedGroups = decodeU16Vector(body, s, e, 'supported_groups');
          break;
        case ExtensionType.ecPointFormats:
          ecPointFormats = decodeEcPointFormats(body, s, e);
          break;
      }
    } catch (err) {
      if (!(err instanceof ParseError)) throw err;
      malformedExtensions.push(ext.type);
    }
  }
  return {
    legacyVersion,
    random: body.subarray(2, 34),
    sessionId: body.subarray(sidS, sidE),
    cookie,
    cipherSuites,
    compressionMethods: body.subarray(cmS, cmE),
    extensions,
    serverName,
    alpn,
    supportedVersions,
    signatureAlgorithms,
    supportedGroups,
    ecPointFormats,
    malformedExtensions,
  };
}
