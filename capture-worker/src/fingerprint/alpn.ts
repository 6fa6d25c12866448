// The two ALPN characters of JA4 / JA4S (spec §2.2).
//
// 'rust' (default, the oracle per spec §12): the Rust tool reads the protocol as text (invalid
// UTF-8 shown as U+FFFD), takes the first and last character, writes '9' for a non-ASCII one,
// and '0' for a missing last character (so a 1-byte value `a` gives `a0`, bytes BA AD give `99`).
// We also write '9' for ASCII control characters, so a fingerprint never carries them.
// 'spec': JA4.md (Aug 2024) — alphanumeric first and last byte as is, else first and last hex
// digit of the whole value (`BA AD` -> `bd`); a 1-byte alphanumeric value twice (`aa`).
import { hex8 } from '../util/hex.js';
import { utf8 } from '../util/utf8.js';

export type AlpnRule = 'rust' | 'spec';

function isAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function rustChar(cp: number): string {
  return cp >= 0x21 && cp <= 0x7e ? String.fromCharCode(cp) : cp === 0x20 ? ' ' : '9';
}

export function alpnChars(value: Uint8Array | undefined, rule: AlpnRule = 'rust'): string {
  return value === undefined ? '00' : alpnCharsIn(value, 0, value.length, rule);
}

/** alpnChars of the protocol name b[start, end) (no view needed: the ClientHello hot path). */
export function alpnCharsIn(b: Uint8Array, start: number, end: number, rule: AlpnRule): string {
  if (end <= start) return '00';
  const first = b[start] as number;
  const last = b[end - 1] as number;
  if (rule === 'spec') {
    if (isAlnum(first) && isAlnum(last)) return String.fromCharCode(first, last);
    const hFirst = hex8(first);
    const hLast = hex8(last);
    return (hFirst[0] as string) + (hLast[1] as string);
  }
  // Fast path: all-ASCII values (h2, http/1.1, h3) need no decoding.
  if (first < 0x80 && last < 0x80) {
    let ascii = true;
    for (let i = start + 1; i < end - 1; i++) if ((b[i] as number) >= 0x80) ascii = false;
    if (ascii) return rustChar(first) + (end - start === 1 ? '0' : rustChar(last));
  }
  const cps = Array.from(utf8(b.subarray(start, end)), (ch) => ch.codePointAt(0) as number);
  const f = cps[0] as number;
  return rustChar(f) + (cps.length > 1 ? rustChar(cps[cps.length - 1] as number) : '0');
}
