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

/** Why a ServerHello's extension block did not parse cleanly (counted, never fatal). */
export type ExtensionBlockOddity =
  'extensions_one_byte' | 'extensions_length_overrun' | 'extension_truncated';

/**
 * The lenient reading Arkime and tshark apply to a ServerHello: a block of one byte is no block
 * (tshark still prints JA3S with no extensions), a block length past the message is clipped, and
 * an extension whose data runs past the block still counts by its type (Arkime) and ends the
 * list. Returns what parsed and the first oddity, if any; never throws.
 */
export function readExtensionsLenient(r: ByteReader): {
  list: TlsExtension[];
  oddity: ExtensionBlockOddity | undefined;
} {
  const list: TlsExtension[] = [];
  const rem = r.remaining;
  if (rem === 0) return { list, oddity: undefined };
  if (rem === 1) {
    r.pos += 1;
    return { list, oddity: 'extensions_one_byte' };
  }
  const b = r.buf;
  const declared = ((b[r.pos] as number) << 8) | (b[r.pos + 1] as number);
  r.pos += 2;
  let oddity: ExtensionBlockOddity | undefined;
  let blockEnd = r.pos + declared;
  if (blockEnd > r.end) {
    blockEnd = r.end;
    oddity = 'extensions_length_overrun';
  }
  let p = r.pos;
  while (p < blockEnd) {
    if (blockEnd - p < 4) {
      oddity ??= 'extension_truncated';
      p = blockEnd;
      break;
    }
    const type = ((b[p] as number) << 8) | (b[p + 1] as number);
    const elen = ((b[p + 2] as number) << 8) | (b[p + 3] as number);
    p += 4;
    if (blockEnd - p < elen) {
      // Arkime lists the type and stops; its data stays out of reach of the decoders.
      list.push(new TlsExtension(type, b, p, p));
      oddity ??= 'extension_truncated';
      p = blockEnd;
      break;
    }
    list.push(new TlsExtension(type, b, p, p + elen));
    p += elen;
  }
  r.pos = p;
  return { list, oddity };
}
