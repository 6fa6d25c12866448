// A binary min-heap on a numeric key. Hand-written because the correlator needs ~20 lines of it on
// its hot path and the npm heaps either box every key or pull in comparators per call.
export class MinHeap<T> {
  private keys: number[] = [];
  private items: T[] = [];

  get size(): number {
    return this.items.length;
  }

  peekKey(): number {
    return this.keys.length > 0 ? (this.keys[0] as number) : Infinity;
  }

  push(key: number, item: T): void {
    const keys = this.keys;
    const items = this.items;
    let i = keys.length;
    keys.push(key);
    items.push(item);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pk = keys[p] as number;
      if (pk <= key) break;
      keys[i] = pk;
      items[i] = items[p] as T;
      i = p;
    }
    keys[i] = key;
    items[i] = item;
  }

  pop(): T | undefined {
    const keys = this.keys;
    const items = this.items;
    const n = items.length;
    if (n === 0) return undefined;
    const top = items[0];
    const lastKey = keys.pop() as number;
    const lastItem = items.pop() as T;
    if (n > 1) {
      const m = n - 1;
      let i = 0;
      while (true) {
        let c = 2 * i + 1;
        if (c >= m) break;
        const r = c + 1;
        if (r < m && (keys[r] as number) < (keys[c] as number)) c = r;
        if ((keys[c] as number) >= lastKey) break;
        keys[i] = keys[c] as number;
        items[i] = items[c] as T;
        i = c;
      }
      keys[i] = lastKey;
      items[i] = lastItem;
    }
    return top;
  }
}
