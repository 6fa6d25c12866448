// A bounded memo of digests by their input text. Fingerprints repeat: one browser build sends the
// same sorted cipher and extension lists on every connection, so most JA4/JA3 inputs were hashed
// moments before. A Map lookup of the ~100-character list (V8 hashes the string once) costs a
// fraction of a crypto.hash call (~0.35 µs of binding and digest). The key is the whole input, so
// a hit is the digest itself, never a guess. When full it starts again empty (no LRU bookkeeping
// per hit); `clear()` lets a benchmark time the cold path.
export class DigestMemo {
  private readonly map = new Map<string, string>();
  hits = 0;
  misses = 0;

  constructor(private readonly max = 8192) {}

  get(input: string): string | undefined {
    const d = this.map.get(input);
    if (d === undefined) this.misses++;
    else this.hits++;
    return d;
  }

  set(input: string, digest: string): void {
    if (this.map.size >= this.max) this.map.clear();
    this.map.set(input, digest);
  }

  clear(): void {
    this.map.clear();
  }

  get size(): number {
    return this.map.size;
  }
}
