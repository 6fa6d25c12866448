// Serves the built renderer. Paths are resolved inside the root only; anything else is a 404,
// and unknown routes fall back to index.html so shared deep links load the app.
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

export function serveStatic(
  root: string,
  urlPath: string,
  res: ServerResponse,
  headers: Record<string, string>,
): void {
  const rootAbs = resolve(root);
  let rel: string;
  try {
    rel = normalize(decodeURIComponent(urlPath)).replace(/^([/\\])+/, '');
  } catch {
    rel = '';
  }
  let file = join(rootAbs, rel);
  if (!(file + sep).startsWith(rootAbs + sep) || !isFile(file)) file = join(rootAbs, 'index.html');
  if (!isFile(file)) {
    res.writeHead(503, { ...headers, 'content-type': 'text/plain; charset=utf-8' });
    res.end('The web UI is not built: run `npm run build` in the project.\n');
    return;
  }
  const immutable = rel.startsWith('assets/');
  res.writeHead(200, {
    ...headers,
    'content-type': types[extname(file)] ?? 'application/octet-stream',
    ...(immutable ? { 'cache-control': 'public, max-age=31536000, immutable' } : {}),
  });
  createReadStream(file).pipe(res);
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}
