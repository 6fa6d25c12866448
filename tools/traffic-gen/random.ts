// Seeded draws for the generator (the detector's PRNG, so a seed means the same traffic everywhere).
import { createRng, type Rng } from '../../main/detector/util/prng.js';

export class Draw {
  readonly rng: Rng;
  constructor(seed: number) {
    this.rng = createRng(seed);
  }
  uniform(lo: number, hi: number): number {
    return lo + this.rng.next() * (hi - lo);
  }
  int(lo: number, hiInclusive: number): number {
    return lo + this.rng.int(hiInclusive - lo + 1);
  }
  chance(p: number): boolean {
    return this.rng.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.rng.int(items.length)]!;
  }
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = this.rng.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1]![0];
  }
  gauss(): number {
    return Math.sqrt(-2 * Math.log(1 - this.rng.next())) * Math.cos(2 * Math.PI * this.rng.next());
  }
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.gauss());
  }
  /** Zipf-like index in [0, n): popular pages are visited far more often. */
  zipf(n: number): number {
    return Math.min(n - 1, Math.floor(Math.pow(n + 1, this.rng.next()) - 1));
  }
  ipv4(): string {
    return `${this.int(11, 223)}.${this.int(0, 255)}.${this.int(0, 255)}.${this.int(1, 254)}`;
  }
}
