// A Map that forgets its oldest entries past a size: the joins across log files hold state per
// connection and must not grow with the log.
export class BoundedMap<K, V> {
  private readonly map = new Map<K, V>();
  evicted = 0;

  constructor(private readonly max: number) {}

  get(k: K): V | undefined {
    return this.map.get(k);
  }

  set(k: K, v: V): void {
    this.map.delete(k);
    this.map.set(k, v);
    if (this.map.size > this.max) {
      this.map.delete(this.map.keys().next().value as K);
      this.evicted++;
    }
  }

  delete(k: K): boolean {
    return this.map.delete(k);
  }

  get size(): number {
    return this.map.size;
  }
}
