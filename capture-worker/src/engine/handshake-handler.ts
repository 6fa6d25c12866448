// Turns complete TLS handshake messages into record fields, calling the parsers and the
// fingerprint functions (capture-worker/src/tls, x509, fingerprint). One instance per engine.
import { ja3, ja3s, type Ja3Result } from '../fingerprint/ja3.js';
import { ja4All, type Ja4Protocol, type Ja4Result } from '../fingerprint/ja4.js';
import { ja4s } from '../fingerprint/ja4s.js';
import { ja4t, ja4ts, type SynAckRetransmissions } from '../fingerprint/ja4t.js';
import { ja4x } from '../fingerprint/ja4x.js';
import type { TcpSynOptions } from '../decode/tcp-options.js';
import { splitCertificateMessage } from '../tls/certificate.js';
import { parseClientHello, type ClientHello } from '../tls/client-hello.js';
import type { HandshakeMessage } from '../tls/handshake.js';
import { parseServerHello } from '../tls/server-hello.js';
import { isParseError } from '../util/parse-error.js';
import type { Flow } from './flow.js';
import type { ResolvedEngineOptions } from './options.js';

// Buffer's hex encoder over a range, without copying it into a Buffer first.
const hexSlice = (
  Buffer.prototype as unknown as {
    hexSlice(this: Uint8Array, start: number, end: number): string;
  }
).hexSlice;
const hexOf = (b: Uint8Array, start: number, end: number): string => hexSlice.call(b, start, end);

/** The ClientHello's random in hex (the key-log lookup key), without a copy. */
export function clientRandomHex(ch: ClientHello): string {
  return hexOf(ch.body, 2, 34);
}

export interface ClientHelloPrints {
  ch: ClientHello;
  ja4: Ja4Result;
  ja3: Ja3Result;
}

/**
 * Everything the engine computes from one ClientHello message body: the parse, JA4 with its
 * variants, JA3. bench/fingerprint/client-hello.bench.ts times this same function.
 */
export function clientHelloPrints(body: Uint8Array, protocol: Ja4Protocol): ClientHelloPrints {
  const ch = parseClientHello(body, { dtls: protocol === 'd' });
  return { ch, ja4: ja4All(ch, { protocol }), ja3: ja3(ch) };
}

const HS_CLIENT_HELLO = 1;
const HS_SERVER_HELLO = 2;
const HS_CERTIFICATE = 11;
const HS_SERVER_HELLO_DONE = 14;

export class HandshakeHandler {
  private readonly o: ResolvedEngineOptions;
  private readonly countParse: (code: string) => void;
  /** Counts a recognised layer or oddity by name (engine stats `seen`). */
  readonly countSeen: (name: string) => void;

  constructor(
    o: ResolvedEngineOptions,
    countParse: (code: string) => void,
    countSeen: (name: string) => void = () => {},
  ) {
    this.o = o;
    this.countParse = countParse;
    this.countSeen = countSeen;
  }

  /** JA4T (Rust form, the primary oracle) from a SYN. */
  ja4t(window: number, opts: TcpSynOptions): string {
    return ja4t(
      { window, optionKinds: opts.kinds, mss: opts.mss, windowScale: opts.wscale },
      'rust',
    );
  }

  /** JA4TS (Wireshark `00` form, its oracle) from a SYN-ACK. */
  ja4ts(window: number, opts: TcpSynOptions, retrans?: SynAckRetransmissions): string {
    return ja4ts(
      { window, optionKinds: opts.kinds, mss: opts.mss, windowScale: opts.wscale },
      retrans,
    );
  }

  /**
   * One complete handshake message of either direction. Returns false when the direction needs no
   * more messages (the caller then stops buffering it).
   */
  tlsMessage(flow: Flow, m: HandshakeMessage, protocol: Ja4Protocol): boolean {
    const rec = flow.record;
    try {
      switch (m.type) {
        case HS_CLIENT_HELLO: {
          const { ch, ja4: fp, ja3: j } = clientHelloPrints(m.body, protocol);
          if (rec.ja4 === undefined) {
            // A ServerHello seen first (reordering) already left its parameters: keep them.
            flow.tlsInfo = {
              ...(flow.tlsInfo as object | null),
              clientRandom: clientRandomHex(ch),
            };
            if (ch.serverName !== undefined) rec.tls_server_name = ch.serverName;
            rec.ja4 = fp.ja4;
            rec.ja4_r = fp.ja4_r;
            rec.ja4_o = fp.ja4_o;
            rec.ja4_ro = fp.ja4_ro;
            rec.ja3 = j.ja3;
            rec.ja3_full = j.ja3_full;
          } else {
            (rec.ja4_additional ??= []).push(fp.ja4);
            (rec.ja4_additional_variants ??= []).push({
              ja4_r: fp.ja4_r,
              ja4_o: fp.ja4_o,
              ja4_ro: fp.ja4_ro,
            });
            (rec.ja3_additional ??= []).push(j.ja3);
            (rec.ja3_full_additional ??= []).push(j.ja3_full);
          }
          return true;
        }
        case HS_SERVER_HELLO: {
          const sh = parseServerHello(m.body);
          for (const odd of sh.oddities) this.countSeen(`tls_server_hello_${odd}`);
          if (rec.ja4 === undefined && rec.ja3s === undefined)
            this.countSeen('tls_server_hello_first');
          flow.tlsInfo ??= {};
          const info = flow.tlsInfo as {
            cipherSuite?: number;
            version?: number;
            alpn?: string;
          };
          if (!sh.isHelloRetryRequest) {
            info.cipherSuite = sh.cipherSuite;
            info.version = sh.selectedVersion ?? sh.legacyVersion;
            if (sh.alpn !== undefined) info.alpn = Buffer.from(sh.alpn).toString('latin1');
          }
          const j = ja3s(sh);
          if (rec.ja3s !== undefined) {
            // The ServerHello after a HelloRetryRequest: JA4S keeps the first (Rust, Python).
            (rec.ja3s_additional ??= []).push(j.ja3s);
            (rec.ja3s_full_additional ??= []).push(j.ja3s_full);
            return true;
          }
          rec.ja3s = j.ja3s;
          rec.ja3s_full = j.ja3s_full;
          if (this.o.ja4plus) {
            const s = ja4s(sh, { protocol });
            rec.ja4s = s.ja4s;
            rec.ja4s_r = s.ja4s_r;
          }
          return true;
        }
        case HS_CERTIFICATE: {
          if (!this.o.ja4plus || rec.ja4x !== undefined) return true;
          const list: string[] = [];
          const raw: string[] = [];
          for (const der of splitCertificateMessage(m.body)) {
            try {
              const x = ja4x(der);
              list.push(x.ja4x);
              raw.push(x.ja4x_r);
            } catch (e) {
              if (!isParseError(e)) throw e;
              this.countParse(e.code);
            }
          }
          rec.ja4x = list;
          rec.ja4x_r = raw;
          return true;
        }
        case HS_SERVER_HELLO_DONE:
          return false;
        default:
          return true;
      }
    } catch (e) {
      if (!isParseError(e)) throw e;
      this.countParse(e.code);
      return true;
    }
  }
}
