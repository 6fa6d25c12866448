// One appender per column: takes the column's values one row at a time and holds them in the
// column's Native layout, so a batch is read row by row exactly once (each row object is hot in
// cache while all its fields are taken; a pass per column would pull every row from memory again
// for each of ~50 columns). Buffers are kept from batch to batch.
import { Out } from './out.js';
import type { NativeType } from './type.js';
import { bad, dateTime, dateTime64, ipv6, secondsDotMicros } from './values.js';

export interface Appender {
  add(v: unknown): void;
  /** Appends the value a missing (NULL) entry of a Nullable holds underneath. */
  addDefault(): void;
  /** The column's bytes, in order (a view of the appender's buffers, valid until reset). */
  parts(into: Buffer[]): void;
  reset(): void;
}

/** A column held in one buffer (every type but LowCardinality and the nested ones). */
abstract class OneBuffer implements Appender {
  protected readonly o: Out;
  constructor(size = 1 << 14) {
    this.o = new Out(size);
  }
  abstract add(v: unknown): void;
  abstract addDefault(): void;
  parts(into: Buffer[]): void {
    into.push(this.o.bytes());
  }
  reset(): void {
    this.o.reset();
  }
}

class StringA extends OneBuffer {
  constructor() {
    super(1 << 16);
  }
  add(v: unknown): void {
    if (typeof v !== 'string') bad('string', v);
    this.o.str(v);
  }
  addDefault(): void {
    this.o.u8(0);
  }
}

/**
 * LowCardinality(String) as ClickHouse writes it: key version 1 (shared dictionaries with
 * additional keys), then per block the index type (key width | has additional keys | update
 * dictionary), the block's dictionary ('' first, as the engine keeps it) and one key per row.
 */
class LowCardinalityA implements Appender {
  private readonly dict = new Map<string, number>([['', 0]]);
  private readonly words = new Out(1 << 16);
  private keys = new Uint32Array(1 << 14);
  private n = 0;
  private readonly head = new Out(64);
  private readonly tail = new Out(1 << 14);
  constructor() {
    this.words.str('');
  }
  private last: unknown = '';
  private lastKey = 0;
  add(v: unknown): void {
    // Many columns repeat the previous row's value (sensor, capture file, ALPN): a pointer
    // compare is far cheaper than hashing into the dictionary.
    if (v === this.last) return this.key(this.lastKey);
    let k = this.dict.get(v as string);
    if (k === undefined) {
      if (typeof v !== 'string') bad('string', v);
      k = this.dict.size;
      this.dict.set(v, k);
      this.words.str(v);
    }
    this.last = v;
    this.lastKey = k;
    this.key(k);
  }
  private key(k: number): void {
    if (this.n === this.keys.length) {
      const next = new Uint32Array(this.keys.length * 2);
      next.set(this.keys);
      this.keys = next;
    }
    this.keys[this.n++] = k;
  }
  addDefault(): void {
    this.add('');
  }
  parts(into: Buffer[]): void {
    const size = this.dict.size;
    const width = size <= 0x100 ? 0 : size <= 0x10000 ? 1 : 2;
    const h = this.head;
    h.reset();
    h.i64(1);
    h.i64(width | (1 << 9) | (1 << 10));
    h.i64(size);
    const t = this.tail;
    t.reset();
    t.i64(this.n);
    const bytes = this.n << width;
    t.need(bytes);
    const keys = this.keys;
    const b = t.buf;
    let p = t.pos;
    if (width === 0) for (let i = 0; i < this.n; i++) b[p++] = keys[i]!;
    else if (width === 1)
      for (let i = 0; i < this.n; i++) {
        const k = keys[i]!;
        b[p++] = k & 0xff;
        b[p++] = k >>> 8;
      }
    else for (let i = 0; i < this.n; i++) b.writeUInt32LE(keys[i]!, p + 4 * i);
    t.pos += bytes;
    into.push(h.bytes(), this.words.bytes(), t.bytes());
  }
  reset(): void {
    // A dictionary per block: a value seen once must not be carried in every later block.
    this.dict.clear();
    this.dict.set('', 0);
    this.words.reset();
    this.words.str('');
    this.n = 0;
    this.last = '';
    this.lastKey = 0;
  }
}

class EnumA extends OneBuffer {
  // Our enums have two or three names: comparing them beats hashing into a Map.
  private readonly names: string[];
  private readonly numbers: number[];
  constructor(
    private readonly bytes: 1 | 2,
    values: Map<string, number>,
  ) {
    super();
    this.names = [...values.keys()];
    this.numbers = [...values.values()];
  }
  add(v: unknown): void {
    const names = this.names;
    let i = 0;
    while (i < names.length && names[i] !== v) i++;
    if (i === names.length) bad(`one of ${names.join('|')}`, v);
    const x = this.numbers[i]!;
    if (this.bytes === 1) this.o.u8(x & 0xff);
    else this.o.u16(x & 0xffff);
  }
  addDefault(): void {
    // Enums are top-level only (never under Nullable).
    this.add(this.names[0]);
  }
}

