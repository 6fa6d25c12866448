// The daemon's HTTP face: the API (bearer token on every route but /healthz), the OpenAPI
// document and the built UI. node:http is enough for a handful of JSON routes; see docs/decisions.md.
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import type { ApiMetrics } from '../../core/metrics.js';
import { apiPrefix, contract, isOperationName } from '../../../common/api/contract.js';
import { FailureLimiter } from '../auth/failure-limiter.js';
import { tokenMatches } from '../auth/token.js';
import { readCookie, sessionCookie, sessionCookieName, SessionStore } from '../auth/sessions.js';
import { sessionPath } from '../../../common/api/session.js';
import type { HandlerContext } from '../context.js';
import { dispatch } from '../dispatch.js';
import { openApiDocument } from '../openapi.js';
import { HttpError, readJsonBody } from './body.js';
import { hostAllowed, type HostPolicy, loopbackHostPolicy } from './host-check.js';
import { securityHeaders } from './security-headers.js';
import { serveStatic } from './static-files.js';
import { serveLiveStream } from './live-stream.js';
import { liveStreamPath } from '../../../common/api/live.js';
import { errorBody, statusOf } from './error-status.js';
import { httpFiles } from './http-files.js';
import type { FileTransfer } from '../../../common/api/operation.js';

export interface HttpServerOptions {
  token: () => string;
  context: HandlerContext;
  staticDir: string;
  maxBodyBytes: number;
  /** Failed authentications a source may make per minute (token bucket; default 10). */
  authFailuresPerMinute?: number;
  /** Host header names served (DNS-rebinding guard); default: loopback names only. */
  hosts?: HostPolicy;
  /** Default 8 GiB. */
  maxUploadBytes?: number;
  log: Logger;
  ready: () => boolean;
  metrics: ApiMetrics;
  tls?: { cert: string; key: string };
}

export function createApiServer(opts: HttpServerOptions): Server {
  const limiter = new FailureLimiter(opts.authFailuresPerMinute ?? 10);
  const sessions = new SessionStore();
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    res.once('finish', () => {
      const path = (req.url ?? '/').split('?')[0]!;
      if (path.startsWith(`${apiPrefix}/`)) {
        opts.metrics.requests.inc({
          operation: metricLabel(path.slice(apiPrefix.length + 1)),
          status: String(res.statusCode),
        });
      }
    });
    route(req, res, opts, limiter, sessions).catch((err: unknown) => sendError(res, err, opts.log));
  };
  if (opts.tls) {
    return createHttpsServer(
      { cert: readFileSync(opts.tls.cert), key: readFileSync(opts.tls.key) },
      handle,
    );
  }
  return createHttpServer(handle);
}

async function route(
  req: IncomingMessage,
  res: ServerResponse,
  opts: HttpServerOptions,
  limiter: FailureLimiter,
  sessions: SessionStore,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = url.pathname;
  if (!hostAllowed(req.headers.host, opts.hosts ?? loopbackHostPolicy)) {
    throw new HttpError(
      421,
      'host.forbidden',
      `Host ${JSON.stringify(req.headers.host)} is not a name of this daemon (DNS rebinding guard); if it is, add it to daemon.allowedHosts`,
    );
  }
  if (path === '/healthz') return sendJson(res, 200, { ok: true });

  if (path.startsWith('/api/') || path === '/metrics' || path === '/readyz') {
    // Browsers send Origin on cross-site requests; no origin but our own is ever served (CORS closed).
    const origin = req.headers.origin;
    if (
      origin !== undefined &&
      origin !== `http://${req.headers.host}` &&
      origin !== `https://${req.headers.host}`
    ) {
      throw new HttpError(
        403,
        'origin.forbidden',
        `cross-origin requests are not allowed (origin ${origin})`,
      );
    }
    if (path === sessionPath) return sessionRoute(req, res, opts, limiter, sessions);
    authenticate(req, opts, limiter, sessions);
    if (path === '/readyz') return sendJson(res, opts.ready() ? 200 : 503, { ready: opts.ready() });
    if (path === '/metrics') {
      const text = await opts.metrics.registry.metrics();
      res.writeHead(200, { ...securityHeaders, 'content-type': opts.metrics.registry.contentType });
      res.end(text);
      return;
    }
    if (path === liveStreamPath && req.method === 'GET')
      return serveLiveStream(res, opts.context.live);
    if (path === `${apiPrefix}/openapi.json` && req.method === 'GET')
      return sendJson(res, 200, openApiDocument(opts.context.version));
    if (!path.startsWith(`${apiPrefix}/`))
      throw new HttpError(404, 'route.unknown', `no route ${path}`);
    if (req.method !== 'POST')
      throw new HttpError(405, 'method.not_allowed', `${req.method} ${path}: use POST`);
    const operation = path.slice(apiPrefix.length + 1);
    const file = isOperationName(operation) ? contract[operation].file : undefined;
    if (file) return fileOperation(req, res, url, operation, file, opts);
    const stop = opts.metrics.duration.startTimer({ operation: metricLabel(operation) });
    const input = await readJsonBody(req, opts.maxBodyBytes);
    const output = await dispatch(operation, input, opts.context);
    stop();
    return sendJson(res, 200, output);
  }
  if (req.method !== 'GET' && req.method !== 'HEAD')
    throw new HttpError(405, 'method.not_allowed', `${req.method} ${path}`);
  serveStatic(opts.staticDir, path, res, securityHeaders);
}

