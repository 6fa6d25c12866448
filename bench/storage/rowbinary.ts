// RowBinary encoding of tls_handshakes rows (columns as TSV_COLUMNS) for the file() insert path:
// chDB's Node API takes SQL as strings and whitelists text formats for raw inserts, so binary data
// reaches the engine as a file on tmpfs read with file(path, 'RowBinary', STRUCTURE).
import { ipv6 } from '../../main/storage/native/encode.js';
import { Out } from '../../main/storage/native/out.js';
import type { TlsHandshakeRow } from '../../main/storage/rows/tls-handshake.js';

export const ROWBINARY_STRUCTURE = [
  'ts DateTime64(6)',
  'sensor String',
  'pcap String',
  'phase String',
  'stream UInt32',
  'transport String',
  'src_ip IPv6',
  'src_port UInt16',
  'dst_ip IPv6',
  'dst_port UInt16',
  'tls_server_name String',
  'alpn String',
  'tls_version String',
  'cipher_count Nullable(UInt16)',
  'ja4 String',
  'ja4_r String',
  'ja4_o String',
  'ja4_ro String',
  'ja4_additional Array(String)',
  'ja4_additional_variants Array(Tuple(String, String, String))',
  'ja4s String',
  'ja4s_r String',
  'ja3 String',
  'ja3_full String',
  'ja3s String',
  'ja3s_full String',
  'ja3_additional Array(String)',
  'ja3_full_additional Array(String)',
  'ja3s_additional Array(String)',
  'ja3s_full_additional Array(String)',
  'ja4h Array(String)',
  'ja4h_r Array(String)',
  'ja4h_ro Array(String)',
  'ja4x Array(String)',
  'ja4x_r Array(String)',
  'ja4t String',
  'ja4ts String',
  'ja4l_c String',
  'ja4l_s String',
  'client_ttl Nullable(UInt8)',
  'server_ttl Nullable(UInt8)',
  'ja4ssh Array(String)',
].join(', ');

/** The Native encoder's byte sink, plus the few RowBinary shapes (arrays, nullables, IPv6). */
class RowOut extends Out {
  ipv6(s: string): void {
    this.need(16);
    ipv6(s, this.buf, this.pos);
    this.pos += 16;
  }
  arr(a: readonly string[]): void {
    this.varint(a.length);
    for (const x of a) this.str(x);
  }
  nullable(v: number | null, write: (v: number) => void): void {
    if (v === null) this.u8(1);
    else {
      this.u8(0);
      write(v);
    }
  }
}

export function encodeRowBinary(rows: readonly TlsHandshakeRow[]): Buffer {
  const o = new RowOut(rows.length * 400);
  for (const r of rows) {
    const dot = r.ts.indexOf('.');
    o.i64(Number(r.ts.slice(0, dot)) * 1_000_000 + Number(r.ts.slice(dot + 1)));
    o.str(r.sensor);
    o.str(r.pcap);
    o.str(r.phase);
    o.u32(r.stream);
    o.str(r.transport);
    o.ipv6(r.src_ip);
    o.u16(r.src_port);
    o.ipv6(r.dst_ip);
    o.u16(r.dst_port);
    o.str(r.tls_server_name);
    o.str(r.alpn);
    o.str(r.tls_version);
    o.nullable(r.cipher_count, (v) => o.u16(v));
    o.str(r.ja4);
    o.str(r.ja4_r);
    o.str(r.ja4_o);
    o.str(r.ja4_ro);
    o.arr(r.ja4_additional);
    o.varint(r.ja4_additional_variants.length);
    for (const v of r.ja4_additional_variants) {
      o.str(v.ja4_r);
      o.str(v.ja4_o);
      o.str(v.ja4_ro);
    }
    o.str(r.ja4s);
    o.str(r.ja4s_r);
    o.str(r.ja3);
    o.str(r.ja3_full);
    o.str(r.ja3s);
    o.str(r.ja3s_full);
    o.arr(r.ja3_additional);
    o.arr(r.ja3_full_additional);
    o.arr(r.ja3s_additional);
    o.arr(r.ja3s_full_additional);
    o.arr(r.ja4h);
    o.arr(r.ja4h_r);
    o.arr(r.ja4h_ro);
    o.arr(r.ja4x);
    o.arr(r.ja4x_r);
    o.str(r.ja4t);
    o.str(r.ja4ts);
    o.str(r.ja4l_c);
    o.str(r.ja4l_s);
    o.nullable(r.client_ttl, (v) => o.u8(v));
    o.nullable(r.server_ttl, (v) => o.u8(v));
    o.arr(r.ja4ssh);
  }
  return o.buf.subarray(0, o.pos);
}
