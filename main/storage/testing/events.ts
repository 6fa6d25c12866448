// Correlated events for storage tests: a request matched to one of the handshakes a test stored,
// 1 ms after it on the same connection (what the correlator emits for a keep-alive's first request).
import type { ConnectionRecord } from '../../../common/events/connection.js';
import type { CorrelatedEvent } from '../../../common/events/correlated.js';

type Request = NonNullable<CorrelatedEvent['request']>;

export function matchedRequest(
  h: ConnectionRecord,
  request: Partial<Omit<Request, 'ts_us' | 'src_ip' | 'src_port'>> = {},
): CorrelatedEvent {
  const ts_us = h.ts_us + 1000;
  return {
    correlation: 'matched',
    ts_us,
    src_ip: h.src,
    src_port: h.src_port,
    request: {
      ts_us,
      src_ip: h.src,
      src_port: h.src_port,
      method: 'GET',
      path: '/',
      http_version: 'HTTP/2',
      status: 200,
      headers: [['Host', 'example.test']],
      ...request,
    },
    handshake: h,
  };
}
