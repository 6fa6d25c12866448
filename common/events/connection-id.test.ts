import { describe, expect, it } from 'vitest';
import { isoToUs, usToIso } from './connection-id.js';

describe('usToIso', () => {
  it('keeps the microseconds the store keeps, which Date text drops', () => {
    // 2026-12-07T06:55:00Z is 1796626500 s after the epoch (date -u -d @1796626500).
    expect(usToIso(1_796_626_500_123_456)).toBe('2026-12-07T06:55:00.123456Z');
    expect(usToIso(1_796_626_500_000_007)).toBe('2026-12-07T06:55:00.000007Z');
    expect(usToIso(0)).toBe('1970-01-01T00:00:00.000000Z');
  });

  it('is the inverse of isoToUs', () => {
    for (const us of [0, 1, 999, 1_000, 1_796_626_500_999_999, 1_234_567_890_123_456])
      expect(isoToUs(usToIso(us))).toBe(us);
  });
});
