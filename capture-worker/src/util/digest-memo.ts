// A bounded memo of digests by their input text. Fingerprints repeat: one browser build sends the
// same sorted cipher and extension lists on every connection, so most JA4/JA3 inputs were hashed
// moments before. A Map lookup of the ~100-character list (V8 hashes the string once) costs a
// fraction of a crypto.hash call (~0.35 µs of binding and digest). The key is the whole input, so
// a hit is the digest itself, never a guess. When full it starts again empty (no LRU bookkeeping
// per hit); `clear()` lets a benchmark time the cold path.
//
// A hit also returns the text it was stored under: callers put that copy in the record and let
// the one they just built die young. A connection's fingerprint strings otherwise live as long as
// its flow, and on a handshake-heavy file the garbage collector spent most of its time copying
// them between generations (issue 22).

export interface MemoEntry {
  text: string;
  digest: string;
}

export class DigestMemo {
  private readonly map = new Map<string, MemoEntry>();
  hits = 0;
  misses = 0;

  constructor(private readonly max = 8192) {}

  get(input: string): MemoEntry | undefined {
    const e = this.map.get(input);
    if (e === undefined) this.misses++;
    else this.hits++;
    return e;
  }

  set(input: string, digest: string): MemoEntry {
    if (this.map.size >= this.max) this.map.clear();
    const e = { text: input, digest };
    this.map.set(input, e);
    return e;
  }

  /** The entry for `input`, made with `digest(input)` when it is not held. */
  of(input: string, digest: () => string): MemoEntry {
    return this.get(input) ?? this.set(input, digest());
  }

  clear(): void {
    this.map.clear();
  }

  get size(): number {
    return this.map.size;
  }
}
