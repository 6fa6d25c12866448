import { describe, expect, it } from 'vitest';
import type { ConnectionRecord } from '../../common/events/connection.js';
import { EarlyRecordFilter } from './early-filter.js';

const base: ConnectionRecord = {
  ts_us: 1,
  stream: 0,
  transport: 'tcp',
  src: '10.0.0.1',
  src_port: 5000,
  dst: '10.0.0.2',
  dst_port: 443,
};

describe('EarlyRecordFilter', () => {
  it('passes each connection to the correlator once', () => {
    const f = new EarlyRecordFilter();
    expect(f.admit({ ...base, phase: 'handshake' })).toBe(true);
    expect(f.admit({ ...base, phase: 'final' })).toBe(false);
    // A final record with no early one (e.g. a connection without TLS) passes.
    expect(f.admit({ ...base, ts_us: 2, phase: 'final' })).toBe(true);
    // Records from imports carry no phase.
    expect(f.admit({ ...base, ts_us: 3 })).toBe(true);
  });

  it('forgets the oldest keys beyond its bound', () => {
    const f = new EarlyRecordFilter(2);
    for (let i = 0; i < 3; i++) f.admit({ ...base, ts_us: 10 + i, phase: 'handshake' });
    expect(f.admit({ ...base, ts_us: 10, phase: 'final' })).toBe(true);
    expect(f.admit({ ...base, ts_us: 12, phase: 'final' })).toBe(false);
  });
});
