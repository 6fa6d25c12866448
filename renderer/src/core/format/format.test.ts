import { describe, expect, it } from 'vitest';
import { formatBytes, formatTick, formatTime, isoTime } from './format.js';

describe('formatTime', () => {
  it('formats in each zone asked for, one after the other (formatters are kept per zone)', () => {
    const iso = '2026-11-24T23:05:09.123Z';
    expect(formatTime(iso, 'UTC')).toBe('2026-11-24 23:05:09');
    expect(formatTime(iso, 'Asia/Tokyo')).toBe('2026-11-25 08:05:09');
    expect(formatTime(iso, 'America/New_York', true)).toBe('2026-11-24 18:05:09.123');
    expect(formatTime(iso, 'UTC', true)).toBe('2026-11-24 23:05:09.123');
    expect(formatTick(iso, 'Asia/Tokyo', 3600_000)).toBe('08:05');
  });

  it('returns text that is not a time unchanged', () => {
    expect(formatTime('not a time', 'UTC')).toBe('not a time');
  });
});

describe('isoTime', () => {
  it("turns the store's UTC form into ISO text and leaves ISO text as it is", () => {
    expect(isoTime('2026-11-24 23:05:09.123456')).toBe('2026-11-24T23:05:09.123456Z');
    expect(isoTime('2026-11-24T23:05:09.123Z')).toBe('2026-11-24T23:05:09.123Z');
    expect(isoTime('not a time')).toBe('not a time');
  });
});

describe('formatBytes', () => {
  it('uses binary units, one family for every size', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1,023 B');
    expect(formatBytes(1024)).toBe('1.0 KiB');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(20 * 1024 * 1024)).toBe('20 MiB');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.0 GiB');
  });
});