class IntA extends OneBuffer {
  private readonly min: number;
  private readonly max: number;
  private readonly name: string;
  constructor(
    private readonly signed: boolean,
    private readonly bytes: 1 | 2 | 4 | 8,
  ) {
    super(1 << 16);
    const bits = bytes * 8;
    this.min = signed ? -(2 ** (bits - 1)) : 0;
    this.max = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
    this.name = `${signed ? 'int' : 'uint'}${bits}`;
  }
  add(v: unknown): void {
    const o = this.o;
    if (this.bytes === 8) {
      let x = v;
      if (typeof x === 'string' && /^-?\d+$/.test(x)) x = BigInt(x);
      if (typeof x === 'bigint') {
        const hi = this.signed ? 2n ** 63n - 1n : 2n ** 64n - 1n;
        if (x < BigInt(this.min) || x > hi) bad(this.name, x);
        return o.i64(x);
      }
    }
    if (typeof v !== 'number' || !Number.isInteger(v) || v < this.min || v > this.max)
      bad(this.name, v);
    if (this.bytes === 1) o.u8(v & 0xff);
    else if (this.bytes === 2) o.u16(v & 0xffff);
    else if (this.bytes === 4) o.u32(v >>> 0);
    else o.i64(v);
  }
  addDefault(): void {
    this.add(0);
  }
}

class FloatA extends OneBuffer {
  constructor(private readonly bytes: 4 | 8) {
    super();
  }
  add(v: unknown): void {
    if (typeof v !== 'number') bad('number', v);
    if (this.bytes === 4) this.o.f32(v);
    else this.o.f64(v);
  }
  addDefault(): void {
    this.add(0);
  }
}

class BoolA extends OneBuffer {
  add(v: unknown): void {
    if (typeof v !== 'boolean') bad('boolean', v);
    this.o.u8(v ? 1 : 0);
  }
  addDefault(): void {
    this.o.u8(0);
  }
}

class Ipv6A extends OneBuffer {
  constructor() {
    super(1 << 16);
  }
  add(v: unknown): void {
    if (typeof v !== 'string') bad('IP address string', v);
    const o = this.o;
    o.need(16);
    ipv6(v, o.buf, o.pos);
    o.pos += 16;
  }
  addDefault(): void {
    const o = this.o;
    o.need(16);
    o.buf.fill(0, o.pos, o.pos + 16);
    o.pos += 16;
  }
}

class DateTime64A extends OneBuffer {
  constructor(private readonly precision: number) {
    super(1 << 16);
  }
  add(v: unknown): void {
    // Fast path: "seconds.micros" as microsToDateTime64 writes it, precision 6.
    const us = this.precision === 6 && typeof v === 'string' ? secondsDotMicros(v) : -1;
    this.o.i64(us >= 0 ? us : dateTime64(v, this.precision));
  }
  addDefault(): void {
    this.o.i64(0);
  }
}

class DateTimeA extends OneBuffer {
  add(v: unknown): void {
    this.o.u32(dateTime(v));
  }
  addDefault(): void {
    this.o.u32(0);
  }
}

class NullableA implements Appender {
  private readonly nulls = new Out(1 << 14);
  constructor(private readonly inner: Appender) {}
  add(v: unknown): void {
    if (v === null || v === undefined) {
      this.nulls.u8(1);
      this.inner.addDefault();
    } else {
      this.nulls.u8(0);
      this.inner.add(v);
    }
  }
  addDefault(): void {
    this.add(null);
  }
  parts(into: Buffer[]): void {
    into.push(this.nulls.bytes());
    this.inner.parts(into);
  }
  reset(): void {
    this.nulls.reset();
    this.inner.reset();
  }
}

class ArrayA implements Appender {
  private readonly offsets = new Out(1 << 14);
  private count = 0;
  constructor(private readonly inner: Appender) {}
  add(v: unknown): void {
    if (!Array.isArray(v)) bad('array', v);
    for (let i = 0; i < v.length; i++) this.inner.add(v[i]);
    this.count += v.length;
    this.offsets.i64(this.count);
  }
  addDefault(): void {
    this.offsets.i64(this.count);
  }
  parts(into: Buffer[]): void {
    into.push(this.offsets.bytes());
    this.inner.parts(into);
  }
  reset(): void {
    this.offsets.reset();
    this.count = 0;
    this.inner.reset();
  }
}

class TupleA implements Appender {
  constructor(
    private readonly names: (string | undefined)[],
    private readonly inner: Appender[],
  ) {}
  add(v: unknown): void {
    const inner = this.inner;
    if (Array.isArray(v)) for (let i = 0; i < inner.length; i++) inner[i]!.add(v[i]);
    else if (v !== null && typeof v === 'object')
      for (let i = 0; i < inner.length; i++) {
        const key = this.names[i];
        if (key === undefined) bad('tuple (array)', v);
        inner[i]!.add((v as Record<string, unknown>)[key]);
      }
    else bad('tuple (array or object)', v);
  }
  addDefault(): void {
    for (const a of this.inner) a.addDefault();
  }
  parts(into: Buffer[]): void {
    for (const a of this.inner) a.parts(into);
  }
  reset(): void {
    for (const a of this.inner) a.reset();
  }
}

export function appender(t: NativeType): Appender {
  switch (t.kind) {
    case 'string':
      return new StringA();
    case 'lowcard':
      return new LowCardinalityA();
    case 'enum':
      return new EnumA(t.bytes, t.values);
    case 'uint':
    case 'int':
      return new IntA(t.kind === 'int', t.bytes);
    case 'float':
      return new FloatA(t.bytes);
    case 'bool':
      return new BoolA();
    case 'ipv6':
      return new Ipv6A();
    case 'datetime64':
      return new DateTime64A(t.precision);
    case 'datetime':
      return new DateTimeA();
    case 'nullable':
      return new NullableA(appender(t.of));
    case 'array':
      return new ArrayA(appender(t.of));
    case 'tuple':
      return new TupleA(t.names, t.of.map(appender));
  }
}
