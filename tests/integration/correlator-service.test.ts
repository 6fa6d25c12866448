// The running service: a sensor's record on network.socket and the web server's request on
// http.socket, in either order and from separate connections, leave as one matched event in
// every configured sink (JSONL file, callback); shutdown decides and writes what is pending.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CorrelatedEvent } from '../../common/events/correlated.js';
import {
  startCorrelationService,
  type CorrelationService,
} from '../../correlation-worker/src/correlate/service.js';
import { CallbackSink } from '../../correlation-worker/src/sinks/callback.js';
import { jsonlFileSink } from '../../correlation-worker/src/sinks/jsonl-file.js';
import { end, openSocket, silent, tempDir, write } from './correlator-helpers.js';

let tmp: ReturnType<typeof tempDir>;
let svc: CorrelationService | undefined;

beforeEach(() => {
  tmp = tempDir('ja4ws-svc-');
});
afterEach(async () => {
  await svc?.close();
  svc = undefined;
  tmp.cleanup();
});

const T0 = 1_732_480_000;

describe('correlation service', () => {
  it('joins across sockets in any order, writes to several sinks, and loses nothing at shutdown', async () => {
    // The wall clock starts behind the events so that nothing is decided before both sides arrive.
    let now = (T0 - 10) * 1e6;
    const seen: CorrelatedEvent[] = [];
    const out = join(tmp.dir, 'out', 'correlated.jsonl');
    svc = await startCorrelationService({
      dataDir: tmp.dir,
      ingest: {
        httpSocket: join(tmp.dir, 'http.socket'),
        networkSocket: join(tmp.dir, 'network.socket'),
      },
      correlator: { reorderMs: 1000, skewMs: 100 },
      sinks: [jsonlFileSink(out), new CallbackSink('test', { write: (e) => seen.push(e) })],
      logger: silent,
      clock: () => now,
      tickMs: 3_600_000,
    });
    const http = await openSocket(join(tmp.dir, 'http.socket'));
    const net = await openSocket(join(tmp.dir, 'network.socket'));
    const rec = (port: number, t: number) =>
      JSON.stringify({
        ts_us: Math.round(t * 1e6),
        stream: 0,
        transport: 'tcp',
        src: '192.0.2.5',
        src_port: port,
        dst: '198.51.100.1',
        dst_port: 443,
        ja4: `ja4-${port}`,
      }) + '\n';
    const req = (port: number, t: number) =>
      JSON.stringify({
        time: t,
        src_ip: '::ffff:192.0.2.5',
        src_port: port,
        dst_ip: '198.51.100.1',
        dst_port: 443,
        method: 'GET',
        path: `/${port}`,
        http_version: '1.1',
        headers: [['Host', 'x']],
      }) + '\n';
    // Request first for port 1, handshake first for port 2; port 3 has no handshake; port 4 no request.
    await write(http, req(1, T0 - 5));
    await write(net, rec(2, T0 - 5.2));
    await write(net, rec(1, T0 - 5.1));
    await write(http, req(2, T0 - 5));
    await write(http, req(3, T0 - 5));
    await write(net, rec(4, T0 - 4));
    await vi.waitFor(() => expect(svc?.stats().correlator.requests_in).toBe(3));
    await vi.waitFor(() => expect(svc?.stats().correlator.handshakes_in).toBe(3));
    expect(seen).toHaveLength(0);
    now = T0 * 1e6;
    svc.correlator.advance();
    expect(seen.map((e) => [e.src_port, e.correlation]).sort()).toEqual([
      [1, 'matched'],
      [2, 'matched'],
      [3, 'request-only'],
    ]);
    expect(seen.find((e) => e.src_port === 1)?.handshake?.ja4).toBe('ja4-1');
    // The clock closes the unclaimed handshake's window.
    now += 70 * 1e6;
    svc.correlator.advance();
    expect(seen.map((e) => e.correlation)).toContain('handshake-only');
    // A request still pending at shutdown is decided and written, not lost.
    await write(http, req(5, now / 1e6));
    await vi.waitFor(() => expect(svc?.stats().correlator.pending_requests).toBe(1));
    await end(http);
    await end(net);
    await svc.close();
    const lines = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as CorrelatedEvent);
    expect(lines).toHaveLength(5);
    expect(lines.at(-1)).toMatchObject({
      src_port: 5,
      correlation: 'request-only',
      finalized: 'flush',
    });
    expect(seen).toHaveLength(5);
  });
});
