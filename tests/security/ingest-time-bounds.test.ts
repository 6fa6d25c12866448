// Issue 15 point 14, ingest side: a request event's `time` is bounded like the API's instants, so
// `time: 1e308` or a 1,000-digit fraction is a bad line (dead-lettered, counted) and never reaches
// the correlator or the store as an absurd timestamp.
import { describe, expect, it } from 'vitest';
import { HttpRequestEvent } from '../../common/events/http-request.js';

const event = (time: unknown, extra: Record<string, unknown> = {}) => ({
  time,
  src_ip: '192.0.2.10',
  src_port: 51234,
  method: 'GET',
  path: '/',
  http_version: '1.1',
  headers: [['Host', 'shop.example']],
  ...extra,
});

describe('request event time bounds', () => {
  it('accepts RFC 3339 up to nanoseconds and epoch seconds before 2100', () => {
    for (const t of [
      '2026-11-24T21:00:00.123456789Z',
      '2026-11-24T21:00:00+01:00',
      1_764_000_000.123456,
      0,
    ])
      expect(HttpRequestEvent.safeParse(event(t)).success, String(t)).toBe(true);
  });
  it('refuses 1e308, epoch milliseconds sent as seconds, long fractions and far years', () => {
    for (const t of [
      1e308,
      Number.MAX_VALUE,
      1_764_000_000_000,
      `2026-11-24T21:00:00.${'1'.repeat(1000)}Z`,
      '9999-12-31T23:59:59Z',
    ]) {
      const r = HttpRequestEvent.safeParse(event(t));
      expect(r.success, String(t).slice(0, 40)).toBe(false);
      expect(r.error!.issues[0]!.path[0]).toBe('time');
    }
    expect(HttpRequestEvent.safeParse(event(1, { duration_ms: 1e308 })).success).toBe(false);
  });
});
