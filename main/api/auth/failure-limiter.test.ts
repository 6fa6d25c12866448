import { describe, expect, it } from 'vitest';
import { FailureLimiter, sourceKey } from './failure-limiter.js';

describe('FailureLimiter (token bucket of failures per source)', () => {
  it('allows 10 failures, then one every 6 s, with the wait to the next one', () => {
    let now = 1_000_000;
    const l = new FailureLimiter(10, 100, () => now);
    for (let i = 0; i < 10; i++) {
      expect(l.retryAfter('10.0.0.1')).toBe(0);
      l.recordFailure('10.0.0.1');
    }
    expect(l.retryAfter('10.0.0.1')).toBe(6);
    expect(l.retryAfter('10.0.0.2')).toBe(0);
    now += 3_000;
    expect(l.retryAfter('10.0.0.1')).toBe(3);
    now += 3_000;
    expect(l.retryAfter('10.0.0.1')).toBe(0);
    l.recordFailure('10.0.0.1');
    expect(l.retryAfter('10.0.0.1')).toBe(6);
    // A minute without failures refills the whole bucket.
    now += 60_000;
    for (let i = 0; i < 10; i++) l.recordFailure('10.0.0.1');
    expect(l.retryAfter('10.0.0.1')).toBe(6);
  });

  it('counts a mapped IPv4 address as the IPv4 one and an IPv6 /64 as one source', () => {
    const l = new FailureLimiter(2, 100, () => 0);
    l.recordFailure('::ffff:192.0.2.1');
    l.recordFailure('192.0.2.1');
    expect(l.retryAfter('192.0.2.1')).toBeGreaterThan(0);
    l.recordFailure('2001:db8:1:2::1');
    l.recordFailure('2001:db8:1:2:ffff:ffff:ffff:fffe');
    expect(l.retryAfter('2001:0db8:0001:0002::77')).toBeGreaterThan(0);
    expect(l.retryAfter('2001:db8:1:3::1')).toBe(0);
    expect(sourceKey('::1')).toBe('0:0:0:0::/64');
    expect(sourceKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });

  it('forgets the least recently failed source beyond maxSources', () => {
    const l = new FailureLimiter(1, 2, () => 0);
    l.recordFailure('10.0.0.1');
    l.recordFailure('10.0.0.2');
    l.recordFailure('10.0.0.3');
    expect(l.retryAfter('10.0.0.1')).toBe(0);
    expect(l.retryAfter('10.0.0.3')).toBeGreaterThan(0);
  });
});
