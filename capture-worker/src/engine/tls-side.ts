// Pulls plaintext handshake messages out of one direction's reassembled TCP bytes: TLS records are
// de-framed (records.ts's header checks), handshake fragments concatenated across records, messages
// split (parsers' splitHandshake). It stops for good at the first encrypted record, so a
// direction's buffer is released as soon as the handshake part the fingerprints need is over.
import { splitHandshake, type HandshakeMessage } from '../tls/handshake.js';
import { wholeRecordsEnd } from '../tls/records.js';

const CT_CCS = 20;
const CT_HANDSHAKE = 22;
const CT_APPLICATION_DATA = 23;

/** Most plaintext handshake bytes kept per direction (a long certificate chain fits). */
const MAX_HANDSHAKE_BYTES = 256 * 1024;
const EMPTY = new Uint8Array(0);

export type TlsSideState = 'open' | 'done';

export class TlsSide {
  /** A handshake message begun in an earlier record: owned bytes, never a view of the stream. */
  private hs: Uint8Array = EMPTY;
  private afterCcs = false;
  /** A hello was seen on this direction before (so a post-CCS hello can only be the HRR retry). */
  private sawHello = false;
  state: TlsSideState = 'open';

  /**
   * Consume whole records from `bytes`; returns how many bytes were used (the caller drops them)
   * and hands every complete handshake message to `onMessage`. Throws ParseError on bytes that
   * are not TLS (the caller counts it and stops watching the direction).
   */
  feed(
    bytes: Uint8Array,
    isClient: boolean,
    onMessage: (m: HandshakeMessage) => boolean | void,
    onEncrypted?: (header: Uint8Array, fragment: Uint8Array) => boolean,
  ): number {
    if (this.state === 'done') return bytes.length;
    // Every whole record's header is checked before any record is read (a bad header anywhere
    // throws before a message goes out); then the records are walked without a record object
    // or a view each: most are read for their first byte only (issue 22).
    const consumed = wholeRecordsEnd(bytes);
    for (let pos = 0; pos < consumed;) {
      const recordStart = pos;
      const ct = bytes[pos] as number;
      const start = pos + 5;
      // The length field (bytes 3-4 of the header), already checked by wholeRecordsEnd.
      pos = start + (((bytes[pos + 3] as number) << 8) | (bytes[pos + 4] as number));
      if (ct === CT_CCS) {
        this.afterCcs = true;
        continue;
      }
      if (ct === CT_APPLICATION_DATA && onEncrypted !== undefined) {
        // Encrypted records: a key-log decryptor may still want them (TLS 1.3 certificates, HTTP/2).
        if (onEncrypted(bytes.subarray(recordStart, start), bytes.subarray(start, pos))) continue;
        this.state = 'done';
        break;
      }
      if (ct !== CT_HANDSHAKE) {
        // Application data or alert: the plaintext handshake is over for this direction.
        this.state = 'done';
        break;
      }
      const fragment = bytes.subarray(start, pos);
      // After ChangeCipherSpec, handshake records are encrypted (Finished) — except, in TLS 1.3
      // after a HelloRetryRequest, the second ClientHello and the real ServerHello, which follow
      // a middlebox-compatibility CCS in plaintext.
      if (
        this.afterCcs &&
        !(this.hs.length === 0 && fragment[0] === (isClient ? 1 : 2) && this.sawHello)
      ) {
        this.state = 'done';
        break;
      }
      // Most handshake records hold whole messages: split them straight from the record (the
      // messages are read before this returns, and the caller only keeps strings from them), and
      // copy only a message that continues in the next record.
      const pending = this.hs.length === 0 ? fragment : this.joined(fragment);
      const hs = splitHandshake(pending);
      for (const m of hs.messages) {
        if (m.type === 1 || m.type === 2) this.sawHello = true;
        if (onMessage(m) === false) {
          this.state = 'done';
          break;
        }
      }
      if (this.state === 'done') break;
      if (hs.consumed === pending.length) this.hs = EMPTY;
      else if (pending === fragment) this.hs = pending.slice(hs.consumed);
      else this.hs = pending.subarray(hs.consumed);
      if (this.hs.length > MAX_HANDSHAKE_BYTES) this.state = 'done';
    }
    if (this.state === 'done') this.hs = EMPTY;
    return consumed;
  }

  /** The waiting message bytes followed by `frag`, in a new buffer (this.hs is not empty). */
  private joined(frag: Uint8Array): Uint8Array {
    const n = new Uint8Array(this.hs.length + frag.length);
    n.set(this.hs);
    n.set(frag, this.hs.length);
    return n;
  }
}
