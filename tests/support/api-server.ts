// The daemon's HTTP binding on a test's context, on a free loopback port (the daemon's own
// options otherwise: silent log, always ready).
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { pino } from 'pino';
import type { HandlerContext } from '../../main/api/context.js';
import { createApiServer, type HttpServerOptions } from '../../main/api/http/server.js';
import { createMetrics } from '../../main/core/metrics.js';

export async function listenApi(
  context: HandlerContext,
  token: string,
  options: Partial<HttpServerOptions> = {},
): Promise<{ server: Server; base: string }> {
  const server = createApiServer({
    token: () => token,
    context,
    staticDir: tmpdir(),
    maxBodyBytes: 64 * 1024,
    log: pino({ level: 'silent' }),
    ready: () => true,
    metrics: createMetrics(),
    ...options,
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
