// Fixed-width lowercase hex without per-call allocation beyond the result string.
const HEX2: string[] = [];
for (let i = 0; i < 256; i++) HEX2.push(i.toString(16).padStart(2, '0'));

/** Two hex digits of a byte. */
export function hex8(v: number): string {
  return HEX2[v & 0xff] as string;
}

/** Four hex digits of a 16-bit value (`0a0a`, `c02b`). */
export function hex16(v: number): string {
  return (HEX2[(v >>> 8) & 0xff] as string) + (HEX2[v & 0xff] as string);
}

/** Lowercase hex of a byte range. */
export function bytesToHex(b: Uint8Array, start = 0, end = b.length): string {
  let s = '';
  for (let i = start; i < end; i++) s += HEX2[b[i] as number] as string;
  return s;
}

/** Parse an even-length hex string (whitespace and `:` ignored) into bytes; throws RangeError on bad input (test/fixture helper). */
export function hexToBytes(hex: string): Uint8Array {
  const clean = hex.replace(/[\s:]/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-fA-F]/.test(clean))
    throw new RangeError('invalid hex string');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}
