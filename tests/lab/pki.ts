// A throwaway certificate authority and a server certificate for the lab host, made fresh for
// each run, so every client can verify the server the way it would on the internet.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LabPki {
  caCert: string;
  serverCert: string;
  serverKey: string;
}

function openssl(args: string[]): void {
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 30_000 });
}

export function makePki(dir: string, host: string): LabPki {
  const caKey = join(dir, 'ca.key');
  const caCert = join(dir, 'ca.pem');
  const serverKey = join(dir, 'server.key');
  const csr = join(dir, 'server.csr');
  const serverCert = join(dir, 'server.pem');
  const ext = join(dir, 'server.ext');
  const curve = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl([
    'req',
    '-x509',
    ...curve,
    '-keyout',
    caKey,
    '-out',
    caCert,
    '-days',
    '2',
    '-subj',
    '/CN=ja4ws lab throwaway CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  openssl(['req', '-new', ...curve, '-keyout', serverKey, '-out', csr, '-subj', `/CN=${host}`]);
  writeFileSync(
    ext,
    `subjectAltName=DNS:${host}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n`,
  );
  openssl([
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    caCert,
    '-CAkey',
    caKey,
    '-CAcreateserial',
    '-out',
    serverCert,
    '-days',
    '2',
    '-extfile',
    ext,
  ]);
  return { caCert, serverCert, serverKey };
}
