import { describe, expect, it } from 'vitest';
import { realRecords } from '../testing/reference-records.js';
import { displayIp, toStoredIp } from './ip.js';
import { dateTime64ToMicros, microsToDateTime64 } from './time.js';
import { handshakeToRow, rowToHandshake } from './tls-handshake.js';

describe('tls_handshakes row mapping', () => {
  it('maps every fixture record (real captures) to a row and back without loss', () => {
    const records = realRecords();
    expect(records.length).toBeGreaterThan(250);
    for (const r of records) {
      const row = handshakeToRow(r);
      expect(row.src_ip).toMatch(/:/);
      // the row as ClickHouse prints it back: DateTime64 as text
      const printed = {
        ...row,
        ts:
          new Date(r.ts_us / 1000).toISOString().replace('T', ' ').replace('Z', '').slice(0, 19) +
          '.' +
          String(r.ts_us % 1e6).padStart(6, '0'),
      };
      expect(rowToHandshake(printed)).toEqual(r);
    }
  });

  it('stores IPv4 mapped into IPv6 and shows it back as IPv4', () => {
    expect(toStoredIp('192.0.2.1')).toBe('::ffff:192.0.2.1');
    expect(toStoredIp('2001:db8::1')).toBe('2001:db8::1');
    expect(displayIp('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(displayIp('2001:db8::1')).toBe('2001:db8::1');
    expect(() => toStoredIp('999.1.1.1')).toThrow(/not an IP address/);
  });

  it('keeps microseconds exact', () => {
    expect(microsToDateTime64(1_764_000_000_123_456)).toBe('1764000000.123456');
    expect(microsToDateTime64(5)).toBe('0.000005');
    expect(dateTime64ToMicros('2026-11-24 21:15:56.000007')).toBe(
      Date.UTC(2026, 10, 24, 21, 15, 56) * 1000 + 7,
    );
  });
});
