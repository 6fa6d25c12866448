// HPACK header-block decoder (RFC 7541) for one direction of one HTTP/2 connection: static and
// dynamic table (bounded by maxTableSize, evicting per §4.4), integers with a 5-byte bound,
// raw and Huffman strings (bounded length). Errors: ParseError('hpack_parse') only; after an
// error the dynamic table is out of sync and the connection's later blocks cannot be trusted.
import { ParseError } from '../util/parse-error.js';
import { latin1 } from '../util/utf8.js';
import { huffmanDecode } from './hpack-huffman.js';

export type HeaderField = readonly [name: string, value: string];

// prettier-ignore
const STATIC: ReadonlyArray<HeaderField> = [
  [':authority', ''], [':method', 'GET'], [':method', 'POST'], [':path', '/'], [':path', '/index.html'],
  [':scheme', 'http'], [':scheme', 'https'], [':status', '200'], [':status', '204'], [':status', '206'],
  [':status', '304'], [':status', '400'], [':status', '404'], [':status', '500'], ['accept-charset', ''],
  ['accept-encoding', 'gzip, deflate'], ['accept-language', ''], ['accept-ranges', ''], ['accept', ''],
  ['access-control-allow-origin', ''], ['age', ''], ['allow', ''], ['authorization', ''], ['cache-control', ''],
  ['content-disposition', ''], ['content-encoding', ''], ['content-language', ''], ['content-length', ''],
  ['content-location', ''], ['content-range', ''], ['content-type', ''], ['cookie', ''], ['date', ''], ['etag', ''],
  ['expect', ''], ['expires', ''], ['from', ''], ['host', ''], ['if-match', ''], ['if-modified-since', ''],
  ['if-none-match', ''], ['if-range', ''], ['if-unmodified-since', ''], ['last-modified', ''], ['link', ''],
  ['location', ''], ['max-forwards', ''], ['proxy-authenticate', ''], ['proxy-authorization', ''], ['range', ''],
  ['referer', ''], ['refresh', ''], ['retry-after', ''], ['server', ''], ['set-cookie', ''],
  ['strict-transport-security', ''], ['transfer-encoding', ''], ['user-agent', ''], ['vary', ''], ['via', ''],
  ['www-authenticate', ''],
];

export interface HpackOptions {
  /** SETTINGS_HEADER_TABLE_SIZE we (as the decoding side) allow; default 4096, capped at 64 KiB. */
  maxTableSize?: number;
  /** Longest string literal accepted (default 64 KiB). */
  maxStringLength?: number;
  /** Most header fields per block (default 512). */
  maxFields?: number;
}

export class HpackDecoder {
  private readonly table: HeaderField[] = []; // newest first
  private size = 0;
  private capacity: number;
  private readonly limit: number;
  private readonly maxString: number;
  private readonly maxFields: number;

  constructor(opts: HpackOptions = {}) {
    this.limit = Math.min(opts.maxTableSize ?? 4096, 65536);
    this.capacity = this.limit;
    this.maxString = opts.maxStringLength ?? 65536;
    this.maxFields = opts.maxFields ?? 512;
  }

  /** Current dynamic table size in RFC 7541 §4.1 octets (for tests and metrics). */
  get tableSize(): number {
    return this.size;
  }

  /** Decodes one complete header block (HEADERS + CONTINUATION fragments joined). */
  decode(block: Uint8Array): HeaderField[] {
    const out: HeaderField[] = [];
    let pos = 0;
    const fail = (field: string, message: string): never => {
      throw new ParseError('hpack_parse', message, { offset: pos, field });
    };
    const int = (prefixBits: number): number => {
      if (pos >= block.length) fail('integer', 'truncated integer');
      const mask = (1 << prefixBits) - 1;
      let v = (block[pos++] as number) & mask;
      if (v < mask) return v;
      let shift = 0;
      for (let i = 0; i < 5; i++) {
        if (pos >= block.length) fail('integer', 'truncated integer');
        const b = block[pos++] as number;
        v += (b & 0x7f) * 2 ** shift;
        shift += 7;
        if ((b & 0x80) === 0) return v;
      }
      return fail('integer', 'integer longer than 5 continuation bytes');
    };
    const str = (): string => {
      if (pos >= block.length) fail('string', 'truncated string');
      const huff = ((block[pos] as number) & 0x80) !== 0;
      const len = int(7);
      if (len > this.maxString)
        fail('string.length', `string of ${len} bytes over the ${this.maxString}-byte cap`);
      if (block.length - pos < len) fail('string', 'string runs past the block');
      const s = huff ? huffmanDecode(block, pos, pos + len) : latin1(block, pos, pos + len);
      pos += len;
      return s;
    };
    const at = (index: number): HeaderField => {
      if (index === 0) fail('index', 'index 0');
      if (index <= STATIC.length) return STATIC[index - 1] as HeaderField;
      const e = this.table[index - STATIC.length - 1];
      return (
        e ?? fail('index', `index ${index} beyond the dynamic table (${this.table.length} entries)`)
      );
    };
    while (pos < block.length) {
      if (out.length >= this.maxFields) fail('block', `more than ${this.maxFields} header fields`);
      const b = block[pos] as number;
      if (b & 0x80) {
        out.push(at(int(7)));
      } else if ((b & 0xc0) === 0x40) {
        const idx = int(6);
        const name = idx === 0 ? str() : at(idx)[0];
        const f: HeaderField = [name, str()];
        out.push(f);
        this.add(f);
      } else if ((b & 0xe0) === 0x20) {
        const size = int(5);
        if (size > this.limit)
          fail('table_size_update', `table size ${size} over the allowed ${this.limit}`);
        this.capacity = size;
        this.evict(0);
      } else {
        // 0000xxxx without indexing, 0001xxxx never indexed: same decoding, no table change.
        const idx = int(4);
        const name = idx === 0 ? str() : at(idx)[0];
        out.push([name, str()]);
      }
    }
    return out;
  }

  private add(f: HeaderField): void {
    const entrySize = f[0].length + f[1].length + 32;
    if (entrySize > this.capacity) {
      this.table.length = 0;
      this.size = 0;
      return;
    }
    this.evict(entrySize);
    this.table.unshift(f);
    this.size += entrySize;
  }

  private evict(incoming: number): void {
    while (this.size + incoming > this.capacity && this.table.length > 0) {
      const e = this.table.pop() as HeaderField;
      this.size -= e[0].length + e[1].length + 32;
    }
  }
}
