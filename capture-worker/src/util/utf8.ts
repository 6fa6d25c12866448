// Lenient UTF-8 decoding (invalid sequences become U+FFFD), one shared decoder.
const decoder = new TextDecoder('utf-8', { fatal: false });

export function utf8(b: Uint8Array): string {
  return decoder.decode(b);
}

/** Latin-1 (one char per byte): how HTTP/1 header bytes are kept without loss. */
export function latin1(b: Uint8Array, start = 0, end = b.length): string {
  let s = '';
  // String.fromCharCode on chunks avoids a per-byte concat for long values.
  for (let i = start; i < end; i += 4096) {
    s += String.fromCharCode(...b.subarray(i, Math.min(end, i + 4096)));
  }
  return s;
}
