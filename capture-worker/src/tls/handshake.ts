// Splits the plaintext handshake byte stream of one direction (TLS records already de-framed and
// concatenated by the caller) into complete handshake messages. Pure and resumable: the caller
// keeps bytes from `consumed` on, appends more, and calls again once it has `needed` more bytes.
// Error contract: throws ParseError ('tls_parse') only, for a message length over the cap.
import { ParseError } from '../util/parse-error.js';

export interface HandshakeMessage {
  readonly type: number;
  /** View into the input: the body after the handshake header. */
  readonly body: Uint8Array;
  /** Offset of the message header in the input. */
  readonly offset: number;
  /** DTLS only: message_seq, fragment_offset, fragment_length of this fragment. */
  readonly dtls?: {
    readonly messageSeq: number;
    readonly fragmentOffset: number;
    readonly fragmentLength: number;
    readonly length: number;
  };
}

export interface HandshakeSplit {
  readonly messages: HandshakeMessage[];
  /** Bytes of the input fully used by `messages`. */
  readonly consumed: number;
  /** How many more bytes (beyond the input's end) complete the next message; 0 if the input ended on a boundary. */
  readonly needed: number;
}

export interface SplitHandshakeOptions {
  /** DTLS 12-byte handshake header; `body` is then the fragment. */
  dtls?: boolean;
  /** Largest handshake message accepted (default 256 KiB: big certificate chains fit). */
  maxMessageLength?: number;
}

export const DEFAULT_MAX_HANDSHAKE_MESSAGE = 256 * 1024;

export function splitHandshake(buf: Uint8Array, opts: SplitHandshakeOptions = {}): HandshakeSplit {
  const dtls = opts.dtls === true;
  const hdr = dtls ? 12 : 4;
  const max = opts.maxMessageLength ?? DEFAULT_MAX_HANDSHAKE_MESSAGE;
  const messages: HandshakeMessage[] = [];
  let pos = 0;
  while (true) {
    const rem = buf.length - pos;
    if (rem === 0) return { messages, consumed: pos, needed: 0 };
    if (rem < hdr) return { messages, consumed: pos, needed: hdr - rem };
    const type = buf[pos] as number;
    const length =
      ((buf[pos + 1] as number) << 16) | ((buf[pos + 2] as number) << 8) | (buf[pos + 3] as number);
    if (length > max) {
      throw new ParseError(
        'tls_parse',
        `handshake message type ${type} announces ${length} bytes, over the ${max}-byte cap`,
        {
          offset: pos + 1,
          field: 'handshake.length',
          type,
          length,
        },
      );
    }
    let bodyLen = length;
    let dtlsInfo: HandshakeMessage['dtls'];
    if (dtls) {
      const messageSeq = ((buf[pos + 4] as number) << 8) | (buf[pos + 5] as number);
      const fragmentOffset =
        ((buf[pos + 6] as number) << 16) |
        ((buf[pos + 7] as number) << 8) |
        (buf[pos + 8] as number);
      const fragmentLength =
        ((buf[pos + 9] as number) << 16) |
        ((buf[pos + 10] as number) << 8) |
        (buf[pos + 11] as number);
      if (fragmentOffset + fragmentLength > length) {
        throw new ParseError(
          'tls_parse',
          `DTLS fragment ${fragmentOffset}+${fragmentLength} exceeds message length ${length}`,
          {
            offset: pos + 6,
            field: 'handshake.fragment',
          },
        );
      }
      bodyLen = fragmentLength;
      dtlsInfo = { messageSeq, fragmentOffset, fragmentLength, length };
    }
    if (rem < hdr + bodyLen) return { messages, consumed: pos, needed: hdr + bodyLen - rem };
    const body = buf.subarray(pos + hdr, pos + hdr + bodyLen);
    messages.push(
      dtlsInfo ? { type, body, offset: pos, dtls: dtlsInfo } : { type, body, offset: pos },
    );
    pos += hdr + bodyLen;
  }
}
