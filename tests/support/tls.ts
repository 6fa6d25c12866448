// Test helpers shared by the tests that run real TLS servers and tools on loopback.
import { execFile, execFileSync } from 'node:child_process';
import { type Agent, request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** Whether a command is on PATH (tests that need it skip with the reason otherwise). */
export function hasCommand(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A one-day self-signed P-256 certificate for localhost in `dir`: key.pem and cert.pem. */
export function selfSignedCert(dir: string): { key: string; cert: string } {
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
    ],
    { stdio: 'ignore' },
  );
  return { key, cert };
}

/** GET https://127.0.0.1:<port><path> through `agent` (self-signed cert accepted); resolves with
 * the client's own local port, which says which TCP connection carried the request. */
export function httpsGetLocalPort(
  port: number,
  path: string,
  agent: Agent,
  userAgent: string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        agent,
        rejectUnauthorized: false,
        headers: { 'User-Agent': userAgent },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(req.socket?.localPort ?? 0));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/**
 * tshark's JA3 (MD5) of every TCP ClientHello in a capture, with its client port, in capture
 * order. `tlsPort`: decode that port as TLS (a random port may belong to another dissector, and
 * tshark would then see no TLS). QUIC hellos (no TCP port) are left out.
 */
export async function tsharkClientHelloJa3s(
  file: string,
  tlsPort?: number,
): Promise<[number, string][]> {
  const decodeAs = tlsPort === undefined ? [] : ['-d', `tcp.port==${tlsPort},tls`];
  const { stdout } = await promisify(execFile)('tshark', [
    '-r',
    file,
    ...decodeAs,
    '-Y',
    'tls.handshake.type==1',
    '-T',
    'fields',
    '-e',
    'tcp.srcport',
    '-e',
    'tls.handshake.ja3',
  ]);
  const out: [number, string][] = [];
  for (const line of stdout.trim().split('\n')) {
    const [p, ja3] = line.split('\t');
    if (p && ja3) out.push([Number(p), ja3]);
  }
  return out;
}

/** tshark's JA3 per client port (the last ClientHello of a port), for TLS on `tlsPort`. */
export async function tsharkJa3ByPort(file: string, tlsPort: number): Promise<Map<number, string>> {
  return new Map(await tsharkClientHelloJa3s(file, tlsPort));
}

/** curl GETs of `paths` on https://127.0.0.1:<port> over one HTTP/1.1 keep-alive connection
 * (self-signed cert accepted); resolves with the local port curl printed for each URL. */
export async function curlLocalPorts(port: number, paths: readonly string[]): Promise<number[]> {
  const urls = paths.flatMap((p) => ['-o', '/dev/null', `https://127.0.0.1:${port}${p}`]);
  const { stdout } = await promisify(execFile)('curl', [
    '-sk',
    '--http1.1',
    '-w',
    '%{local_port}\\n',
    ...urls,
  ]);
  return stdout.trim().split('\n').map(Number);
}
