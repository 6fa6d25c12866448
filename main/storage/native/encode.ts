// Rows (the same JSON-ready objects the JSONEachRow path sends) -> one ClickHouse Native block.
// Native is columnar: the engine reads it with far less work than text or RowBinary (measured in
// docs/storage.md). The encoder is strict: a value whose JS type does not match its column throws
// NativeEncodeError, and the caller sends that batch as JSONEachRow instead, so the server stays
// the judge of bad data exactly as before.
import { Out } from './out.js';
import { parseType, wireType, type NativeType } from './type.js';

export class NativeEncodeError extends Error {}

export interface NativeColumn {
  name: string;
  type: NativeType;
}

/** Columns of a table (name, ClickHouse type) -> encoder columns; undefined if a type is unknown. */
export function nativeColumns(
  table: readonly { name: string; type: string }[],
): NativeColumn[] | undefined {
  const out: NativeColumn[] = [];
  for (const c of table) {
    const type = parseType(c.type);
    if (!type) return undefined;
    out.push({ name: c.name, type });
  }
  return out;
}

/** `name Type, ...` for file(path, 'Native', structure). */
export function nativeStructure(columns: readonly NativeColumn[]): string {
  return columns.map((c) => `${c.name} ${wireType(c.type)}`).join(', ');
}

/**
 * Encoder for one column list, reused batch after batch: its output buffer and per-column value
 * arrays are kept, and the rows are read by one generated function with a fixed property read
 * per column (`rows[k][name]` with a changing name is a megamorphic keyed load, ~100 ns; a fixed
 * read is a few ns). Column names are embedded as JSON string literals, so any name is safe.
 */
export class NativeEncoder {
  private readonly out = new Out(1 << 20);
  private readonly values: unknown[][];
  private readonly extract: (rows: readonly object[], cols: unknown[][]) => void;
  private readonly header: string[];

  constructor(private readonly columns: readonly NativeColumn[]) {
    this.values = columns.map(() => []);
    this.header = columns.map((c) => wireType(c.type));
    const body = columns.map((c, i) => `c[${i}][k] = r[${JSON.stringify(c.name)}];`).join('\n');
    this.extract = new Function(
      'rows',
      'c',
      `for (let k = 0; k < rows.length; k++) { const r = rows[k];\n${body}\n}`,
    ) as (rows: readonly object[], cols: unknown[][]) => void;
  }

  /** The block; a view of the encoder's buffer, valid until the next call. */
  encode(rows: readonly object[]): Buffer {
    const n = rows.length;
    const o = this.out;
    o.reset();
    o.varint(this.columns.length);
    o.varint(n);
    for (const v of this.values) v.length = n;
    this.extract(rows, this.values);
    for (let i = 0; i < this.columns.length; i++) {
      const c = this.columns[i]!;
      o.str(c.name);
      o.str(this.header[i]!);
      try {
        column(o, c.type, this.values[i]!, n);
      } catch (err) {
        if (err instanceof NativeEncodeError)
          throw new NativeEncodeError(`column ${c.name}: ${err.message}`);
        throw err;
      }
    }
    // Drop the row references so a finished batch can be collected.
    for (const v of this.values) v.length = 0;
    return o.bytes();
  }
}

/** One Native block (a fresh encoder; for repeated batches keep a NativeEncoder). */
export function encodeNative(columns: readonly NativeColumn[], rows: readonly object[]): Buffer {
  return Buffer.from(new NativeEncoder(columns).encode(rows));
}

function bad(what: string, v: unknown): never {
  throw new NativeEncodeError(`${what} expected, got ${typeof v} ${String(v).slice(0, 60)}`);
}

