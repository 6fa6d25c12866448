// Streaming capture-file reader: fs chunks through CaptureStreamParser, never the whole file.
// Every complete packet is yielded before a truncation error is thrown, so callers keep good rows.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { CaptureFileError } from './errors.js';
import type { RawPacket } from './packet.js';
import { CaptureStreamParser } from './stream-parser.js';

export interface ReadCaptureOptions {
  /** Receives TLS key log text found in pcapng Decryption Secrets Blocks (before the packets after it). */
  onTlsKeyLog?: (text: string) => void;
  /** fs read size; 1 MiB keeps syscalls few and memory flat. */
  chunkSize?: number;
  /**
   * forEachPacket: after each chunk, the file offset read so far and the packets so far. A
   * returned promise is awaited before the next chunk is read (backpressure from a slow consumer).
   */
  onChunk?: (bytesRead: number, packets: number) => void | Promise<void>;
  /** forEachPacket: the parser, whose `dataOffset` names each packet's place in the file. */
  onParser?: (parser: CaptureStreamParser) => void;
  /**
   * forEachPacket: each chunk read, before it is parsed (`--threads` hands the same bytes to its
   * worker threads, which parse them too).
   */
  onRawChunk?: (chunk: Buffer) => void;
}

async function checkFile(path: string): Promise<void> {
  try {
    const st = await stat(path);
    if (!st.isFile())
      throw new CaptureFileError('capture_read_failed', 'not a regular file', 0, path);
  } catch (e) {
    if (e instanceof CaptureFileError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new CaptureFileError('capture_missing_file', 'no such file', 0, path, { cause: e });
    throw new CaptureFileError(
      'capture_read_failed',
      `cannot open (${code ?? String(e)})`,
      0,
      path,
      { cause: e },
    );
  }
}

/** A failure while streaming the file, as a CaptureFileError (one passes through unchanged). */
function readFailed(e: unknown, offset: number, path: string): CaptureFileError {
  if (e instanceof CaptureFileError) return e;
  const code = (e as NodeJS.ErrnoException).code;
  return new CaptureFileError(
    'capture_read_failed',
    `read failed (${code ?? String(e)})`,
    offset,
    path,
    { cause: e },
  );
}

export async function* readCaptureFile(
  path: string,
  options: ReadCaptureOptions = {},
): AsyncGenerator<RawPacket> {
  await checkFile(path);
  let queue: RawPacket[] = [];
  const parser = new CaptureStreamParser(
    {
      onPacket: (p) => queue.push(p),
      ...(options.onTlsKeyLog ? { onTlsKeyLog: options.onTlsKeyLog } : {}),
    },
    path,
  );
  const stream = createReadStream(path, { highWaterMark: options.chunkSize ?? 1024 * 1024 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let failure: unknown = null;
      try {
        parser.push(chunk);
      } catch (e) {
        failure = e;
      }
      // Each chunk is a fresh Buffer, so packet views into it stay valid while the consumer runs.
      const out = queue;
      queue = [];
      for (const p of out) yield p;
      if (failure !== null) throw failure;
    }
  } catch (e) {
    throw readFailed(e, parser.bytesReceived, path);
  } finally {
    stream.destroy();
  }
  parser.end();
}

/**
 * Callback form of readCaptureFile for hot loops (CLI, import, benchmarks): no promise per packet.
 * `onPacket` runs synchronously for every packet; the packet's bytes are valid during the call.
 * Resolves with the packet count; rejects with a CaptureFileError after delivering every complete
 * packet.
 */
export async function forEachPacket(
  path: string,
  onPacket: (p: RawPacket) => void,
  options: ReadCaptureOptions = {},
): Promise<number> {
  await checkFile(path);
  const parser = new CaptureStreamParser(
    { onPacket, ...(options.onTlsKeyLog ? { onTlsKeyLog: options.onTlsKeyLog } : {}) },
    path,
  );
  options.onParser?.(parser);
  const stream = createReadStream(path, { highWaterMark: options.chunkSize ?? 1024 * 1024 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      options.onRawChunk?.(chunk);
      parser.push(chunk);
      await options.onChunk?.(parser.bytesReceived, parser.packets);
    }
  } catch (e) {
    throw readFailed(e, parser.bytesReceived, path);
  } finally {
    stream.destroy();
  }
  parser.end();
  return parser.packets;
}
