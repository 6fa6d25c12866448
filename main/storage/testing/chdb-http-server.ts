// A ClickHouse-compatible HTTP endpoint backed by chDB, so the storage suite runs the remote path
// (@clickhouse/client over HTTP) for real without a ClickHouse server. It implements the subset
// the client uses: POST / with the query in the body or in ?query= (insert data in the body),
// query parameters (param_*), settings as URL parameters, database, query_id, GET /ping,
// gzip/deflate/br request bodies and gzip responses when enable_http_compression=1, basic auth
// (one user, or several, e.g. a writer and the SQL console's user; each request is logged with
// its user so tests can tell which connection sent what),
// and ClickHouse's error shape (HTTP 500, "Code: N. DB::Exception: ... (TYPE)" body,
// X-ClickHouse-Exception-Code). Requests run one at a time: chDB has one session and settings
// are SET before a request and reset to DEFAULT after it, as a server scopes them per query.
//
// Test-only. Run as a child process (chDB is one engine per process):
//   tsx main/storage/testing/chdb-http-server.ts --data-dir DIR [--port N] [--user U --password P]
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { Session } from 'chdb';
// HTTP-layer settings a server accepts but chDB's engine does not know: the same list the
// embedded client filters.
import { HTTP_ONLY_SETTINGS } from '../chdb-client.js';

const gzip = promisify(zlib.gzip);

// URL parameters that are not settings.
const NOT_SETTINGS = new Set([
  'query',
  'database',
  'query_id',
  'session_id',
  'default_format',
  'role',
  'user',
  'password',
]);

export interface ChdbHttpServerOptions {
  dataDir: string;
  port?: number;
  host?: string;
  user?: string;
  password?: string;
  /** Several users (name -> password), in addition to `user`. */
  users?: Record<string, string>;
}