function column(o: Out, t: NativeType, v: readonly unknown[], n: number): void {
  switch (t.kind) {
    case 'string':
      for (let k = 0; k < n; k++) {
        const s = v[k];
        if (typeof s !== 'string') bad('string', s);
        o.str(s);
      }
      return;
    case 'uint':
    case 'int':
      return integers(o, t, v, n);
    case 'float':
      for (let k = 0; k < n; k++) {
        const x = v[k];
        if (typeof x !== 'number') bad('number', x);
        if (t.bytes === 4) o.f32(x);
        else o.f64(x);
      }
      return;
    case 'bool':
      for (let k = 0; k < n; k++) {
        const x = v[k];
        if (typeof x !== 'boolean') bad('boolean', x);
        o.u8(x ? 1 : 0);
      }
      return;
    case 'ipv6':
      o.need(16 * n);
      for (let k = 0; k < n; k++) {
        const s = v[k];
        if (typeof s !== 'string') bad('IP address string', s);
        ipv6(s, o.buf, o.pos);
        o.pos += 16;
      }
      return;
    case 'datetime64':
      for (let k = 0; k < n; k++) {
        const x = v[k];
        // Fast path: "seconds.micros" as microsToDateTime64 writes it, precision 6.
        const us = t.precision === 6 && typeof x === 'string' ? secondsDotMicros(x) : -1;
        o.i64(us >= 0 ? us : dateTime64(x, t.precision));
      }
      return;
    case 'datetime':
      for (let k = 0; k < n; k++) o.u32(dateTime(v[k]));
      return;
    case 'nullable': {
      const inner: unknown[] = new Array(n);
      o.need(n);
      for (let k = 0; k < n; k++) {
        const x = v[k];
        const isNull = x === null || x === undefined;
        o.buf[o.pos++] = isNull ? 1 : 0;
        inner[k] = isNull ? defaultOf(t.of) : x;
      }
      return column(o, t.of, inner, n);
    }
    case 'array': {
      const flat: unknown[] = [];
      o.need(8 * n);
      for (let k = 0; k < n; k++) {
        const a = v[k];
        if (!Array.isArray(a)) bad('array', a);
        for (const x of a as unknown[]) flat.push(x);
        o.i64(flat.length);
      }
      return column(o, t.of, flat, flat.length);
    }
    case 'tuple':
      for (let i = 0; i < t.of.length; i++) {
        const key = t.names[i];
        const el: unknown[] = new Array(n);
        for (let k = 0; k < n; k++) {
          const x = v[k];
          if (Array.isArray(x)) el[k] = x[i];
          else if (x !== null && typeof x === 'object' && key !== undefined)
            el[k] = (x as Record<string, unknown>)[key];
          else bad('tuple (array or object)', x);
        }
        column(o, t.of[i]!, el, n);
      }
      return;
  }
}

function integers(
  o: Out,
  t: { kind: 'uint' | 'int'; bytes: 1 | 2 | 4 | 8 },
  v: readonly unknown[],
  n: number,
): void {
  const bits = t.bytes * 8;
  const min = t.kind === 'uint' ? 0 : -(2 ** (bits - 1));
  const max = t.kind === 'uint' ? 2 ** bits - 1 : 2 ** (bits - 1) - 1;
  for (let k = 0; k < n; k++) {
    let x = v[k];
    if (t.bytes === 8) {
      if (typeof x === 'string' && /^-?\d+$/.test(x)) x = BigInt(x);
      if (typeof x === 'bigint') {
        if (x < BigInt(min) || x > (t.kind === 'uint' ? 2n ** 64n - 1n : 2n ** 63n - 1n))
          bad(`${t.kind}${bits}`, x);
        o.i64(x);
        continue;
      }
    }
    if (typeof x !== 'number' || !Number.isInteger(x) || x < min || x > max)
      bad(`${t.kind}${bits}`, x);
    if (t.bytes === 1) o.u8(x & 0xff);
    else if (t.bytes === 2) o.u16(x & 0xffff);
    else if (t.bytes === 4) o.u32(x >>> 0);
    else o.i64(x);
  }
}

function defaultOf(t: NativeType): unknown {
  switch (t.kind) {
    case 'string':
      return '';
    case 'bool':
      return false;
    case 'ipv6':
      return '::';
    case 'datetime64':
      return '0';
    case 'array':
      return [];
    case 'tuple':
      return t.of.map(defaultOf);
    case 'nullable':
      return null;
    default:
      return 0;
  }
}

/** "1732442400.123456" -> microseconds; -1 when the text has any other shape. */
function secondsDotMicros(s: string): number {
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
function dateTime64(v: unknown, precision: number): number {
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

function dateTime(v: unknown): number {
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
    if (ipv4(s, 7, out, at + 12)) {
      out.fill(0, at, at + 10);
      out[at + 10] = 0xff;
      out[at + 11] = 0xff;
      return;
    }
  }
  if (s.indexOf(':') < 0) {
    if (!ipv4(s, 0, out, at + 12)) bad('IP address', s);
    out.fill(0, at, at + 10);
    out[at + 10] = 0xff;
    out[at + 11] = 0xff;
    return;
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
