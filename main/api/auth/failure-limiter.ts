// Slows token guessing to a crawl: a token bucket of failed authentications per source (an IPv4
// address or an IPv6 /64, which one host usually holds whole). A source starts with
// `failuresPerMinute` failures in hand and earns them back at that rate; with none left it is
// locked out until the next one is earned (Retry-After). The server asks `retryAfter` BEFORE it
// looks at the token, so a limited request learns nothing about its guess: a 429 is the answer
// whether the token was right or wrong. Memory is bounded by `maxSources` (oldest forgotten).
import { isIPv6 } from 'node:net';

export class FailureLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perMs: number;

  constructor(
    private readonly failuresPerMinute = 10,
    private readonly maxSources = 10_000,
    private readonly now: () => number = Date.now,
  ) {
    this.perMs = failuresPerMinute / 60_000;
  }

  /** Seconds until this source may try again, or 0 when it may try now. */
  retryAfter(address: string): number {
    const tokens = this.tokens(sourceKey(address));
    return tokens >= 1 ? 0 : Math.max(1, Math.ceil((1 - tokens) / this.perMs / 1000));
  }

  recordFailure(address: string): void {
    const key = sourceKey(address);
    const tokens = this.tokens(key);
    // Re-inserted so that Map order is least-recently-failed first (the eviction order).
    this.buckets.delete(key);
    this.buckets.set(key, { tokens: Math.max(0, tokens - 1), at: this.now() });
    if (this.buckets.size > this.maxSources) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
  }

  private tokens(key: string): number {
    const b = this.buckets.get(key);
    if (!b) return this.failuresPerMinute;
    const tokens = Math.min(this.failuresPerMinute, b.tokens + (this.now() - b.at) * this.perMs);
    if (tokens >= this.failuresPerMinute) this.buckets.delete(key);
    return tokens;
  }
}

/** 203.0.113.7 and ::ffff:203.0.113.7 are one source; IPv6 addresses count per /64. */
export function sourceKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!isIPv6(address)) return address;
  const [head = '', tail = ''] = address.split('%')[0]!.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === '' ? [] : tail.split(':');
  const groups = address.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
