// ClickHouse type names -> a small tree the Native encoder walks. Only the types our tables use
// are known; anything else is `undefined` and the caller inserts that table as JSONEachRow.
export type NativeType =
  | { kind: 'string' }
  | { kind: 'uint' | 'int'; bytes: 1 | 2 | 4 | 8 }
  | { kind: 'float'; bytes: 4 | 8 }
  | { kind: 'bool' }
  | { kind: 'ipv6' }
  | { kind: 'datetime64'; precision: number }
  | { kind: 'datetime' }
  | { kind: 'nullable'; of: NativeType }
  | { kind: 'array'; of: NativeType }
  | { kind: 'tuple'; names: (string | undefined)[]; of: NativeType[] }
  // Top-level columns only: sent dictionary-encoded (the engine then builds no dictionary) and as
  // the enum's own numbers (no name lookup in the engine). Nested, both travel as plain String.
  | { kind: 'lowcard' }
  | { kind: 'enum'; bytes: 1 | 2; text: string; values: Map<string, number> };

/** Split "a, b(c, d), e" at top-level commas. */
function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = false;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "'" && s[i - 1] !== '\\') quote = !quote;
    if (quote) continue;
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      out.push(s.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(s.slice(start).trim());
  return out;
}

const INTS: Record<string, NativeType> = {
  UInt8: { kind: 'uint', bytes: 1 },
  UInt16: { kind: 'uint', bytes: 2 },
  UInt32: { kind: 'uint', bytes: 4 },
  UInt64: { kind: 'uint', bytes: 8 },
  Int8: { kind: 'int', bytes: 1 },
  Int16: { kind: 'int', bytes: 2 },
  Int32: { kind: 'int', bytes: 4 },
  Int64: { kind: 'int', bytes: 8 },
  Float32: { kind: 'float', bytes: 4 },
  Float64: { kind: 'float', bytes: 8 },
  Bool: { kind: 'bool' },
  String: { kind: 'string' },
  IPv6: { kind: 'ipv6' },
};

/** Enum8('a' = 1, 'it\\'s' = 2) -> name -> number; undefined when the text has another shape. */
function enumValues(inner: string): Map<string, number> | undefined {
  const out = new Map<string, number>();
  for (const part of splitTop(inner)) {
    const m = /^'((?:[^'\\]|\\.)*)'\s*=\s*(-?\d+)$/s.exec(part);
    if (!m) return undefined;
    out.set(m[1]!.replace(/\\(.)/gs, '$1'), Number(m[2]));
  }
  return out;
}

/**
 * A table column's type. `top` is false inside Array/Tuple/Nullable: there LowCardinality and
 * enums are sent as String and the INSERT converts them, as it does for JSON.
 */
export function parseType(text: string, top = false): NativeType | undefined {
  const t = text.trim();
  if (top) {
    if (t === 'LowCardinality(String)') return { kind: 'lowcard' };
    const e = /^Enum(8|16)\((.*)\)$/s.exec(t);
    const values = e && enumValues(e[2]!);
    if (e && values) return { kind: 'enum', bytes: e[1] === '8' ? 1 : 2, text: t, values };
  }
  const simple = INTS[t];
  if (simple) return simple;
  const m = /^([A-Za-z0-9]+)\((.*)\)$/s.exec(t);
  if (!m) return t === 'DateTime' ? { kind: 'datetime' } : undefined;
  const [, head, inner] = m as unknown as [string, string, string];
  switch (head) {
    // Sent as their plain values; the INSERT converts (dictionary, enum lookup) as for JSON.
    case 'LowCardinality':
      return parseType(inner);
    case 'Enum8':
    case 'Enum16':
      return { kind: 'string' };
    case 'Nullable': {
      const of = parseType(inner);
      return of && { kind: 'nullable', of };
    }
    case 'Array': {
      const of = parseType(inner);
      return of && { kind: 'array', of };
    }
    case 'DateTime':
      return { kind: 'datetime' };
    case 'DateTime64': {
      const precision = Number(splitTop(inner)[0]);
      return precision >= 0 && precision <= 9 ? { kind: 'datetime64', precision } : undefined;
    }
    case 'Tuple': {
      const names: (string | undefined)[] = [];
      const of: NativeType[] = [];
      for (const part of splitTop(inner)) {
        const named = /^([A-Za-z_][A-Za-z0-9_]*)\s+(.+)$/s.exec(part);
        const el = parseType(named ? named[2]! : part);
        if (!el) return undefined;
        names.push(named ? named[1] : undefined);
        of.push(el);
      }
      return { kind: 'tuple', names, of };
    }
    default:
      return undefined;
  }
}

/** The type written in the Native header: what the encoder actually produces. */
export function wireType(t: NativeType): string {
  switch (t.kind) {
    case 'string':
      return 'String';
    case 'uint':
      return `UInt${t.bytes * 8}`;
    case 'int':
      return `Int${t.bytes * 8}`;
    case 'float':
      return `Float${t.bytes * 8}`;
    case 'bool':
      return 'Bool';
    case 'ipv6':
      return 'IPv6';
    case 'datetime64':
      return `DateTime64(${t.precision}, 'UTC')`;
    case 'datetime':
      return "DateTime('UTC')";
    case 'nullable':
      return `Nullable(${wireType(t.of)})`;
    case 'array':
      return `Array(${wireType(t.of)})`;
    case 'lowcard':
      return 'LowCardinality(String)';
    case 'enum':
      return t.text;
    case 'tuple':
      return `Tuple(${t.of.map((x, i) => (t.names[i] ? `${t.names[i]} ${wireType(x)}` : wireType(x))).join(', ')})`;
  }
}
