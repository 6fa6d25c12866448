// Decoders for the extension bodies the fingerprints read. Each takes the extension_data view
// and the absolute offset of that view in the message (for error context) and either returns
// the decoded value or throws ParseError('tls_parse').
import { ByteReader } from '../util/reader.js';
import { utf8 } from '../util/utf8.js';

function reader(data: Uint8Array): ByteReader {
  return new ByteReader(data, 'tls_parse');
}

function u16List(r: ByteReader, end: number, field: string): number[] {
  if ((end - r.pos) % 2 !== 0) r.fail(field, 'odd length for a list of 16-bit values');
  const out: number[] = [];
  while (r.pos < end) out.push(r.u16(field));
  return out;
}

/** server_name (0x0000): the first host_name entry, or undefined if none. */
export function decodeServerName(data: Uint8Array): string | undefined {
  if (data.length === 0) return undefined; // ServerHello echoes an empty SNI extension
  const r = reader(data);
  const [, end] = r.vector(2, 'server_name_list.length');
  r.pos = 2;
  while (r.pos < end) {
    const nameType = r.u8('server_name.type');
    const [s, e] = r.vector(2, 'server_name.length');
    if (nameType === 0) return utf8(data.subarray(s, e));
  }
  return undefined;
}

/** application_layer_protocol_negotiation (0x0010): protocol names as raw byte views, wire order. */
export function decodeAlpn(data: Uint8Array): Uint8Array[] {
  const r = reader(data);
  const [, end] = r.vector(2, 'alpn.length');
  r.pos = 2;
  const out: Uint8Array[] = [];
  while (r.pos < end) {
    const [s, e] = r.vector(1, 'alpn.protocol');
    out.push(data.subarray(s, e));
  }
  return out;
}

/** supported_versions (0x002b) in a ClientHello: a 1-byte-length list of versions. */
export function decodeClientSupportedVersions(data: Uint8Array): number[] {
  const r = reader(data);
  const [, end] = r.vector(1, 'supported_versions.length');
  r.pos = 1;
  return u16List(r, end, 'supported_versions');
}

/** supported_versions (0x002b) in a ServerHello/HRR: the one selected version. */
export function decodeServerSupportedVersion(data: Uint8Array): number {
  return reader(data).u16('supported_versions.selected');
}

/** A 2-byte-length list of 16-bit codes: signature_algorithms (0x000d), supported_groups (0x000a). */
export function decodeU16Vector(data: Uint8Array, field: string): number[] {
  const r = reader(data);
  const [, end] = r.vector(2, `${field}.length`);
  r.pos = 2;
  return u16List(r, end, field);
}

/** ec_point_formats (0x000b): a 1-byte-length list of bytes. */
export function decodeEcPointFormats(data: Uint8Array): number[] {
  const r = reader(data);
  const [s, e] = r.vector(1, 'ec_point_formats.length');
  return Array.from(data.subarray(s, e));
}
