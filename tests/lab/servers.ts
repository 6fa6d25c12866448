// The lab's servers, inside the server namespace: nginx (TLS, h2 and http/1.1) writing the access
// log format of docs/ingest.md, which the daemon follows, and a Node HTTPS server logging through
// ja4ws/http-logger to the daemon's http.socket. Both serve the same small site: a page with two
// subresources (so a browser makes several requests on one connection), /r/* (200), /err (500)
// and 404 for anything else.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nginxLogFormatFromDocs } from '../integration/correlator-helpers.js';
import type { LabNet } from './netns.js';
import type { LabPki } from './pki.js';

export const NGINX_PORT = 443;
export const NODE_PORT = 8443;

export interface LabServers {
  nginxLog: string;
  nodeTruth: string;
  stop: () => Promise<void>;
}

const PAGE =
  '<!doctype html><html><head><title>j4lab</title><link rel="stylesheet" href="/a.css">' +
  '<script src="/b.js"></script></head><body><p id="ok">lab</p></body></html>\n';

function writeSite(dir: string): string {
  const root = join(dir, 'site');
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'index.html'), PAGE);
  writeFileSync(join(root, 'a.css'), 'p { color: green }\n');
  writeFileSync(join(root, 'b.js'), 'window.j4lab = 1;\n');
  return root;
}

function nginxConf(dir: string, addr: string, pki: LabPki, root: string, log: string): string {
  const fmt = nginxLogFormatFromDocs().replace(/access_log .*;\n/, `access_log ${log} ja4ws;\n`);
  if (!fmt.includes('log_format ja4ws'))
    throw new Error('docs/ingest.md: nginx log_format block not found');
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((k) => `  ${k}_temp_path ${dir}/${k};\n`)
    .join('');
  return (
    `daemon off;\nmaster_process off;\nworker_processes 1;\npid ${dir}/nginx.pid;\n` +
    `error_log ${dir}/nginx-error.log warn;\nevents { worker_connections 4096; }\nhttp {\n${temp}${fmt}\n` +
    `  keepalive_timeout 30s;\n  keepalive_requests 10000;\n` +
    `  server {\n    listen ${addr}:${NGINX_PORT} ssl http2;\n` +
    `    ssl_certificate ${pki.serverCert};\n    ssl_certificate_key ${pki.serverKey};\n` +
    `    location = /err { return 500 "err\\n"; }\n    location /r/ { return 200 "ok\\n"; }\n` +
    `    location / { root ${root}; index index.html; }\n  }\n}\n`
  );
}

function listening(lab: LabNet, port: number): boolean {
  const r = spawnSync(
    lab.exec(lab.server.ns)[0]!,
    [...lab.exec(lab.server.ns).slice(1), 'ss', '-Hltn', `sport = :${port}`],
    {
      encoding: 'utf8',
      timeout: 5_000,
    },
  );
  return (r.stdout ?? '').trim() !== '';
}

async function waitListening(
  lab: LabNet,
  port: number,
  proc: ChildProcess,
  log: () => string,
): Promise<void> {
  for (let i = 0; i < 150; i++) {
    if (proc.exitCode !== null) throw new Error(`lab server on port ${port} exited: ${log()}`);
    if (listening(lab, port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`lab server on port ${port} not listening after 15 s: ${log()}`);
}

function inNs(
  lab: LabNet,
  ns: string,
  cmd: string,
  args: string[],
): { proc: ChildProcess; log: () => string } {
  const [ipBin, ...pre] = lab.exec(ns);
  const proc = spawn(ipBin!, [...pre, cmd, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
  proc.stderr!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
  return { proc, log: () => out };
}

async function stopProc(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const gone = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  const t = setTimeout(() => proc.kill('SIGKILL'), 5_000);
  await gone;
  clearTimeout(t);
}

export async function startServers(
  lab: LabNet,
  dir: string,
  pki: LabPki,
  httpSocket: string,
): Promise<LabServers> {
  const root = writeSite(dir);
  const nginxLog = join(dir, 'nginx-ja4ws.json');
  const nodeTruth = join(dir, 'node-truth.jsonl');
  writeFileSync(join(dir, 'nginx.conf'), nginxConf(dir, lab.server.addr, pki, root, nginxLog));
  writeFileSync(nginxLog, '');
  const nginx = inNs(lab, lab.server.ns, 'nginx', [
    '-p',
    dir,
    '-e',
    `${dir}/nginx-error.log`,
    '-c',
    `${dir}/nginx.conf`,
  ]);
  const node = inNs(lab, lab.server.ns, process.execPath, [
    join(import.meta.dirname, 'node-server.mjs'),
    JSON.stringify({
      host: lab.server.addr,
      port: NODE_PORT,
      key: pki.serverKey,
      cert: pki.serverCert,
      socket: httpSocket,
      truth: nodeTruth,
      page: join(root, 'index.html'),
    }),
  ]);
  const stop = async (): Promise<void> => {
    await Promise.all([stopProc(nginx.proc), stopProc(node.proc)]);
  };
  try {
    await waitListening(lab, NGINX_PORT, nginx.proc, nginx.log);
    await waitListening(lab, NODE_PORT, node.proc, node.log);
  } catch (err) {
    await stop();
    throw err;
  }
  return { nginxLog, nodeTruth, stop };
}
