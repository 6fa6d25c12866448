// Direction-independent flow lookup without building a string per packet: a 32-bit hash of the
// canonical 5-tuple picks a bucket, and the flow's stored key bytes settle collisions. The
// canonical order puts the numerically lower (address, port) endpoint first; `forward` says
// whether the packet's source is that endpoint.
import type { DecodedPacket } from '../decode/decoded-packet.js';

export interface FlowKeyed {
  /** proto(1) | addrA | portA(2) | addrB | portB(2) */
  keyBytes: Uint8Array;
  hash: number;
}

export interface Lookup {
  forward: boolean;
  hash: number;
}

function cmpAddr(d: Uint8Array, a: number, b: number, n: number): number {
  for (let i = 0; i < n; i++) {
    const x = d[a + i] as number;
    const y = d[b + i] as number;
    if (x !== y) return x - y;
  }
  return 0;
}

export class FlowTable<T extends FlowKeyed> {
  private readonly buckets = new Map<number, T | T[]>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Finds the packet's flow; fills `res` (reused by the caller) for a following insert(). */
  get(p: DecodedPacket, res: Lookup): T | undefined {
    const n = p.ipVersion === 4 ? 4 : 16;
    const d = p.data;
    let c = cmpAddr(d, p.srcOff, p.dstOff, n);
    if (c === 0) c = p.srcPort - p.dstPort;
    const fwd = c <= 0;
    const aOff = fwd ? p.srcOff : p.dstOff;
    const bOff = fwd ? p.dstOff : p.srcOff;
    const aPort = fwd ? p.srcPort : p.dstPort;
    const bPort = fwd ? p.dstPort : p.srcPort;
    let h = (p.proto * 0x01000193) ^ 0x811c9dc5;
    for (let i = 0; i < n; i++) h = Math.imul(h ^ (d[aOff + i] as number), 0x01000193);
    for (let i = 0; i < n; i++) h = Math.imul(h ^ (d[bOff + i] as number), 0x01000193);
    h = Math.imul(h ^ aPort, 0x01000193);
    h = Math.imul(h ^ bPort, 0x01000193) >>> 0;
    res.forward = fwd;
    res.hash = h;
    const b = this.buckets.get(h);
    if (b === undefined) return undefined;
    if (!Array.isArray(b)) return matches(b, p, n, aOff, bOff, aPort, bPort) ? b : undefined;
    for (const f of b) if (matches(f, p, n, aOff, bOff, aPort, bPort)) return f;
    return undefined;
  }

  /** Canonical key bytes of the packet's flow (call after get() said it is new). */
  static keyOf(p: DecodedPacket, forward: boolean): Uint8Array {
    const n = p.ipVersion === 4 ? 4 : 16;
    const k = new Uint8Array(1 + 2 * (n + 2));
    const aOff = forward ? p.srcOff : p.dstOff;
    const bOff = forward ? p.dstOff : p.srcOff;
    const aPort = forward ? p.srcPort : p.dstPort;
    const bPort = forward ? p.dstPort : p.srcPort;
    k[0] = p.proto;
    k.set(p.data.subarray(aOff, aOff + n), 1);
    k[1 + n] = aPort >> 8;
    k[2 + n] = aPort & 0xff;
    k.set(p.data.subarray(bOff, bOff + n), 3 + n);
    k[3 + 2 * n] = bPort >> 8;
    k[4 + 2 * n] = bPort & 0xff;
    return k;
  }

  insert(f: T): void {
    const b = this.buckets.get(f.hash);
    if (b === undefined) this.buckets.set(f.hash, f);
    else if (Array.isArray(b)) b.push(f);
    else this.buckets.set(f.hash, [b, f]);
    this.count++;
  }

  delete(f: T): boolean {
    const b = this.buckets.get(f.hash);
    if (b === undefined) return false;
    if (!Array.isArray(b)) {
      if (b !== f) return false;
      this.buckets.delete(f.hash);
    } else {
      const i = b.indexOf(f);
      if (i < 0) return false;
      b.splice(i, 1);
      if (b.length === 1) this.buckets.set(f.hash, b[0] as T);
    }
    this.count--;
    return true;
  }

  *values(): IterableIterator<T> {
    for (const b of this.buckets.values()) {
      if (Array.isArray(b)) yield* b.slice();
      else yield b;
    }
  }

  clear(): void {
    this.buckets.clear();
    this.count = 0;
  }
}

function matches(
  f: FlowKeyed,
  p: DecodedPacket,
  n: number,
  aOff: number,
  bOff: number,
  aPort: number,
  bPort: number,
): boolean {
  const k = f.keyBytes;
  if (k.length !== 1 + 2 * (n + 2) || k[0] !== p.proto) return false;
  const d = p.data;
  for (let i = 0; i < n; i++)
    if (k[1 + i] !== d[aOff + i] || k[3 + n + i] !== d[bOff + i]) return false;
  return (
    ((k[1 + n] as number) << 8) + (k[2 + n] as number) === aPort &&
    ((k[3 + 2 * n] as number) << 8) + (k[4 + 2 * n] as number) === bPort
  );
}
