import { describe, expect, it } from 'vitest';
import { reasonText } from './reasons.js';
import { parseDuration } from '../util/duration.js';

describe('reason sentences', () => {
  it('compares counts with the median in plain words', () => {
    expect(reasonText('peak_rpm', 342, 8.5)).toBe(
      '342 requests in the peak minute, 40x the median (9)',
    );
    expect(reasonText('requests', 12, 4)).toBe('12 requests in the window, 3x the median (4)');
    expect(reasonText('mean_headers', 3, 12)).toBe(
      '3 request headers on average, 4x below the median (12)',
    );
    expect(reasonText('distinct_paths', 10, 9)).toBe('10 distinct paths (median 9)');
  });

  it('shows shares as percentages against the median share', () => {
    expect(reasonText('no_accept_language_share', 1, 0)).toBe(
      '100% of requests without Accept-Language (median 0%)',
    );
    expect(reasonText('ratio_4xx', 0.873, 0.02)).toBe('87% of responses 4xx (median 2%)');
  });
});

describe('durations', () => {
  it('parses s/m/h/d and refuses anything else', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('30m')).toBe(1_800_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('2d')).toBe(172_800_000);
    expect(parseDuration('0h')).toBeUndefined();
    expect(parseDuration('1 hour')).toBeUndefined();
    expect(parseDuration('-1h')).toBeUndefined();
  });
});
