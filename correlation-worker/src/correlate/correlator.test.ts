import { describe, expect, it } from 'vitest';
import type { CorrelatedEvent } from '../../../common/events/correlated.js';
import { CorrelatedEvent as CorrelatedSchema } from '../../../common/events/correlated.js';
import { ja4h } from '../../../capture-worker/src/fingerprint/ja4h.js';
import { Correlator } from './correlator.js';
import { normalizeRequest } from './normalize.js';
import type { CorrelatorOptionsInput } from './options.js';
import { CHROME_JA4, CURL_JA4, handshake, request } from './test-events.js';

function setup(opts: CorrelatorOptionsInput = {}, clock?: () => number) {
  const out: CorrelatedEvent[] = [];
  const c = new Correlator((e) => out.push(e), opts, clock);
  return { c, out };
}

const byPath = (out: CorrelatedEvent[], path: string) => out.find((e) => e.request?.path === path);

describe('Correlator', () => {
  it('joins every request of a keep-alive connection, and stops at the idle timeout', () => {
    const { c, out } = setup({ windowMs: 60_000, idleTimeoutMs: 30_000 });
    c.addHandshake(handshake(100, 5000));
    c.addRequest(request(100.01, 5000, { path: '/a' }));
    c.addRequest(request(150, 5000, { path: '/b' }));
    // 75 s after the handshake: outside the first-request window, alive through /b.
    c.addRequest(request(175, 5000, { path: '/c' }));
    // 55 s idle after /c: the connection is gone.
    c.addRequest(request(230.5, 5000, { path: '/d' }));
    c.flush();
    expect(out.map((e) => [e.request?.path, e.correlation])).toEqual([
      ['/a', 'matched'],
      ['/b', 'matched'],
      ['/c', 'matched'],
      ['/d', 'request-only'],
    ]);
    expect(byPath(out, '/c')?.handshake?.ja4).toBe(CURL_JA4);
    expect(new Set(out.slice(0, 3).map((e) => e.conn_id)).size).toBe(1);
    for (const e of out) expect(CorrelatedSchema.safeParse(e).success).toBe(true);
  });

  it('joins many concurrent HTTP/2 streams to one handshake', () => {
    const { c, out } = setup();
    c.addHandshake(handshake(10, 6000, { ja4: CHROME_JA4, alpn: 'h2' }));
    for (let i = 0; i < 50; i++) {
      c.addRequest(
        request(10.2 + (i % 5) * 0.001, 6000, {
          path: `/s${i}`,
          http_version: '2',
          duration_ms: 40,
        }),
      );
    }
    c.flush();
    expect(out).toHaveLength(50);
    expect(out.every((e) => e.correlation === 'matched' && e.handshake?.ja4 === CHROME_JA4)).toBe(
      true,
    );
    expect(new Set(out.map((e) => e.conn_id)).size).toBe(1);
    expect(c.stats.handshake_only).toBe(0);
  });

  it('starts a new connection when a new handshake reuses the tuple', () => {
    const { c, out } = setup();
    c.addHandshake(handshake(0, 7000, { ja4: CURL_JA4 }));
    c.addRequest(request(1, 7000, { path: '/old' }));
    c.addHandshake(handshake(100, 7000, { ja4: CHROME_JA4 }));
    c.addRequest(request(101, 7000, { path: '/new' }));
    c.addRequest(request(102, 7000, { path: '/new2' }));
    c.flush();
    expect(byPath(out, '/old')?.handshake?.ja4).toBe(CURL_JA4);
    expect(byPath(out, '/new')?.handshake?.ja4).toBe(CHROME_JA4);
    expect(byPath(out, '/new2')?.conn_id).toBe(byPath(out, '/new')?.conn_id);
    expect(byPath(out, '/old')?.conn_id).not.toBe(byPath(out, '/new')?.conn_id);
  });

  it('buffers a request that arrives before its handshake', () => {
    const { c, out } = setup();
    c.addRequest(request(5.5, 8000));
    expect(out).toHaveLength(0);
    c.addHandshake(handshake(5, 8000));
    c.addHandshake(handshake(60, 9999)); // moves time past the request's decision point
    expect(out).toHaveLength(1);
    expect(out[0]?.correlation).toBe('matched');
    expect(out[0]?.finalized).toBeUndefined();
  });

  it('expires an unclaimed handshake as handshake-only, driven by the injected clock', () => {
    let now = 1_000 * 1e6;
    const { c, out } = setup({ windowMs: 60_000, reorderMs: 2_000, skewMs: 0 }, () => now);
    c.addHandshake(handshake(1_000, 8100));
    now += 61 * 1e6;
    c.advance();
    expect(out).toHaveLength(0); // window + reorder bound not yet passed
    now += 1.5 * 1e6;
    c.advance();
    expect(out.map((e) => e.correlation)).toEqual(['handshake-only']);
    expect(out[0]?.handshake?.src_port).toBe(8100);
    expect(c.stats.open_connections).toBe(0);
  });

  it('decides a request with no handshake as request-only once its time has passed', () => {
    let now = 50 * 1e6;
    const { c, out } = setup({ reorderMs: 1_000, skewMs: 100 }, () => now);
    c.addRequest(request(50, 8200));
    now += 1.05 * 1e6;
    c.advance();
    expect(out).toHaveLength(0);
    now += 0.1 * 1e6;
    c.advance();
    expect(out[0]?.correlation).toBe('request-only');
    expect(out[0]?.request?.path).toBe('/');
  });

  it('still joins a late request to a held handshake, and counts late events', () => {
    const { c, out } = setup({ reorderMs: 1_000 });
    c.addHandshake(handshake(10, 8300));
    c.addHandshake(handshake(30, 1)); // time is now 29 s
    c.addRequest(request(12, 8300, { path: '/late' }));
    expect(byPath(out, '/late')).toMatchObject({ correlation: 'matched', finalized: 'late' });
    expect(c.stats.late_requests).toBe(1);
    // A handshake later than the request it owned: the request already left request-only; both are kept.
    c.addRequest(request(31, 8400, { path: '/orphan' }));
    c.addHandshake(handshake(40, 2));
    expect(byPath(out, '/orphan')?.correlation).toBe('request-only');
    c.addHandshake(handshake(30.9, 8400));
    expect(c.stats.late_handshakes).toBe(1);
    c.flush();
    expect(out.filter((e) => e.handshake?.src_port === 8400).map((e) => e.correlation)).toEqual([
      'handshake-only',
    ]);
  });

  it('does not count a long request as late: servers log at the end', () => {
    const { c, out } = setup({ reorderMs: 1_000 });
    c.addHandshake(handshake(10, 8500));
    c.addHandshake(handshake(40, 3));
    c.addRequest(request(11, 8500, { duration_ms: 29_500 }));
    expect(out[0]).toMatchObject({ correlation: 'matched' });
    expect(out[0]?.finalized).toBeUndefined();
    expect(c.stats.late_requests).toBe(0);
  });

  it('calls a request ambiguous when two different handshakes could own it, and merges duplicates', () => {
    const { c, out } = setup({ skewMs: 500 });
    c.addHandshake(handshake(1, 9000, { sensor: 'a', ja4: CURL_JA4 }));
    c.addHandshake(handshake(1.2, 9000, { sensor: 'b', ja4: CHROME_JA4 }));
    c.addRequest(request(1.1, 9000, { path: '/amb' }));
    c.addHandshake(handshake(5, 9100, { sensor: 'b' }));
    c.addHandshake(handshake(5, 9100, { sensor: 'a' }));
    c.addRequest(request(5.1, 9100, { path: '/dup' }));
    c.flush();
    const amb = byPath(out, '/amb');
    expect(amb?.correlation).toBe('ambiguous');
    expect(amb?.candidates?.map((h) => h.ja4).sort()).toEqual([CHROME_JA4, CURL_JA4].sort());
    expect(byPath(out, '/dup')).toMatchObject({
      correlation: 'matched',
      handshake: { sensor: 'a' },
    });
    expect(c.stats.duplicate_handshakes).toBe(1);
  });

  it('matches on the client pair alone when the log has no server address (Caddy)', () => {
    const { c, out } = setup();
    c.addHandshake(handshake(1, 9200));
    const { dst_ip: _d, dst_port: _p, ...noDst } = request(1.5, 9200);
    c.addRequest(noDst);
    c.flush();
    expect(out[0]).toMatchObject({ correlation: 'matched', dst_ip: '198.51.100.1', dst_port: 443 });
  });

  it('computes JA4H from the logged headers', () => {
    const { c, out } = setup();
    const r = request(1, 9300);
    c.addRequest(r);
    c.flush();
    expect(out[0]?.ja4h).toBe(ja4h({ method: 'GET', version: '1.1', headers: r.headers }).ja4h);
    expect(out[0]?.ja4h).toMatch(/^ge11nn03/);
  });

  it('evicts the oldest connections at the cap, emitting them, and counts them', () => {
    const { c, out } = setup({ maxConnections: 3 });
    for (let p = 1; p <= 5; p++) c.addHandshake(handshake(1 + p / 1000, 10_000 + p));
    expect(c.stats.open_connections).toBe(3);
    expect(c.stats.evicted_connections).toBe(2);
    expect(out.map((e) => [e.correlation, e.src_port, e.finalized])).toEqual([
      ['handshake-only', 10_001, 'evicted'],
      ['handshake-only', 10_002, 'evicted'],
    ]);
    c.addRequest(request(1.5, 10_005));
    c.flush();
    expect(out.filter((e) => e.correlation === 'matched')).toHaveLength(1);
    expect(out).toHaveLength(5);
  });

  it('decides the oldest pending request early at the pending cap', () => {
    const { c, out } = setup({ maxPendingRequests: 2 });
    c.addHandshake(handshake(0.5, 11_000));
    c.addRequest(request(1, 11_000, { path: '/1' }));
    c.addRequest(request(2, 11_000, { path: '/2' }));
    c.addRequest(request(3, 11_000, { path: '/3' }));
    expect(out.map((e) => [e.request?.path, e.correlation, e.finalized])).toEqual([
      ['/1', 'matched', 'evicted'],
    ]);
    expect(c.stats.evicted_requests).toBe(1);
    expect(c.stats.pending_requests).toBe(2);
  });

  it('does not let an event dated far in the future move live time', () => {
    const now = 1_000 * 1e6;
    const { c, out } = setup({ maxFutureMs: 60_000 }, () => now);
    c.addRequest(request(999.9, 12_000));
    c.addHandshake(handshake(999.5, 12_000));
    c.addHandshake(handshake(1_000_000, 1));
    expect(c.stats.future_events).toBe(1);
    expect(out).toHaveLength(0);
  });

  it('unmaps IPv4-mapped client addresses from the web server', () => {
    const { c, out } = setup();
    c.addHandshake(handshake(1, 13_000));
    const { ts_us: _t, ...r } = request(0, 13_000);
    c.addRequest(
      normalizeRequest({ ...r, time: '1970-01-01T00:00:01.100000Z', src_ip: '::ffff:192.0.2.10' }),
    );
    c.flush();
    expect(out[0]).toMatchObject({
      correlation: 'matched',
      src_ip: '192.0.2.10',
      ts_us: 1_100_000,
    });
  });
});

describe('Correlator transports', () => {
  it('joins HTTP/3 requests to QUIC (UDP) records only', () => {
    const out: CorrelatedEvent[] = [];
    const c = new Correlator((e) => out.push(e));
    c.addHandshake(
      handshake(1, 14_000, { transport: 'udp', ja4: 'q13d0310h3_55b375c5d22e_cd85d2d88918' }),
    );
    c.addRequest(request(1.2, 14_000, { http_version: '3', path: '/h3' }));
    c.addRequest(request(1.3, 14_000, { http_version: 'HTTP/1.1', path: '/tcp' }));
    c.flush();
    expect(byPath(out, '/h3')).toMatchObject({
      correlation: 'matched',
      handshake: { transport: 'udp' },
    });
    expect(byPath(out, '/tcp')?.correlation).toBe('request-only');
  });
});
