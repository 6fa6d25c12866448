// Client -> server HTTP/2 byte stream (plaintext: h2c or decrypted h2) to per-stream request
// header lists: frames (RFC 9113 §4.1), HEADERS + CONTINUATION joined and HPACK-decoded in
// connection order (the dynamic table depends on it). Incremental: push() chunks as they come.
// Errors: ParseError('h2_parse' | 'hpack_parse'); after one, the reader refuses further input
// (the HPACK state is lost), so the caller drops the connection's HTTP/2 parsing and counts it.
import { ParseError } from '../util/parse-error.js';
import { HpackDecoder, type HeaderField, type HpackOptions } from './hpack.js';

export const HTTP2_PREFACE = 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n';
const PREFACE_BYTES = Uint8Array.from(HTTP2_PREFACE, (c) => c.charCodeAt(0));

const FRAME_HEADERS = 0x1;
const FRAME_CONTINUATION = 0x9;
const FLAG_END_HEADERS = 0x4;
const FLAG_PADDED = 0x8;
const FLAG_PRIORITY = 0x20;

export interface Http2HeaderBlock {
  readonly streamId: number;
  readonly headers: HeaderField[];
  /** False for a second HEADERS on the same stream (trailers). */
  readonly initial: boolean;
}

export interface Http2ReaderOptions extends HpackOptions {
  /** The stream starts with the client connection preface (default true). */
  expectPreface?: boolean;
  /** Largest frame payload accepted (default 1 MiB; SETTINGS_MAX_FRAME_SIZE tops out at 16 MiB). */
  maxFrameSize?: number;
  /** Largest header block (HEADERS + CONTINUATIONs) accepted (default 256 KiB). */
  maxHeaderBlock?: number;
}

export class Http2RequestReader {
  private buf: Uint8Array = new Uint8Array(0);
  private prefaceLeft: number;
  private readonly hpack: HpackDecoder;
  private readonly maxFrame: number;
  private readonly maxBlock: number;
  private pendingStream = 0;
  private pendingParts: Uint8Array[] = [];
  private pendingSize = 0;
  private readonly seenStreams = new Set<number>();
  private failed: ParseError | undefined;
  private consumed = 0;

  constructor(opts: Http2ReaderOptions = {}) {
    this.prefaceLeft = opts.expectPreface === false ? 0 : PREFACE_BYTES.length;
    this.hpack = new HpackDecoder(opts);
    this.maxFrame = opts.maxFrameSize ?? 1 << 20;
    this.maxBlock = opts.maxHeaderBlock ?? 256 * 1024;
  }

  /** Bytes currently buffered (an incomplete frame). */
  get buffered(): number {
    return this.buf.length;
  }

  push(chunk: Uint8Array): Http2HeaderBlock[] {
    if (this.failed) throw this.failed;
    try {
      return this.run(chunk);
    } catch (err) {
      if (err instanceof ParseError) this.failed = err;
      throw err;
    }
  }

  private fail(offset: number, field: string, message: string): never {
    throw new ParseError('h2_parse', message, { offset: this.consumed + offset, field });
  }

  private run(chunk: Uint8Array): Http2HeaderBlock[] {
    let data: Uint8Array;
    if (this.buf.length === 0) data = chunk;
    else {
      data = new Uint8Array(this.buf.length + chunk.length);
      data.set(this.buf);
      data.set(chunk, this.buf.length);
    }
    let pos = 0;
    while (this.prefaceLeft > 0 && pos < data.length) {
      const i = PREFACE_BYTES.length - this.prefaceLeft;
      if (data[pos] !== PREFACE_BYTES[i])
        this.fail(pos, 'preface', 'stream does not start with the HTTP/2 client preface');
      pos++;
      this.prefaceLeft--;
    }
    const out: Http2HeaderBlock[] = [];
    while (data.length - pos >= 9) {
      const len =
        ((data[pos] as number) << 16) |
        ((data[pos + 1] as number) << 8) |
        (data[pos + 2] as number);
      if (len > this.maxFrame)
        this.fail(pos, 'frame.length', `frame of ${len} bytes over the ${this.maxFrame}-byte cap`);
      if (data.length - pos < 9 + len) break;
      const type = data[pos + 3] as number;
      const flags = data[pos + 4] as number;
      const streamId =
        (((data[pos + 5] as number) & 0x7f) << 24) |
        ((data[pos + 6] as number) << 16) |
        ((data[pos + 7] as number) << 8) |
        (data[pos + 8] as number);
      const payload = data.subarray(pos + 9, pos + 9 + len);
      if (
        this.pendingStream !== 0 &&
        (type !== FRAME_CONTINUATION || streamId !== this.pendingStream)
      ) {
        this.fail(
          pos,
          'frame.type',
          `frame type ${type} on stream ${streamId} while a header block on stream ${this.pendingStream} is open`,
        );
      }
      if (type === FRAME_HEADERS) {
        if (streamId === 0) this.fail(pos, 'frame.stream', 'HEADERS on stream 0');
        let start = 0;
        let end = payload.length;
        if (flags & FLAG_PADDED) {
          if (payload.length < 1) this.fail(pos + 9, 'headers.pad_length', 'missing pad length');
          const pad = payload[0] as number;
          start = 1;
          end -= pad;
        }
        if (flags & FLAG_PRIORITY) start += 5;
        if (end < start)
          this.fail(pos + 9, 'headers.padding', 'padding/priority longer than the frame');
        this.pendingStream = streamId;
        this.appendFragment(payload.subarray(start, end), pos);
        if (flags & FLAG_END_HEADERS) out.push(this.finishBlock());
      } else if (type === FRAME_CONTINUATION) {
        if (this.pendingStream === 0)
          this.fail(pos, 'frame.type', 'CONTINUATION without an open header block');
        this.appendFragment(payload, pos);
        if (flags & FLAG_END_HEADERS) out.push(this.finishBlock());
      }
      pos += 9 + len;
    }
    this.consumed += pos;
    this.buf = pos === data.length ? new Uint8Array(0) : data.slice(pos);
    return out;
  }

  private appendFragment(f: Uint8Array, pos: number): void {
    this.pendingSize += f.length;
    if (this.pendingSize > this.maxBlock)
      this.fail(pos, 'header_block', `header block over the ${this.maxBlock}-byte cap`);
    this.pendingParts.push(f.slice());
  }

  private finishBlock(): Http2HeaderBlock {
    const streamId = this.pendingStream;
    let block: Uint8Array;
    if (this.pendingParts.length === 1) block = this.pendingParts[0] as Uint8Array;
    else {
      block = new Uint8Array(this.pendingSize);
      let o = 0;
      for (const p of this.pendingParts) {
        block.set(p, o);
        o += p.length;
      }
    }
    this.pendingStream = 0;
    this.pendingParts = [];
    this.pendingSize = 0;
    const initial = !this.seenStreams.has(streamId);
    if (initial && this.seenStreams.size < 100_000) this.seenStreams.add(streamId);
    return { streamId, headers: this.hpack.decode(block), initial };
  }
}
