import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../capture-worker/src/engine/engine.js';
import { forEachPacket } from '../../capture-worker/src/pcap/read-file.js';
import type { ConnectionRecord } from '../../common/events/connection.js';
import { ConnectionDedupe } from './connection-dedupe.js';

const PCAP = join(
  import.meta.dirname,
  '..',
  'storage',
  'test-fixtures',
  'connections',
  'loopback-mix.pcap',
);

const base: ConnectionRecord = {
  ts_us: 1,
  stream: 0,
  transport: 'tcp',
  src: '10.0.0.1',
  src_port: 5000,
  dst: '10.0.0.2',
  dst_port: 443,
  ja4: 't13d1516h2_8daaf6152771_02713d6af862',
};

describe('ConnectionDedupe', () => {
  it('stores, correlates and shows each connection once', () => {
    const d = new ConnectionDedupe();
    expect(d.classify({ ...base, phase: 'handshake' })).toBe('first');
    // The final record says nothing new: dropped.
    expect(d.classify({ ...base, phase: 'final' })).toBe('same');
    // A final record with no early one (a connection without a ClientHello, or one that ended
    // before its early record was due) is the connection's only record.
    expect(d.classify({ ...base, ts_us: 2, phase: 'final' })).toBe('first');
    // Records from imports carry no phase.
    expect(d.classify({ ...base, ts_us: 3 })).toBe('first');
    expect(d.stats).toEqual({ first: 3, completions: 0, same: 1, evicted: 0 });
  });

  it('keeps what a final record adds as a completion', () => {
    const d = new ConnectionDedupe();
    d.classify({ ...base, phase: 'handshake' });
    expect(d.classify({ ...base, phase: 'final', ja4x: ['a_b_c'] })).toBe('completion');
    // The connection is closed: the same final again would be a new connection's only record.
    expect(d.classify({ ...base, phase: 'final', ja4x: ['a_b_c'] })).toBe('first');
  });

  it('tells connections apart by sensor, addresses, ports and start time', () => {
    const d = new ConnectionDedupe();
    d.classify({ ...base, phase: 'handshake', sensor: 'a' });
    expect(d.classify({ ...base, phase: 'final', sensor: 'b' })).toBe('first');
    expect(d.classify({ ...base, phase: 'final', src_port: 5001, sensor: 'a' })).toBe('first');
    expect(d.classify({ ...base, phase: 'final', sensor: 'a' })).toBe('same');
  });

  it('forgets the oldest open connections beyond its bound, and counts them', () => {
    const d = new ConnectionDedupe(2);
    for (let i = 0; i < 3; i++) d.classify({ ...base, ts_us: 10 + i, phase: 'handshake' });
    expect(d.classify({ ...base, ts_us: 10, phase: 'final' })).toBe('first');
    expect(d.classify({ ...base, ts_us: 12, phase: 'final' })).toBe('same');
    expect(d.stats.evicted).toBe(1);
  });
});

describe('ConnectionDedupe on the live engine over a real capture', () => {
  it('stores each connection once; the early row already carries JA4TS', async () => {
    const d = new ConnectionDedupe();
    const stored: ConnectionRecord[] = [];
    const engine = createEngine({
      early: true,
      onRecord: (r) => {
        if (d.classify(r) === 'first') stored.push(r);
      },
    });
    await forEachPacket(PCAP, (p) => engine.push(p));
    engine.finish();
    // 10 TLS connections and 2 plain HTTP ones (test-fixtures/connections/README.md).
    expect(stored).toHaveLength(12);
    expect(new Set(stored.map((r) => r.src_port)).size).toBe(12);
    const tls = stored.filter((r) => r.ja4 !== undefined);
    expect(tls).toHaveLength(10);
    for (const r of tls) {
      expect(r.phase).toBe('handshake');
      expect(r.ja4ts).toMatch(/^\d+_[\d-]+_\d+_\d+$/);
    }
    // Loopback delivers the certificates with the ServerHello: no final record adds anything.
    expect(d.stats).toEqual({ first: 12, completions: 0, same: 10, evicted: 0 });
  });
});
