// ClientHello (RFC 8446 §4.1.2, RFC 5246 §7.4.1.2, DTLS RFC 6347 §4.2.1 with the cookie).
// Input: the handshake message body (after the 4-byte TLS / 12-byte DTLS handshake header).
// Error contract: throws ParseError (code 'tls_parse') with {offset, field}; never anything else.
// A known extension with undecodable contents does not fail the hello (see malformedExtensions).
// Returned byte fields are views into `body`: copy them if the buffer is reused.
//
// Hot path (ClientHello parse + JA4 + JA3 is benchmarked per hello): the whole message is checked
// up front and the number lists JA4/JA3 read are decoded eagerly into plain arrays; the fields
// they do not read (random, session id, cookie, compression methods, extension objects, ALPN
// views, the host name string) are kept as offsets and built on first access.
import { ParseError } from '../util/parse-error.js';
import { ByteReader } from '../util/reader.js';
import { ExtensionType } from './constants.js';
import {
  checkAlpn,
  decodeAlpn,
  decodeClientSupportedVersions,
  decodeEcPointFormats,
  decodeU16Vector,
  serverNameAt,
  serverNameEntry,
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
  /** The types of `extensions`, in the same order (what JA4/JA3 read; no objects). */
  readonly extensionTypes: readonly number[];
  /** First host_name of server_name, if the extension is present and names one. */
  readonly serverName: string | undefined;
  /** ALPN protocol names (raw bytes) in wire order; [] if no ALPN extension. */
  readonly alpn: readonly Uint8Array[];
  /**
   * The first ALPN protocol name as body[alpnFirstStart, alpnFirstEnd) (both -1 when there is
   * none): alpn[0] without creating views.
   */
  readonly alpnFirstStart: number;
  readonly alpnFirstEnd: number;
  /** The message body every view and offset above refers to. */
  readonly body: Uint8Array;
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

// Shared by every hello without the field (readonly in the interface; frozen so nobody can
// change it for the others).
const NONE: readonly number[] = Object.freeze([]);

class ParsedClientHello implements ClientHello {
  private extensionList: TlsExtension[] | undefined = undefined;

  constructor(
    readonly body: Uint8Array,
    readonly legacyVersion: number,
    private readonly sessionIdEnd: number,
    /** Start of the cookie vector's length byte (DTLS), -1 for TLS. */
    private readonly cookieAt: number,
    readonly cipherSuites: readonly number[],
    private readonly compressionAt: number,
    /** Where the extension block (its 2-byte length) starts. */
    private readonly extensionsAt: number,
    readonly extensionTypes: readonly number[],
    /** The host_name entry found by serverNameEntry, -1 if none. */
    private readonly serverNameAt: number,
    /** extension_data of the ALPN extension in use, -1 if none. */
    private readonly alpnStart: number,
    private readonly alpnEnd: number,
    readonly alpnFirstStart: number,
    readonly alpnFirstEnd: number,
    readonly supportedVersions: readonly number[],
    readonly signatureAlgorithms: readonly number[],
    readonly supportedGroups: readonly number[],
    readonly ecPointFormats: readonly number[],
    readonly malformedExtensions: readonly number[],
  ) {}

  get random(): Uint8Array {
    return this.body.subarray(2, 34);
  }

  get sessionId(): Uint8Array {
    return this.body.subarray(35, this.sessionIdEnd);
  }

  get cookie(): Uint8Array | undefined {
    const p = this.cookieAt;
    return p < 0 ? undefined : this.body.subarray(p + 1, p + 1 + (this.body[p] as number));
  }

  get compressionMethods(): Uint8Array {
    const p = this.compressionAt;
    return this.body.subarray(p + 1, p + 1 + (this.body[p] as number));
  }

  get extensions(): readonly TlsExtension[] {
    // The block was checked by the parse: reading it again cannot fail.
    this.extensionList ??= readExtensions(
      new ByteReader(this.body, 'tls_parse', this.extensionsAt),
    );
    return this.extensionList;
  }

  get serverName(): string | undefined {
    return this.serverNameAt < 0 ? undefined : serverNameAt(this.body, this.serverNameAt);
  }

  get alpn(): readonly Uint8Array[] {
    return this.alpnStart < 0 ? [] : decodeAlpn(this.body, this.alpnStart, this.alpnEnd);
  }
}

function fail(offset: number, field: string, message: string): never {
  throw new ParseError('tls_parse', message, { offset, field });
}

/** Throws unless n bytes remain at p (the same error ByteReader gives). */
function need(end: number, p: number, n: number, field: string): void {
  if (end - p < n) fail(p, field, `truncated: need ${n} bytes, have ${end - p}`);
}

/** Checks a vector with a 1-byte length at p; returns its end. */
function vec8(b: Uint8Array, end: number, p: number, field: string): number {
  need(end, p, 1, field);
  const len = b[p] as number;
  need(end, p + 1, len, field);
  return p + 1 + len;
}

export function parseClientHello(body: Uint8Array, opts?: ParseClientHelloOptions): ClientHello {
  const b = body;
  const end = b.length;
  need(end, 0, 2, 'client_hello.legacy_version');
  const legacyVersion = ((b[0] as number) << 8) | (b[1] as number);
  need(end, 2, 32, 'client_hello.random');
  const sessionIdEnd = vec8(b, end, 34, 'client_hello.session_id');
  let p = sessionIdEnd;
  let cookieAt = -1;
  if (opts?.dtls === true) {
    cookieAt = p;
    p = vec8(b, end, p, 'client_hello.cookie');
  }
  need(end, p, 2, 'client_hello.cipher_suites.length');
  const csLen = ((b[p] as number) << 8) | (b[p + 1] as number);
  p += 2;
  if (csLen % 2 !== 0)
    fail(p, 'client_hello.cipher_suites.length', `odd cipher_suites length ${csLen}`);
  need(end, p, csLen, 'client_hello.cipher_suites');
  const cipherSuites = new Array<number>(csLen >>> 1);
  for (let i = 0; i < cipherSuites.length; i++, p += 2)
    cipherSuites[i] = ((b[p] as number) << 8) | (b[p + 1] as number);
  const compressionAt = p;
  p = vec8(b, end, p, 'client_hello.compression_methods');
  const extensionsAt = p;

  let extensionTypes = NONE;
  let serverNameAt = -1;
  let alpnStart = -1;
  let alpnEnd = -1;
  let alpnFirstStart = -1;
  let alpnFirstEnd = -1;
  let supportedVersions = NONE;
  let signatureAlgorithms = NONE;
  let supportedGroups = NONE;
  let ecPointFormats = NONE;
  let malformed: number[] | undefined;
  if (p < end) {
    need(end, p, 2, 'extensions.length');
    const len = ((b[p] as number) << 8) | (b[p + 1] as number);
    p += 2;
    need(end, p, len, 'extensions');
    const blockEnd = p + len;
    const types: number[] = [];
    while (p < blockEnd) {
      if (blockEnd - p < 4) fail(p, 'extension.header', 'truncated extension header');
      const type = ((b[p] as number) << 8) | (b[p + 1] as number);
      const elen = ((b[p + 2] as number) << 8) | (b[p + 3] as number);
      p += 4;
      if (blockEnd - p < elen)
        fail(
          p,
          'extension.data',
          `extension 0x${type.toString(16)} length ${elen} runs past the extension block`,
        );
      types.push(type);
      const s = p;
      p += elen;
      switch (type) {
        case ExtensionType.serverName:
        case ExtensionType.alpn:
        case ExtensionType.supportedVersions:
        case ExtensionType.signatureAlgorithms:
        case ExtensionType.supportedGroups:
        case ExtensionType.ecPointFormats:
          break;
        default:
          continue;
      }
      try {
        switch (type) {
          case ExtensionType.serverName:
            // The first extension that names a host wins; later ones are not read.
            if (serverNameAt < 0) serverNameAt = serverNameEntry(b, s, p);
            break;
          case ExtensionType.alpn: {
            const firstEnd = checkAlpn(b, s, p);
            alpnStart = s;
            alpnEnd = p;
            alpnFirstStart = firstEnd < 0 ? -1 : s + 3;
            alpnFirstEnd = firstEnd;
            break;
          }
          case ExtensionType.supportedVersions:
            supportedVersions = decodeClientSupportedVersions(b, s, p);
            break;
          case ExtensionType.signatureAlgorithms:
            signatureAlgorithms = decodeU16Vector(b, s, p, 'signature_algorithms');
            break;
          case ExtensionType.supportedGroups:
            supportedGroups = decodeU16Vector(b, s, p, 'supported_groups');
            break;
          case ExtensionType.ecPointFormats:
            ecPointFormats = decodeEcPointFormats(b, s, p);
            break;
        }
      } catch (err) {
        if (!(err instanceof ParseError)) throw err;
        (malformed ??= []).push(type);
      }
    }
    extensionTypes = types;
  }
  return new ParsedClientHello(
    body,
    legacyVersion,
    sessionIdEnd,
    cookieAt,
    cipherSuites,
    compressionAt,
    extensionsAt,
    extensionTypes,
    serverNameAt,
    alpnStart,
    alpnEnd,
    alpnFirstStart,
    alpnFirstEnd,
    supportedVersions,
    signatureAlgorithms,
    supportedGroups,
    ecPointFormats,
    malformed ?? NONE,
  );
}
