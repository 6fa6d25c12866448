// Decoders for the extension bodies the fingerprints read. Each takes the message and the
// [start, end) of the extension_data and returns the decoded value or throws
// ParseError('tls_parse') (offsets are relative to the message body). Index-based, no readers
// or views created on the hot path.
import { ParseError } from '../util/parse-error.js';
import { utf8 } from '../util/utf8.js';

function fail(offset: number, field: string, message: string): never {
  throw new ParseError('tls_parse', message, { offset, field });
}

const u16 = (b: Uint8Array, p: number): number => ((b[p] as number) << 8) | (b[p + 1] as number);

/** Start and end of a vector with a 1- or 2-byte length at `p`, checked against `end`. */
function vec(b: Uint8Array, p: number, end: number, lenBytes: 1 | 2, field: string): number {
  if (end - p < lenBytes) fail(p, field, 'truncated length');
  const len = lenBytes === 1 ? (b[p] as number) : u16(b, p);
  if (end - p - lenBytes < len) fail(p, field, `length ${len} runs past the extension`);
  return p + lenBytes + len;
}

function u16List(b: Uint8Array, p: number, end: number, field: string): number[] {
  if ((end - p) % 2 !== 0) fail(p, field, 'odd length for a list of 16-bit values');
  const out = new Array<number>((end - p) >>> 1);
  for (let i = 0; i < out.length; i++) out[i] = u16(b, p + 2 * i);
  return out;
}

// Buffer's latin1 decoder works on any Uint8Array (not in @types/node).
const latin1Slice = (
  Buffer.prototype as unknown as {
    latin1Slice(this: Uint8Array, start: number, end: number): string;
  }
).latin1Slice;

/** UTF-8 text of b[s, e): ASCII (the usual host name) is decoded as latin1, the same string. */
function text(b: Uint8Array, s: number, e: number): string {
  for (let i = s; i < e; i++) if ((b[i] as number) >= 0x80) return utf8(b.subarray(s, e));
  return latin1Slice.call(b, s, e);
}

/**
 * server_name (0x0000): offset of the first host_name entry (its name_type byte; the name is
 * b[p + 3, p + 3 + u16(b, p + 1))), or -1 if none. Checks the list up to that entry.
 */
export function serverNameEntry(b: Uint8Array, start: number, end: number): number {
  if (start === end) return -1; // ServerHello echoes an empty SNI extension
  const listEnd = vec(b, start, end, 2, 'server_name_list.length');
  let p = start + 2;
  while (p < listEnd) {
    if (listEnd - p < 3) fail(p, 'server_name', 'truncated server_name entry');
    const nameType = b[p] as number;
    const e = vec(b, p + 1, listEnd, 2, 'server_name.length');
    if (nameType === 0) return p;
    p = e;
  }
  return -1;
}

/** The host name of the server_name entry at `p` (see serverNameEntry). */
export function serverNameAt(b: Uint8Array, p: number): string {
  return text(b, p + 3, p + 3 + u16(b, p + 1));
}

/**
 * application_layer_protocol_negotiation (0x0010): checks the protocol list and returns the end
 * of the first name (it starts at start + 3), or -1 for an empty list. No views created.
 */
export function checkAlpn(b: Uint8Array, start: number, end: number): number {
  const listEnd = vec(b, start, end, 2, 'alpn.length');
  let p = start + 2;
  let firstEnd = -1;
  while (p < listEnd) {
    const e = vec(b, p, listEnd, 1, 'alpn.protocol');
    if (firstEnd < 0) firstEnd = e;
    p = e;
  }
  return firstEnd;
}

/** application_layer_protocol_negotiation (0x0010): protocol names as raw byte views, wire order. */
export function decodeAlpn(b: Uint8Array, start: number, end: number): Uint8Array[] {
  const listEnd = vec(b, start, end, 2, 'alpn.length');
  const out: Uint8Array[] = [];
  let p = start + 2;
  while (p < listEnd) {
    const e = vec(b, p, listEnd, 1, 'alpn.protocol');
    out.push(b.subarray(p + 1, e));
    p = e;
  }
  return out;
}

/** supported_versions (0x002b) in a ClientHello: a 1-byte-length list of versions. */
export function decodeClientSupportedVersions(b: Uint8Array, start: number, end: number): number[] {
  const e = vec(b, start, end, 1, 'supported_versions.length');
  return u16List(b, start + 1, e, 'supported_versions');
}

/** supported_versions (0x002b) in a ServerHello/HRR: the one selected version. */
export function decodeServerSupportedVersion(b: Uint8Array, start: number, end: number): number {
  if (end - start < 2) fail(start, 'supported_versions.selected', 'truncated selected_version');
  return u16(b, start);
}

/** A 2-byte-length list of 16-bit codes: signature_algorithms (0x000d), supported_groups (0x000a). */
export function decodeU16Vector(
  b: Uint8Array,
  start: number,
  end: number,
  field: string,
): number[] {
  const e = vec(b, start, end, 2, `${field}.length`);
  return u16List(b, start + 2, e, field);
}

/** ec_point_formats (0x000b): a 1-byte-length list of bytes. */
export function decodeEcPointFormats(b: Uint8Array, start: number, end: number): number[] {
  const e = vec(b, start, end, 1, 'ec_point_formats.length');
  const out = new Array<number>(e - start - 1);
  for (let i = 0; i < out.length; i++) out[i] = b[start + 1 + i] as number;
  return out;
}
