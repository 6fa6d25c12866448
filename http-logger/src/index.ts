// ja4ws/http-logger: request events for ja4-workstation from Node web servers (http, https,
// http2 compatibility API, Express, Fastify), with the headers in wire order from req.rawHeaders
// so that JA4H can be computed. The TypeScript counterpart of the Apache module:
//
//   import { createHttpLogger } from 'ja4ws/http-logger';
//   const logger = createHttpLogger({ socketPath: '/run/ja4ws/http.socket' });
//   http.createServer((req, res) => { logger.handle(req, res); ... });
//   app.use(logger.express);                       // Express
//   fastify.addHook('onRequest', logger.fastify);  // Fastify
//
// It never blocks the request and never throws into the application: events go through a
// bounded queue (oldest dropped and counted) to a UNIX socket that is reconnected when it goes.
import type { IncomingHttpHeaders } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { HttpRequestEvent } from '../../common/events/http-request.js';
import { SocketWriter, type SocketWriterStats } from './socket-writer.js';

export interface HttpLoggerOptions {
  socketPath: string;
  /** Events held while the socket is slow or away; beyond it the oldest are dropped. */
  maxQueue?: number;
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  /** Names this server in the events (`source`). */
  source?: string;
  /** Ask ja4ws to acknowledge events and resend those it did not (lossless across a daemon crash). */
  ack?: boolean;
  onError?: (err: Error) => void;
}

/** The parts of IncomingMessage / Http2ServerRequest the logger reads. */
export interface RequestLike {
  method?: string | undefined;
  url?: string | undefined;
  httpVersion: string;
  rawHeaders: string[];
  headers: IncomingHttpHeaders;
  socket: {
    remoteAddress?: string | undefined;
    remotePort?: number | undefined;
    localAddress?: string | undefined;
    localPort?: number | undefined;
    bytesWritten?: number;
    encrypted?: boolean;
  } | null;
}

export interface ResponseLike {
  statusCode: number;
  headersSent: boolean;
  once(event: 'close', listener: () => void): unknown;
}

export type HttpLoggerStats = SocketWriterStats & { events: number; errors_building: number };

export interface HttpLogger {
  /** Call at the start of request handling; the event is sent when the response closes. */
  handle(req: RequestLike, res: ResponseLike): void;
  /** Express/Connect middleware. */
  express(req: RequestLike, res: ResponseLike, next: () => void): void;
  /** Fastify `onRequest` hook. */
  fastify(request: { raw: RequestLike }, reply: { raw: ResponseLike }, done: () => void): void;
  stats(): HttpLoggerStats;
  /** Wait (bounded) until queued events are written. */
  flush(timeoutMs?: number): Promise<boolean>;
  close(timeoutMs?: number): Promise<void>;
}

function nowEpochSeconds(): number {
  return (performance.timeOrigin + performance.now()) / 1000;
}

function headerPairs(raw: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i] as string, raw[i + 1] as string]);
  return out;
}

export function createHttpLogger(opts: HttpLoggerOptions): HttpLogger {
  const writer = new SocketWriter({
    socketPath: opts.socketPath,
    maxQueue: opts.maxQueue ?? 10_000,
    reconnectMinMs: opts.reconnectMinMs ?? 100,
    reconnectMaxMs: opts.reconnectMaxMs ?? 5_000,
    ack: opts.ack ?? false,
    ...(opts.onError ? { onError: opts.onError } : {}),
  });
  let events = 0;
  let buildErrors = 0;

  const handle = (req: RequestLike, res: ResponseLike): void => {
    try {
      const start = nowEpochSeconds();
      const t0 = performance.now();
      // Read the socket now: after close its addresses are gone (and on HTTP/2 the proxy throws).
      const sock = req.socket;
      const src_ip = sock?.remoteAddress ?? '';
      const src_port = sock?.remotePort ?? 0;
      const dst_ip = sock?.localAddress;
      const dst_port = sock?.localPort;
      const https = sock?.encrypted === true;
      const h1 = !req.httpVersion.startsWith('2');
      const written0 = h1 ? sock?.bytesWritten : undefined;
      res.once('close', () => {
        try {
          const url = req.url ?? '/';
          const q = url.indexOf('?');
          const ev: HttpRequestEvent = {
            time: start,
            src_ip,
            src_port,
            method: req.method ?? 'GET',
            scheme: https ? 'https' : 'http',
            path: q < 0 ? url : url.slice(0, q),
            http_version: req.httpVersion,
            status: res.headersSent ? res.statusCode : 0,
            duration_ms: Math.round((performance.now() - t0) * 1000) / 1000,
            headers: headerPairs(req.rawHeaders),
          };
          if (q >= 0) ev.query = url.slice(q + 1);
          if (dst_ip) ev.dst_ip = dst_ip;
          if (dst_port !== undefined) ev.dst_port = dst_port;
          const host = req.headers.host ?? req.headers[':authority'];
          if (typeof host === 'string') ev.host = host;
          const len = Number(req.headers['content-length']);
          if (Number.isInteger(len) && len >= 0) ev.bytes_in = len;
          // On HTTP/2 the socket carries every stream of the session, so no per-request figure.
          if (written0 !== undefined && sock?.bytesWritten !== undefined)
            ev.bytes_out = sock.bytesWritten - written0;
          if (opts.source) ev.source = opts.source;
          events++;
          writer.send(JSON.stringify(ev) + '\n');
        } catch {
          buildErrors++;
        }
      });
    } catch {
      buildErrors++;
    }
  };

  return {
    handle,
    express: (req, res, next) => {
      handle(req, res);
      next();
    },
    fastify: (request, reply, done) => {
      handle(request.raw, reply.raw);
      done();
    },
    stats: () => ({ ...writer.stats(), events, errors_building: buildErrors }),
    flush: (timeoutMs = 2000) => writer.drained(timeoutMs),
    close: (timeoutMs) => writer.close(timeoutMs),
  };
}
