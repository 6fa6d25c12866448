// Rows (the same JSON-ready objects the JSONEachRow path sends) -> one ClickHouse Native block.
// Native is columnar: the engine reads it with far less work than text or RowBinary (measured in
// docs/storage.md). The encoder is strict: a value whose JS type does not match its column throws
// NativeEncodeError, and the caller sends that batch as JSONEachRow instead, so the server stays
// the judge of bad data exactly as before.
import { appender, type Appender } from './columns.js';
import { Out } from './out.js';
import { parseType, wireType, type NativeType } from './type.js';
import { NativeEncodeError } from './values.js';

export { ipv6, NativeEncodeError } from './values.js';

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
    const type = parseType(c.type, true);
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
 * Encoder for one column list, reused batch after batch (its appenders keep their buffers). The
 * rows are read by one generated function: a loop over the rows with, per column, a fixed
 * property read and a call on that column's own appender, so every property load and call site
 * sees one shape (`rows[k][name]` with a changing name is a megamorphic keyed load, ~100 ns).
 * Column names are embedded as JSON string literals, so any name is safe.
 */
export class NativeEncoder {
  private readonly appenders: Appender[];
  private readonly fill: (rows: readonly object[], a: Appender[]) => void;
  /** Per column: its name and wire type as the block header writes them. */
  private readonly heads: Buffer[];
  private readonly top = new Out(32);
  private current = -1;

  constructor(private readonly columns: readonly NativeColumn[]) {
    this.appenders = columns.map((c) => appender(c.type));
    this.heads = columns.map((c) => {
      const o = new Out(64);
      o.str(c.name);
      o.str(wireType(c.type));
      return Buffer.from(o.bytes());
    });
    const locals = columns.map((_, i) => `const a${i} = a[${i}];`).join('\n');
    // `self.current` names the column whose value was refused (read only on error).
    const body = columns
      .map((c, i) => `c = ${i}; a${i}.add(r[${JSON.stringify(c.name)}]);`)
      .join('\n');
    const fill = new Function(
      'self',
      `return function fill(rows, a) {\n${locals}\nlet c = -1;\ntry {\n` +
        `for (let k = 0; k < rows.length; k++) {\nconst r = rows[k];\n${body}\n}\n` +
        `} finally { self.current = c; }\n}`,
    ) as (self: NativeEncoder) => (rows: readonly object[], a: Appender[]) => void;
    this.fill = fill(this);
  }

  /** The block as a list of buffers (views of the encoder's, valid until the next call). */
  encodeParts(rows: readonly object[]): Buffer[] {
    for (const a of this.appenders) a.reset();
    try {
      this.fill(rows, this.appenders);
    } catch (err) {
      const c = this.columns[this.current];
      if (err instanceof NativeEncodeError && c)
        throw new NativeEncodeError(`column ${c.name}: ${err.message}`);
      throw err;
    }
    const top = this.top;
    top.reset();
    top.varint(this.columns.length);
    top.varint(rows.length);
    const parts: Buffer[] = [top.bytes()];
    for (let i = 0; i < this.columns.length; i++) {
      parts.push(this.heads[i]!);
      this.appenders[i]!.parts(parts);
    }
    return parts;
  }

  /** The block as one buffer (a copy). */
  encode(rows: readonly object[]): Buffer {
    return Buffer.concat(this.encodeParts(rows));
  }
}

/** One Native block (a fresh encoder; for repeated batches keep a NativeEncoder). */
export function encodeNative(columns: readonly NativeColumn[], rows: readonly object[]): Buffer {
  return new NativeEncoder(columns).encode(rows);
}
