// The lab's Node HTTPS server, run inside the server namespace: every request is logged by
// ja4ws/http-logger to the daemon's http.socket (the product), and recorded by the lab itself in
// a JSON-lines truth file (what this server really served), which the test compares with the store.
// Usage: node node-server.mjs <json options>
import { createWriteStream, readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { performance } from 'node:perf_hooks';
import { createHttpLogger } from '../../dist/http-logger/src/index.js';

const opts = JSON.parse(process.argv[2] ?? '{}');
const logger = createHttpLogger({ socketPath: opts.socket, source: 'lab-node' });
const truth = createWriteStream(opts.truth, { flags: 'a' });
const page = readFileSync(opts.page);

const server = createServer(
  { key: readFileSync(opts.key), cert: readFileSync(opts.cert), keepAliveTimeout: 30_000 },
  (req, res) => {
    const t = performance.timeOrigin + performance.now();
    logger.handle(req, res);
    const path = (req.url ?? '/').split('?')[0];
    const status =
      path === '/err'
        ? 500
        : ['/', '/a.css', '/b.js'].includes(path) || path.startsWith('/r/')
          ? 200
          : 404;
    res.on('finish', () => {
      const h = {};
      for (let i = 0; i < req.rawHeaders.length; i += 2)
        h[req.rawHeaders[i].toLowerCase()] = req.rawHeaders[i + 1];
      truth.write(
        JSON.stringify({
          server: 'node',
          t,
          ip: (req.socket.remoteAddress ?? '').replace(/^::ffff:/, ''),
          port: req.socket.remotePort,
          dstPort: req.socket.localPort,
          path,
          status,
          http: req.httpVersion,
          ua: h['user-agent'] ?? '',
          headers: req.rawHeaders.length / 2,
          cookie: h.cookie !== undefined && h.cookie !== '',
          acceptLanguage: h['accept-language'] !== undefined && h['accept-language'] !== '',
        }) + '\n',
      );
    });
    res.statusCode = status;
    if (path === '/') res.setHeader('content-type', 'text/html');
    res.end(path === '/' ? page : 'ok\n');
  },
);
server.listen(opts.port, opts.host, () => console.log('listening'));
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections?.();
  logger.close(2000).finally(() => truth.end(() => process.exit(0)));
});
