// Reads a response line by line and stops early: at a byte cap (so a huge result never reaches
// memory in full on a server connection) or once enough lines have arrived.
import type { Readable } from 'node:stream';

export interface ReadLines {
  lines: string[];
  /** Bytes of the complete lines returned. */
  bytes: number;
  /** True when reading stopped at maxBytes with more data left. */
  cut: boolean;
}

export async function readLines(
  stream: Readable,
  o: { maxBytes: number; maxLines?: number },
): Promise<ReadLines> {
  const lines: string[] = [];
  let bytes = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let cut = false;
  const maxLines = o.maxLines ?? Infinity;
  try {
    outer: for await (const chunk of stream as AsyncIterable<Buffer | string>) {
      let buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      for (;;) {
        const nl = buf.indexOf(0x0a);
        if (nl < 0) {
          pending.push(buf);
          pendingBytes += buf.length;
          if (bytes + pendingBytes > o.maxBytes) {
            cut = true;
            break outer;
          }
          break;
        }
        const size = pendingBytes + nl + 1;
        if (bytes + size > o.maxBytes) {
          cut = true;
          break outer;
        }
        const line = Buffer.concat([...pending, buf.subarray(0, nl)]).toString('utf8');
        pending = [];
        pendingBytes = 0;
        bytes += size;
        if (line !== '') lines.push(line);
        buf = buf.subarray(nl + 1);
        if (lines.length >= maxLines) break outer;
      }
    }
  } finally {
    // Leaving early: stop the transfer (an HTTP response is aborted, not drained).
    stream.destroy();
  }
  if (!cut && pendingBytes > 0 && lines.length < maxLines) {
    const line = Buffer.concat(pending).toString('utf8');
    if (line !== '') lines.push(line);
    bytes += pendingBytes;
  }
  return { lines, bytes, cut };
}
