// One prom-client registry per running program; every part registers its figures here and
// /metrics serves it. A registry per instance (not the global one) keeps tests independent.
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface ApiMetrics {
  registry: Registry;
  requests: Counter<'operation' | 'status'>;
  duration: Histogram<'operation'>;
  authFailures: Counter;
}

export function createMetrics(): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'ja4ws_' });
  return {
    registry,
    requests: new Counter({
      name: 'ja4ws_api_requests_total',
      help: 'API calls by operation and HTTP status',
      labelNames: ['operation', 'status'],
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'ja4ws_api_request_seconds',
      help: 'API call duration by operation',
      labelNames: ['operation'],
      buckets: [0.005, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
      registers: [registry],
    }),
    authFailures: new Counter({
      name: 'ja4ws_api_auth_failures_total',
      help: 'Requests refused for a missing or wrong token',
      registers: [registry],
    }),
  };
}
