// Value checks and conversions shared by the column appenders: JS values as the JSONEachRow path
// sends them -> the bytes ClickHouse stores. Anything of the wrong shape throws NativeEncodeError,
// and the caller sends that batch as JSON instead, so the server stays the judge of bad data.

export class NativeEncodeError extends Error {}

export function bad(what: string, v: unknown): never {
  throw new NativeEncodeError(`${what} expected, got ${typeof v} ${String(v).slice(0, 60)}`);
}

/** "1732442400.123456" -> microseconds; -1 when the text has any other shape. */
export function secondsDotMicros(s: string): number {
  const len = s.length;
  if (len < 8 || len > 23 || s.charCodeAt(len - 7) !== 46) return -1;
  let v = 0;
  for (let i = 0; i < len; i++) {
    if (i === len - 7) continue;
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return Number.isSafeInteger(v) ? v : -1;
}

const SCALE = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

/** "seconds.fraction" (what microsToDateTime64 writes) or "YYYY-MM-DD hh:mm:ss[.frac]" (UTC). */
export function dateTime64(v: unknown, precision: number): number {
  if (typeof v !== 'string') bad('DateTime64 string', v);
  const s = v as string;
  let secs: number;
  let frac = '';
  const dot = s.indexOf('.');
  const whole = dot < 0 ? s : s.slice(0, dot);
  if (dot >= 0) frac = s.slice(dot + 1);
  if (/^\d+$/.test(whole)) secs = Number(whole);
  else {
    const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})$/.exec(whole);
    if (!m) bad('DateTime64', s);
    secs = Date.parse(`${m[1]}T${m[2]}Z`) / 1000;
    if (!Number.isFinite(secs)) bad('DateTime64', s);
  }
  if (frac !== '' && !/^\d+$/.test(frac)) bad('DateTime64', s);
  const f = Number(frac.slice(0, precision).padEnd(precision, '0') || '0');
  const scaled = secs * SCALE[precision]! + f;
  if (!Number.isSafeInteger(scaled)) bad('DateTime64 in range', s);
  return scaled;
}

export function dateTime(v: unknown): number {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffffffff) return v;
  if (typeof v === 'string') {
    if (/^\d+$/.test(v)) return dateTime(Number(v));
    const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})$/.exec(v);
    const ms = m ? Date.parse(`${m[1]}T${m[2]}Z`) : NaN;
    if (Number.isFinite(ms)) return dateTime(ms / 1000);
  }
  return bad('DateTime', v);
}

/** IPv6 text (also IPv4, stored mapped, as the server does) -> 16 bytes at `at`. */
export function ipv6(s: string, out: Buffer, at: number): void {
  // Fast path: IPv4-mapped (every IPv4 client is stored this way).
  if (
    s.length >= 14 &&
    s.charCodeAt(0) === 58 &&
    s.charCodeAt(1) === 58 &&
    (s.charCodeAt(2) | 0x20) === 102 &&
    (s.charCodeAt(3) | 0x20) === 102 &&
    (s.charCodeAt(4) | 0x20) === 102 &&
    (s.charCodeAt(5) | 0x20) === 102 &&
    s.charCodeAt(6) === 58
  ) {
    if (ipv4(s, 7, out, at + 12)) return mappedPrefix(out, at);
  }
  if (s.indexOf(':') < 0) {
    if (!ipv4(s, 0, out, at + 12)) bad('IP address', s);
    return mappedPrefix(out, at);
  }
  let text = s;
  let tail4: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.indexOf('.', lastColon) >= 0) {
    const b = Buffer.alloc(4);
    if (!ipv4(text, lastColon + 1, b, 0)) bad('IP address', s);
    tail4 = [(b[0]! << 8) | b[1]!, (b[2]! << 8) | b[3]!];
    text = text.slice(0, lastColon + 1) + '0:0';
  }
  const parts = text.split('::');
  if (parts.length > 2) bad('IP address', s);
  const hex = (x: string): number[] =>
    x === ''
      ? []
      : x.split(':').map((h) => {
          if (!/^[0-9a-fA-F]{1,4}$/.test(h)) bad('IP address', s);
          return parseInt(h, 16);
        });
  const head = hex(parts[0]!);
  const rest = parts.length === 2 ? hex(parts[1]!) : [];
  const zeros = parts.length === 2 ? 8 - head.length - rest.length : 0;
  const words = [...head, ...new Array<number>(Math.max(zeros, 0)).fill(0), ...rest];
  if (words.length !== 8 || (parts.length === 2 && zeros < 1)) bad('IP address', s);
  if (tail4.length) {
    words[6] = tail4[0]!;
    words[7] = tail4[1]!;
  }
  for (let k = 0; k < 8; k++) out.writeUInt16BE(words[k]!, at + 2 * k);
}

/** ::ffff: in front of an IPv4 address (byte stores: a fill() call costs more for 12 bytes). */
function mappedPrefix(out: Buffer, at: number): void {
  for (let i = 0; i < 10; i++) out[at + i] = 0;
  out[at + 10] = 0xff;
  out[at + 11] = 0xff;
}

/** Dotted quad from s[from..] into 4 bytes; false if it is not one. */
function ipv4(s: string, from: number, out: Buffer, at: number): boolean {
  let octet = 0;
  let digits = 0;
  let idx = 0;
  for (let i = from; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 46;
    if (c >= 48 && c <= 57) {
      octet = octet * 10 + (c - 48);
      if (++digits > 3 || octet > 255) return false;
    } else if (c === 46) {
      if (digits === 0 || idx > 3) return false;
      out[at + idx++] = octet;
      octet = 0;
      digits = 0;
    } else return false;
  }
  return idx === 4;
}
