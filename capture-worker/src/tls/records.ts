// TLS / DTLS record-layer headers (RFC 8446 §5.1, RFC 6347 §4.1) and SSLv2-compatible hello
// detection. Error contract: throws ParseError only — 'tls_sslv2_hello' for an SSLv2-format
// hello (rejected on purpose: JA4 is defined over TLS ClientHellos), 'tls_parse' otherwise.
import { ParseError } from '../util/parse-error.js';

export interface RecordHeader {
  readonly contentType: number;
  readonly version: number;
  /** Fragment length. */
  readonly length: number;
  /** 5 for TLS, 13 for DTLS. */
  readonly headerLength: number;
  /** DTLS only. */
  readonly epoch?: number;
}

/** OpenSSL's pre-RFC 4347 DTLS version number, still spoken by Cisco AnyConnect. */
export const DTLS1_BAD_VER = 0x0100;

/** Records longer than this are not TLS (TLSCiphertext limit 2^14 + 2048). */
export const MAX_RECORD_LENGTH = 16384 + 2048;

/**
 * True if the bytes at `offset` start an SSLv2-format CLIENT-HELLO (2-byte header with the
 * high bit set, message type 1, version 0x0002 or 0x03xx), as old clients sent for compatibility.
 */
export function isSslv2ClientHello(buf: Uint8Array, offset = 0): boolean {
  if (buf.length - offset < 5) return false;
  const b0 = buf[offset] as number;
  if ((b0 & 0x80) === 0) return false;
  const msgType = buf[offset + 2] as number;
  const major = buf[offset + 3] as number;
  const minor = buf[offset + 4] as number;
  const len = ((b0 & 0x7f) << 8) | (buf[offset + 1] as number);
  return msgType === 1 && len >= 9 && ((major === 0 && minor === 2) || major === 3);
}

/**
 * The fragment length of the record whose header is at `offset`, after checking the header (no
 * SSLv2 hello, a TLS content type and version, a length within the limit); -1 when fewer header
 * bytes are available than the header needs. parseRecordHeader and wholeRecordsEnd share it.
 */
function recordFragmentLength(buf: Uint8Array, offset: number, dtls: boolean): number {
  const hl = dtls ? 13 : 5;
  if (!dtls && isSslv2ClientHello(buf, offset)) {
    throw new ParseError('tls_sslv2_hello', 'SSLv2-compatible ClientHello is not fingerprinted', {
      offset,
      field: 'record',
    });
  }
  if (buf.length - offset < hl) return -1;
  const contentType = buf[offset] as number;
  if (contentType < 20 || contentType > 24) {
    throw new ParseError('tls_parse', `not a TLS record: content type ${contentType}`, {
      offset,
      field: 'record.content_type',
    });
  }
  const version = ((buf[offset + 1] as number) << 8) | (buf[offset + 2] as number);
  const major = version >>> 8;
  // DTLS 0x0100 is OpenSSL's pre-RFC DTLS (DTLS1_BAD_VER, Cisco AnyConnect); tshark reads it too.
  if (dtls ? major !== 0xfe && version !== DTLS1_BAD_VER : major !== 3) {
    throw new ParseError(
      'tls_parse',
      `not a ${dtls ? 'DTLS' : 'TLS'} record: version 0x${version.toString(16)}`,
      {
        offset: offset + 1,
        field: 'record.version',
      },
    );
  }
  const lo = offset + hl - 2;
  const length = ((buf[lo] as number) << 8) | (buf[lo + 1] as number);
  if (length > MAX_RECORD_LENGTH) {
    throw new ParseError(
      'tls_parse',
      `record length ${length} over the TLS limit ${MAX_RECORD_LENGTH}`,
      { offset: lo, field: 'record.length' },
    );
  }
  return length;
}

/**
 * Parses the record header at `offset`. Returns undefined when fewer header bytes are
 * available than the header needs (the caller waits for more).
 */
export function parseRecordHeader(
  buf: Uint8Array,
  offset = 0,
  opts: { dtls?: boolean } = {},
): RecordHeader | undefined {
  const dtls = opts.dtls === true;
  const length = recordFragmentLength(buf, offset, dtls);
  if (length < 0) return undefined;
  const contentType = buf[offset] as number;
  const version = ((buf[offset + 1] as number) << 8) | (buf[offset + 2] as number);
  if (dtls) {
    const epoch = ((buf[offset + 3] as number) << 8) | (buf[offset + 4] as number);
    return { contentType, version, length, headerLength: 13, epoch };
  }
  return { contentType, version, length, headerLength: 5 };
}

/**
 * The end of the last whole TLS record in `buf` (splitRecords' `consumed`), every header up to
 * and including that of the first incomplete record checked as splitRecords checks it (same
 * errors, same order), without making a record object.
 */
export function wholeRecordsEnd(buf: Uint8Array): number {
  let pos = 0;
  while (true) {
    const rem = buf.length - pos;
    if (rem === 0) return pos;
    const length = recordFragmentLength(buf, pos, false);
    if (length < 0 || rem < 5 + length) return pos;
    pos += 5 + length;
  }
}

export interface TlsRecord {
  readonly header: RecordHeader;
  readonly offset: number;
  /** View into the input. */
  readonly fragment: Uint8Array;
}

export interface RecordSplit {
  readonly records: TlsRecord[];
  readonly consumed: number;
  /** Bytes beyond the input's end that complete the next record; 0 on a boundary. */
  readonly needed: number;
}

/** Splits a byte stream into complete records; resumable like splitHandshake. */
export function splitRecords(buf: Uint8Array, opts: { dtls?: boolean } = {}): RecordSplit {
  const records: TlsRecord[] = [];
  const hl = opts.dtls ? 13 : 5;
  let pos = 0;
  while (true) {
    const rem = buf.length - pos;
    if (rem === 0) return { records, consumed: pos, needed: 0 };
    const header = parseRecordHeader(buf, pos, opts);
    if (!header) return { records, consumed: pos, needed: hl - rem };
    if (rem < hl + header.length)
      return { records, consumed: pos, needed: hl + header.length - rem };
    records.push({
      header,
      offset: pos,
      fragment: buf.subarray(pos + hl, pos + hl + header.length),
    });
    pos += hl + header.length;
  }
}
