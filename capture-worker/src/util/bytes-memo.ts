// A bounded memo of values computed from a byte string, for inputs that repeat whole: a server
// sends the same certificate chain on every connection, so JA4X parses the same DER again and
// again (issue 22). The lookup key is the input's length and its last 32 bytes; for a DER
// certificate those lie in the signature, as good as random per certificate, so two certificates
// rarely share a key and one Map lookup finds the entry. A hit is then confirmed by comparing
// the whole input with the stored copy (native memcmp): a hit is the value of these exact bytes,
// never of a look-alike. A key shared by two inputs keeps the later one. When full it starts again
// empty, as DigestMemo does.
import { Buffer } from 'node:buffer';

const TAIL = 32;

interface Entry<V> {
  bytes: Buffer;
  value: V;
}

export class BytesMemo<V> {
  private readonly map = new Map<string, Entry<V>>();
  hits = 0;
  misses = 0;

  constructor(private readonly max = 1024) {}

  private static key(b: Uint8Array): string {
    const from = b.length > TAIL ? b.length - TAIL : 0;
    return (
      b.length +
      ':' +
      Buffer.from(b.buffer, b.byteOffset + from, b.length - from).toString('latin1')
    );
  }

  /** The value made by `make(bytes)` for these exact bytes, made now unless held. */
  of(bytes: Uint8Array, make: (bytes: Uint8Array) => V): V {
    const k = BytesMemo.key(bytes);
    const e = this.map.get(k);
    if (e !== undefined && e.bytes.equals(bytes)) {
      this.hits++;
      return e.value;
    }
    this.misses++;
    const value = make(bytes);
    if (this.map.size >= this.max) this.map.clear();
    this.map.set(k, { bytes: Buffer.from(bytes), value });
    return value;
  }

  clear(): void {
    this.map.clear();
  }

  get size(): number {
    return this.map.size;
  }
}
