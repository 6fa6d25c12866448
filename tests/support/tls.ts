// Test helpers shared by the tests that run real TLS servers and tools on loopback.
import { execFileSync } from 'node:child_process';
import { type Agent, request as httpsRequest } from 'node:https';
import { join } from 'node:path';

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
