// Length-prefixed frames: a 4-byte big-endian payload length, then the payload (UTF-8 JSON).
// Hand-written because it is twelve lines and no library frames a pipe with a hard size cap.
import { AppError } from '../../../common/util/errors.js';

/** A frame larger than this is a protocol error, not a big message: it would only come from corruption. */
export const MAX_FRAME_BYTES = 4 * 1024 * 1024;

export function encodeFrame(message: unknown): Buffer {
  const json = JSON.stringify(message);
  const len = Buffer.byteLength(json);
  if (len > MAX_FRAME_BYTES) {
    throw new AppError(
      'channel.frame_too_large',
      `channel frame of ${len} bytes exceeds ${MAX_FRAME_BYTES}`,
      { len },
    );
  }
  const buf = Buffer.allocUnsafe(4 + len);
  buf.writeUInt32BE(len, 0);
  buf.write(json, 4, 'utf8');
  return buf;
}

/**
 * Push decoder for a byte stream of frames. Chunks may split frames anywhere. After an
 * oversize length the stream cannot be resynchronised, so the decoder stops and reports it.
 */
export class FrameDecoder {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private broken = false;

  constructor(
    private readonly onFrame: (payload: Buffer) => void,
    private readonly onError: (err: AppError) => void,
  ) {}

  push(chunk: Buffer): void {
    if (this.broken) return;
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes < 4) return;
    let buf =
      this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    let off = 0;
    while (buf.length - off >= 4) {
      const len = buf.readUInt32BE(off);
      if (len > MAX_FRAME_BYTES) {
        this.broken = true;
        this.pending = [];
        this.pendingBytes = 0;
        this.onError(
          new AppError(
            'channel.frame_too_large',
            `channel frame length ${len} exceeds ${MAX_FRAME_BYTES}: stream is corrupt`,
            {
              len,
            },
          ),
        );
        return;
      }
      if (buf.length - off - 4 < len) break;
      this.onFrame(buf.subarray(off + 4, off + 4 + len));
      off += 4 + len;
    }
    buf = off === buf.length ? Buffer.alloc(0) : buf.subarray(off);
    this.pending = buf.length > 0 ? [buf] : [];
    this.pendingBytes = buf.length;
  }

  /** Bytes of an incomplete frame still held (a non-zero value at end of stream means truncation). */
  get buffered(): number {
    return this.pendingBytes;
  }
}
