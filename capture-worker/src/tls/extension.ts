// Extension list shared by ClientHello and ServerHello parsing.
import type { ByteReader } from '../util/reader.js';

export interface TlsExtension {
  /** Extension type as on the wire (GREASE included). */
  readonly type: number;
  /** View (no copy) of the extension_data bytes inside the parsed message. */
  readonly data: Uint8Array;
}

/** Reads the 2-byte-length-prefixed extension block; absent block (message ends) gives []. */
export function readExtensions(r: ByteReader): TlsExtension[] {
  const out: TlsExtension[] = [];
  if (r.remaining === 0) return out;
  const len = r.u16('extensions.length');
  r.need(len, 'extensions');
  const blockEnd = r.pos + len;
  while (r.pos < blockEnd) {
    if (blockEnd - r.pos < 4) r.fail('extension.header', 'truncated extension header');
    const type = r.u16('extension.type');
    const len = r.u16('extension.length');
    if (blockEnd - r.pos < len)
      r.fail(
        'extension.data',
        `extension 0x${type.toString(16)} length ${len} runs past the extension block`,
      );
    out.push({ type, data: r.buf.subarray(r.pos, r.pos + len) });
    r.pos += len;
  }
  return out;
}