// The limiter is asked before the token is compared: a limited source gets 429 whatever it sent,
// so the answer tells it nothing about its guess. The cost: a local process that keeps failing
// can hold the analyst's loopback address at 429 too (everyone on loopback shares it); it learns
// nothing from doing so, and stopping it restores access within seconds.
function authenticate(
  req: IncomingMessage,
  opts: HttpServerOptions,
  limiter: FailureLimiter,
  sessions: SessionStore,
  bearerOnly = false,
): 'bearer' | 'session' {
  if (!bearerOnly && sessionOf(req, opts, sessions) !== undefined) return 'session';
  const address = req.socket.remoteAddress ?? 'unknown';
  const wait = limiter.retryAfter(address);
  if (wait > 0) {
    opts.metrics.authFailures.inc();
    throw new HttpError(
      429,
      'auth.rate_limited',
      `too many failed authentications from this address; retry in ${wait} s`,
      undefined,
      { 'retry-after': String(wait) },
    );
  }
  const header = req.headers.authorization ?? '';
  const match = /^Bearer (.+)$/.exec(header);
  if (match && tokenMatches(opts.token(), match[1]!)) return 'bearer';
  opts.metrics.authFailures.inc();
  // A request without any token guessed nothing: only wrong tokens spend the source's allowance.
  if (match) limiter.recordFailure(address);
  if (match)
    throw new HttpError(
      401,
      'auth.refused',
      "token refused: it is not this daemon's access token (see <data dir>/api-token or `ja4ws token show`; a rotated token replaces the old one)",
    );
  throw new HttpError(
    401,
    'auth.required',
    'missing bearer token (Authorization: Bearer <token>) or session cookie',
  );
}

/**
 * The session id of a request whose cookie names a live session. The cookie is only honoured on
 * requests the browser marks as coming from this origin (Sec-Fetch-Site), so another site, or
 * another port of this host (same "site" for SameSite), cannot ride on it. A stale or unknown
 * cookie spends nothing from the failure allowance: ids are 256-bit random, there is nothing to
 * guess, and a daemon restart would otherwise lock the analyst out with their own old cookie.
 */
function sessionOf(
  req: IncomingMessage,
  opts: HttpServerOptions,
  sessions: SessionStore,
): string | undefined {
  const id = readCookie(req.headers.cookie, sessionCookieName(req.socket.localPort));
  if (id === undefined) return undefined;
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return undefined;
  return sessions.valid(id, opts.token()) ? id : undefined;
}

async function sessionRoute(
  req: IncomingMessage,
  res: ServerResponse,
  opts: HttpServerOptions,
  limiter: FailureLimiter,
  sessions: SessionStore,
): Promise<void> {
  const name = sessionCookieName(req.socket.localPort);
  const secure = opts.tls !== undefined;
  if (req.method === 'GET') {
    authenticate(req, opts, limiter, sessions);
    return sendJson(res, 200, { authenticated: true });
  }
  if (req.method === 'DELETE') {
    const id = sessionOf(req, opts, sessions);
    if (id !== undefined) sessions.delete(id);
    return sendJson(
      res,
      200,
      { authenticated: false },
      { 'set-cookie': sessionCookie(name, '', { secure, maxAgeSeconds: 0 }) },
    );
  }
  if (req.method !== 'POST')
    throw new HttpError(
      405,
      'method.not_allowed',
      `${req.method} ${sessionPath}: use POST, GET or DELETE`,
    );
  // Only the token opens a session: an existing cookie does not mint another one.
  authenticate(req, opts, limiter, sessions, true);
  const id = sessions.create(opts.token());
  return sendJson(
    res,
    200,
    { authenticated: true },
    { 'set-cookie': sessionCookie(name, id, { secure, maxAgeSeconds: 12 * 3600 }) },
  );
}

/**
 * A file operation: the download's response is the file, the upload's body is the file. A
 * download's input may also name its top-level fields as query parameters (`?format=csv`, the
 * export's first form); the body's win.
 */
async function fileOperation(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  operation: string,
  file: FileTransfer,
  opts: HttpServerOptions,
): Promise<void> {
  const stop = opts.metrics.duration.startTimer({ operation: metricLabel(operation) });
  let input: unknown = {};
  if (file.direction === 'download') {
    const body = await readJsonBody(req, opts.maxBodyBytes);
    input = { ...Object.fromEntries(url.searchParams), ...(body as object) };
  }
  const files = httpFiles(
    req,
    res,
    securityHeaders,
    { dir: opts.context.importDirs[0]!, maxBytes: opts.maxUploadBytes ?? 8 * 1024 ** 3 },
    file.direction === 'download' ? file.summary : undefined,
  );
  const output = await dispatch(operation, input, opts.context, files);
  stop();
  // A download answered with its file; an upload (or a download that wrote none) with JSON.
  if (!res.headersSent) sendJson(res, 200, output);
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...securityHeaders,
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function sendError(res: ServerResponse, err: unknown, log: Logger): void {
  const status = statusOf(err);
  if (status >= 500) log.error({ err }, 'API request failed');
  const body = errorBody(err, 'internal error (see the daemon log)');
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, status, body, err instanceof HttpError ? err.headers : {});
}

/** Label values come from the contract only, so random paths cannot grow the metric set. */
function metricLabel(name: string): string {
  return isOperationName(name) ? name : 'unknown';
}
