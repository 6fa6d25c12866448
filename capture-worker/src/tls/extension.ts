// Extension list shared by ClientHello and ServerHello parsing. Entries keep offsets into the
// message and create the data view only when asked: most consumers read just the type.
import type { ByteReader } from '../util/reader.js';

export class TlsExtension {
  constructor(
    /** Extension type as on the wire (GREASE included). */
    readonly type: number,
    private readonly msg: Uint8Array,
    /** Offset of extension_data in the parsed message body. */
    readonly start: number,
    readonly end: number,
  ) {}

  /** View (no copy) of the extension_data bytes inside the parsed message. */
  get data(): Uint8Array {
    return this.msg.subarray(this.start, this.end);
  }
}

/** Reads the 2-byte-length-prefixed extension block; absent block (message ends) gives []. */
export function readExtensions(r: ByteReader): TlsExtension[] {
  const out: TlsExtension[] = [];
  if (r.remaining === 0) return out;
  const len = r.u16('extensions.length');
  r.need(len, 'extensions');
  const b = r.buf;
  const blockEnd = r.pos + len;
  let p = r.pos;
  while (p < blockEnd) {
    if (blockEnd - p < 4) {
      r.pos = p;
      r.fail('extension.header', 'truncated extension header');
    }
    const type = ((b[p] as number) << 8) | (b[p + 1] as number);
    const elen = ((b[p + 2] as number) << 8) | (b[p + 3] as number);
    p += 4;
    if (blockEnd - p < elen) {
      r.pos = p;
      r.fail(
        'extension.data',
        `extension 0x${type.toString(16)} length ${elen} runs past the extension block`,
      );
    }
    out.push(new TlsExtension(type, b, p, p + elen));
    p += elen;
  }
  r.pos = p;
  return out;
}