export interface ChdbHttpServer {
  url: string;
  port: number;
  /** Requests served, by kind (for tests asserting the path taken). */
  counts: Record<'query' | 'insert' | 'ping' | 'error', number>;
  /** The last 5,000 statements received (before execution), with the user that sent them. */
  requests: { user: string; query: string }[];
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly chCode: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/** Unescape a value in ClickHouse's "escaped" text format (how the client sends string params). */
export function unescapeParam(v: string): string {
  return v.replace(
    /\\(.)/gs,
    (_m, c: string) => ({ t: '\t', n: '\n', r: '\r', b: '\b', f: '\f', '0': '\0' })[c] ?? c,
  );
}

/** Names of query parameters whose declared type is a plain string, e.g. {name:String}. */
function stringParams(sql: string): Set<string> {
  const out = new Set<string>();
  for (const m of sql.matchAll(
    /\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*:\s*((?:Nullable\(|LowCardinality\()*)(String|FixedString\(\d+\))/g,
  )) {
    out.add(m[1]!);
  }
  return out;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks);
  const enc = (req.headers['content-encoding'] ?? '').toLowerCase();
  if (enc === '' || enc === 'identity') return raw;
  if (enc === 'gzip') return zlib.gunzipSync(raw);
  if (enc === 'deflate') return zlib.inflateSync(raw);
  if (enc === 'br') return zlib.brotliDecompressSync(raw);
  throw new HttpError(400, 1000, 'UNKNOWN_EXCEPTION', `unsupported Content-Encoding ${enc}`);
}

/** The authenticated user ('default' without authentication), or HttpError 401. */
function checkAuth(req: IncomingMessage, url: URL, o: ChdbHttpServerOptions): string {
  const users: Record<string, string> = { ...o.users };
  if (o.user !== undefined) users[o.user] = o.password ?? '';
  if (Object.keys(users).length === 0) return 'default';
  let user = url.searchParams.get('user') ?? req.headers['x-clickhouse-user'];
  let password = url.searchParams.get('password') ?? req.headers['x-clickhouse-key'];
  const auth = req.headers.authorization;
  if (auth?.startsWith('Basic ')) {
    const decoded = Buffer.from(auth.slice(6), 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    user = decoded.slice(0, i);
    password = decoded.slice(i + 1);
  }
  if (typeof user !== 'string' || !Object.hasOwn(users, user) || (password ?? '') !== users[user]) {
    throw new HttpError(
      401,
      516,
      'AUTHENTICATION_FAILED',
      `${String(user)}: Authentication failed: password is incorrect, or there is no user with such name.`,
    );
  }
  return user;
}

// Server defaults that differ from chDB's embedded defaults (a server quotes 64-bit integers in
// JSON formats; chDB does not).
const SERVER_DEFAULTS = 'SET output_format_json_quote_64bit_integers = 1';

export async function startChdbHttpServer(o: ChdbHttpServerOptions): Promise<ChdbHttpServer> {
  const session = new Session(o.dataDir);
  await session.queryAsync(SERVER_DEFAULTS);
  const counts = { query: 0, insert: 0, ping: 0, error: 0 };
  const requests: { user: string; query: string }[] = [];
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = chain.then(fn, fn);
    chain = next.catch(() => undefined);
    return next;
  };

  async function run(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const user = checkAuth(req, url, o);
    const body = await readBody(req);
    const urlQuery = url.searchParams.get('query');
    // Insert: statement in the URL, data in the body. Query: statement in the body.
    const sql =
      urlQuery !== null
        ? body.length > 0
          ? `${urlQuery}\n${body.toString('utf8')}`
          : urlQuery
        : body.toString('utf8');
    if (sql.trim() === '') throw new HttpError(400, 62, 'SYNTAX_ERROR', 'Empty query.');
    const isInsert = urlQuery !== null && body.length > 0;
    counts[isInsert ? 'insert' : 'query']++;
    requests.push({ user, query: isInsert ? urlQuery : sql });
    if (requests.length > 5000) requests.splice(0, requests.length - 5000);

    const settings: [string, string][] = [];
    const params: Record<string, string> = {};
    const strings = stringParams(urlQuery ?? sql);
    for (const [k, v] of url.searchParams) {
      if (k.startsWith('param_')) {
        const name = k.slice(6);
        params[name] = strings.has(name) ? unescapeParam(v) : v;
      } else if (!NOT_SETTINGS.has(k) && !HTTP_ONLY_SETTINGS.has(k)) {
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k))
          throw new HttpError(400, 115, 'UNKNOWN_SETTING', `Unknown setting ${k}`);
        settings.push([k, v]);
      }
    }
    const database = url.searchParams.get('database');
    if (database !== null && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(database)) {
      throw new HttpError(400, 81, 'UNKNOWN_DATABASE', `Database ${database} does not exist`);
    }
    const format = url.searchParams.get('default_format') ?? 'TabSeparated';
    const queryId = url.searchParams.get('query_id') ?? randomUUID();

    const result = await serial(async () => {
      await session.queryAsync(`USE ${database ?? 'default'}`);
      if (settings.length > 0) {
        await session.queryAsync(
          `SET ${settings.map(([k, v]) => `${k} = '${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`).join(', ')}`,
        );
      }
      try {
        return Object.keys(params).length > 0
          ? await session.queryBindAsync(sql, params, { format })
          : await session.queryAsync(sql, { format });
      } catch (err) {
        // chDB hands a failed query's partial output to the next query; a server does not.
        await session.queryAsync('SELECT 1').catch(() => undefined);
        throw err;
      } finally {
        if (settings.length > 0) {
          await session
            .queryAsync(`SET ${settings.map(([k]) => `${k} = DEFAULT`).join(', ')}`)
            .catch(() => undefined);
          await session.queryAsync(SERVER_DEFAULTS);
        }
      }
    });

    let out = Buffer.from(result.bytes());
    const summary = {
      read_rows: String(result.rowsRead ?? 0),
      read_bytes: String(result.bytesRead ?? 0),
      written_rows: isInsert ? String(result.rowsRead ?? 0) : '0',
      written_bytes: isInsert ? String(result.bytesRead ?? 0) : '0',
      total_rows_to_read: '0',
      result_rows: '0',
      result_bytes: String(out.length),
      elapsed_ns: String(Math.round((result.elapsed ?? 0) * 1e9)),
    };
    const headers: Record<string, string> = {
      'Content-Type': 'text/plain; charset=UTF-8',
      'X-ClickHouse-Query-Id': queryId,
      'X-ClickHouse-Format': format,
      'X-ClickHouse-Timezone': 'UTC',
      'X-ClickHouse-Summary': JSON.stringify(summary),
    };
    const compress =
      url.searchParams.get('enable_http_compression') === '1' &&
      /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    if (compress) {
      out = await gzip(out);
      headers['Content-Encoding'] = 'gzip';
    }
    res.writeHead(200, headers);
    res.end(out);
  }

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/ping' && (req.method === 'GET' || req.method === 'HEAD')) {
      counts.ping++;
      res.writeHead(200, { 'Content-Type': 'text/html; charset=UTF-8' });
      res.end('Ok.\n');
      return;
    }
    if (url.pathname !== '/' || (req.method !== 'POST' && req.method !== 'GET')) {
      res.writeHead(404);
      res.end(`There is no handle ${url.pathname}\n`);
      return;
    }
    run(req, res, url).catch((err: unknown) => {
      counts.error++;
      let status = 500;
      let text: string;
      let code: number;
      if (err instanceof HttpError) {
        status = err.status;
        code = err.chCode;
        text = `Code: ${err.chCode}. DB::Exception: ${err.message} (${err.type})`;
      } else {
        const msg = err instanceof Error ? err.message : String(err);
        const m = /Code: (\d+)\./.exec(msg);
        code = m ? Number(m[1]) : 1000;
        text = m ? msg : `Code: 1000. DB::Exception: ${msg} (UNKNOWN_EXCEPTION)`;
      }
      if (!res.headersSent)
        res.writeHead(status, {
          'Content-Type': 'text/plain; charset=UTF-8',
          'X-ClickHouse-Exception-Code': String(code),
        });
      res.end(`${text}\n`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, o.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${o.host ?? '127.0.0.1'}:${port}`,
    port,
    counts,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await chain;
      session.close();
    },
  };
}

// Entry point when run as a process: print the URL, serve until SIGTERM/SIGINT or stdin closes.
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const arg = (name: string): string | undefined => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const dataDir = arg('data-dir');
  if (!dataDir) {
    process.stderr.write(
      'usage: chdb-http-server --data-dir DIR [--port N] [--user U --password P]\n',
    );
    process.exit(2);
  }
  const server = await startChdbHttpServer({
    dataDir,
    ...(arg('port') ? { port: Number(arg('port')) } : {}),
    ...(arg('user') ? { user: arg('user')! } : {}),
    ...(arg('password') ? { password: arg('password')! } : {}),
  });
  process.stdout.write(`listening ${server.url}\n`);
  const stop = (): void => void server.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
