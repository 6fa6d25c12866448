// A bounded memo of a fingerprint list's text and digest by the list's values, for lists that
// repeat: one client build sends the same cipher suites, extensions and signature algorithms on
// every connection (issue 22). DigestMemo keys by the text, so every lookup first writes the
// list as hex, makes a string of it and has V8 hash that string; here the caller pushes the
// values (15-40 numbers) while they are in hand, and a hit returns the text and digest made the
// first time without writing or allocating anything.
//
// The key is the whole sequence of values: the 30-bit FNV-1a hash only picks the bucket, and a
// hit is confirmed value by value, so an entry is returned only for the values it was made from.
// The caller's text and digest must be a function of the values pushed (a separator value such
// as -1 marks where one part of a list ends). When full it starts again empty (as DigestMemo).

export interface ListEntry {
  readonly text: string;
  readonly digest: string;
  /**
   * The caller's own derived value for this entry (one slot; ja4.ts keeps the joined JA4
   * strings here). An entry is never reused for other values, so what is kept stays true.
   */
  attached: unknown;
}

interface Node extends ListEntry {
  /** The key's values are arena[at, at + len). */
  readonly at: number;
  readonly len: number;
  next: Node | undefined;
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

export class ListMemo {
  private readonly map = new Map<number, Node>();
  private key = new Int32Array(256);
  private len = 0;
  // Every held key, end to end in one buffer: a typed array per entry costs an ArrayBuffer each,
  // which V8 allocates outside its heap and the garbage collector must track (with one per entry
  // the engine ran at 0.88x with its memos emptied every round; with the arena, 1.14x).
  private arena = new Int32Array(1 << 14);
  private used = 0;
  private h = FNV_OFFSET;
  private count = 0;
  hits = 0;
  misses = 0;

  private readonly shift: number;

  /** `hashBits` (1-30) narrows the bucket hash: tests use 2 to put every key through collisions. */
  constructor(
    private readonly max = 8192,
    hashBits = 30,
  ) {
    this.shift = 32 - Math.min(30, Math.max(1, hashBits));
  }

  /** Starts a new key. */
  begin(): void {
    this.len = 0;
    this.h = FNV_OFFSET;
  }

  /** Appends one value (any 32-bit integer) to the key. */
  push(v: number): void {
    if (this.len === this.key.length) {
      const k = new Int32Array(this.key.length * 2);
      k.set(this.key);
      this.key = k;
    }
    this.key[this.len++] = v;
    this.h = Math.imul(this.h ^ v, FNV_PRIME);
  }

  /** The entry made from exactly the values pushed since begin(), if held. */
  find(): ListEntry | undefined {
    const n = this.bucket(this.hashKey());
    if (n !== undefined) {
      this.hits++;
      return n;
    }
    this.misses++;
    return undefined;
  }

  /** Holds `text` and `digest` for the values pushed since begin() (after a find() that missed). */
  add(text: string, digest: string): ListEntry {
    if (this.count >= this.max) this.clear();
    const h = this.hashKey();
    const len = this.len;
    if (this.used + len > this.arena.length) {
      const a = new Int32Array(Math.max(this.arena.length * 2, this.used + len));
      a.set(this.arena.subarray(0, this.used));
      this.arena = a;
    }
    const at = this.used;
    this.arena.set(this.key.subarray(0, len), at);
    this.used += len;
    const node: Node = { text, digest, attached: undefined, at, len, next: this.map.get(h) };
    this.map.set(h, node);
    this.count++;
    return node;
  }

  clear(): void {
    this.map.clear();
    this.count = 0;
    this.used = 0;
  }

  get size(): number {
    return this.count;
  }

  // A positive small integer (V8 keeps it unboxed as a Map key).
  private hashKey(): number {
    return Math.imul(this.h ^ this.len, FNV_PRIME) >>> this.shift;
  }

  private bucket(h: number): Node | undefined {
    const len = this.len;
    const key = this.key;
    const arena = this.arena;
    for (let n = this.map.get(h); n !== undefined; n = n.next) {
      if (n.len !== len) continue;
      const at = n.at;
      let i = 0;
      while (i < len && arena[at + i] === key[i]) i++;
      if (i === len) return n;
    }
    return undefined;
  }
}
