// The lab's real clients, one kind per namespace (so one address each). Each one makes a planned
// set of connections and requests and says what it did: the local port of each connection where
// the client can tell it, and the requests it sent on it. Browsers decide their connections
// themselves; for them the lab's own capture and the servers' records are the truth.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromiumArgs, chromiumPath } from '../../../playwright.config.js';
import { hasCommand } from '../../support/tls.js';
import { LAB_HOST } from '../netns.js';
import { NGINX_PORT, NODE_PORT } from '../servers.js';
import { expectExit, runInNs } from './run-in-ns.js';

export interface ClientContext {
  ns: string;
  ca: string;
  /** A directory of this client's own (profiles, outputs). */
  dir: string;
}

export interface ClientConnection {
  /** The client's local port, when the client can tell it. */
  localPort?: number;
  requests: number;
}

export interface ClientReport {
  /** null: the client (a browser) decides its connections itself. */
  connections: ClientConnection[] | null;
}

export interface ClientKind {
  /** Namespace suffix, 1-5 of a-z0-9. */
  name: string;
  label: string;
  /** Why it cannot run here, '' when it can. */
  unavailable: () => string;
  /** Extensions in a random order on every connection (Chrome since 110 and its imitators): JA3 varies by design. */
  permutesExtensions?: boolean;
  run: (ctx: ClientContext) => Promise<ClientReport>;
}

const NGINX = `https://${LAB_HOST}`;
const NODE = `https://${LAB_HOST}:${NODE_PORT}`;
void NGINX_PORT;

/** curl with several URLs on one command line reuses one connection; prints each local port. */
async function curlConn(
  ctx: ClientContext,
  bin: string,
  extra: string[],
  base: string,
  paths: string[],
): Promise<ClientConnection> {
  const args = ['-sS', '--cacert', ctx.ca, '--max-time', '20', ...extra, '-w', '%{local_port}\\n'];
  for (const p of paths) args.push('-o', '/dev/null', `${base}${p}`);
  const r = expectExit(`${bin} ${base}`, await runInNs(ctx.ns, bin, args));
  const ports = [...new Set(r.stdout.trim().split('\n').map(Number))];
  if (ports.length !== 1)
    throw new Error(
      `${bin}: expected one connection for ${paths.join(' ')}, local ports ${ports.join(',')}`,
    );
  return { localPort: ports[0]!, requests: paths.length };
}

function curlKind(name: string, label: string, flag: string): ClientKind {
  return {
    name,
    label,
    unavailable: () => (hasCommand('curl') ? '' : 'curl not installed'),
    run: async (ctx) => ({
      connections: [
        await curlConn(ctx, 'curl', [flag, '-b', 'sid=1'], NGINX, [
          `/r/${name}/1`,
          `/r/${name}/2`,
          `/missing/${name}`,
        ]),
        await curlConn(ctx, 'curl', [flag, '-H', 'Accept-Language: en-GB'], NGINX, [
          `/r/${name}/3`,
        ]),
        await curlConn(ctx, 'curl', [flag], NODE, [`/r/${name}/4`, '/err']),
      ],
    }),
  };
}

const wget: ClientKind = {
  name: 'wget',
  label: 'wget',
  unavailable: () => (hasCommand('wget') ? '' : 'wget not installed'),
  run: async (ctx) => {
    const go = async (base: string, paths: string[]): Promise<ClientConnection> => {
      // Several URLs of one host on one command line: wget keeps the connection alive.
      const r = await runInNs(ctx.ns, 'wget', [
        '-q',
        '-O',
        '/dev/null',
        '--tries=1',
        '--timeout=20',
        '--ca-certificate',
        ctx.ca,
        ...paths.map((p) => base + p),
      ]);
      expectExit('wget', r, [0, 8]); // 8: the server answered an error status (the planned 404)
      return { requests: paths.length };
    };
    return {
      connections: [
        await go(NGINX, ['/r/wget/1', '/r/wget/2', '/missing/wget']),
        await go(NODE, ['/r/wget/3']),
      ],
    };
  },
};

const openssl: ClientKind = {
  name: 'ossl',
  label: 'openssl s_client',
  unavailable: () => (hasCommand('openssl') ? '' : 'openssl not installed'),
  run: async (ctx) => {
    const conn = async (port: number, request: string | null): Promise<ClientConnection> => {
      const args = [
        's_client',
        '-connect',
        `${LAB_HOST}:${port}`,
        '-servername',
        LAB_HOST,
        '-CAfile',
        ctx.ca,
        '-verify_return_error',
        '-quiet',
      ];
      // No request: the handshake completes, stdin is at its end, s_client closes (handshake only).
      if (request === null) args.splice(args.indexOf('-quiet'), 1);
      const input =
        request === null
          ? ''
          : `GET ${request} HTTP/1.1\r\nHost: ${LAB_HOST}\r\nUser-Agent: openssl-s_client\r\nConnection: close\r\n\r\n`;
      expectExit(
        'openssl s_client',
        await runInNs(ctx.ns, 'openssl', args, { input, timeoutMs: 30_000 }),
      );
      return { requests: request === null ? 0 : 1 };
    };
    return {
      connections: [
        await conn(NGINX_PORT, null),
        await conn(NGINX_PORT, '/r/ossl/1'),
        await conn(NODE_PORT, '/r/ossl/2'),
      ],
    };
  },
};

const gnutls: ClientKind = {
  name: 'gtls',
  label: 'gnutls-cli',
  unavailable: () => (hasCommand('gnutls-cli') ? '' : 'gnutls-cli (gnutls-bin) not installed'),
  run: async (ctx) => {
    const conn = async (port: number, path: string): Promise<ClientConnection> => {
      // Connection: close: nginx answers and closes, gnutls-cli then exits on the server's close.
      const input = `GET ${path} HTTP/1.1\r\nHost: ${LAB_HOST}\r\nUser-Agent: gnutls-cli\r\nConnection: close\r\n\r\n`;
      const r = await runInNs(
        ctx.ns,
        'gnutls-cli',
        ['--x509cafile', ctx.ca, '--port', String(port), LAB_HOST],
        { input, timeoutMs: 30_000 },
      );
      expectExit('gnutls-cli', r, [0, 1]);
      if (!/HTTP\/1\.1 \d{3}/.test(r.stdout))
        throw new Error(`gnutls-cli got no response: ${r.stderr.slice(-2000)}`);
      return { requests: 1 };
    };
    return {
      connections: [await conn(NGINX_PORT, '/r/gtls/1'), await conn(NODE_PORT, '/r/gtls/2')],
    };
  },
};

const PYTHON = '/usr/bin/python3';
const pyScript = `
import http.client, json, ssl, sys, urllib.request
ca, host, node_port = sys.argv[1], sys.argv[2], int(sys.argv[3])
ctx = ssl.create_default_context(cafile=ca)
out = []
c = http.client.HTTPSConnection(host, 443, context=ctx, timeout=20)
for p in ['/r/py/1', '/r/py/2', '/missing/py']:
    c.request('GET', p, headers={'User-Agent': 'j4lab-python/3'})
    c.getresponse().read()
out.append({'localPort': c.sock.getsockname()[1], 'requests': 3})
c.close()
# urllib: one connection per request (it sends Connection: close).
for url in ['https://%s/r/py/3' % host, 'https://%s:%d/r/py/4' % (host, node_port)]:
    with urllib.request.urlopen(url, context=ctx, timeout=20) as r:
        r.read()
    out.append({'requests': 1})
print(json.dumps(out))
`;

const python: ClientKind = {
  name: 'py',
  label: 'python urllib/ssl',
  unavailable: () => (existsSync(PYTHON) ? '' : `${PYTHON} not installed`),
  run: async (ctx) => {
    const r = expectExit(
      'python',
      await runInNs(ctx.ns, PYTHON, ['-c', pyScript, ctx.ca, LAB_HOST, String(NODE_PORT)]),
    );
    return { connections: JSON.parse(r.stdout) as ClientConnection[] };
  },
};

const nodeClientScript = join(import.meta.dirname, 'node-client.mjs');

function nodeScript(
  ctx: ClientContext,
  opts: object,
  env: NodeJS.ProcessEnv = {},
): Promise<ClientConnection[]> {
  return runInNs(
    ctx.ns,
    process.execPath,
    [nodeClientScript, JSON.stringify({ ca: ctx.ca, ...opts })],
    { env },
  ).then(
    (r) =>
      JSON.parse(
        expectExit('node client', r).stdout.trim().split('\n').pop()!,
      ) as ClientConnection[],
  );
}

const node: ClientKind = {
  name: 'node',
  label: 'node https',
  unavailable: () => '',
  run: async (ctx) => ({
    connections: await nodeScript(ctx, {
      kind: 'node',
      conns: [
        { base: NGINX, paths: ['/r/node/1', '/r/node/2'] },
        { base: NODE, paths: ['/r/node/3', '/missing/node'] },
      ],
    }),
  }),
};

const projectModules = join(import.meta.dirname, '../../../node_modules');
function npmUnavailable(pkg: string): string {
  return existsSync(join(projectModules, pkg, 'package.json'))
    ? ''
    : `npm package ${pkg} not installed (npm install)`;
}

function wreqKind(name: string, profile: string): ClientKind {
  return {
    name,
    label: `wreq-js ${profile}`,
    unavailable: () => npmUnavailable('wreq-js'),
    permutesExtensions: profile.startsWith('chrome'),
    run: async (ctx) => ({
      connections: await nodeScript(
        ctx,
        {
          kind: 'wreq',
          profile,
          conns: [
            { base: NGINX, paths: [`/r/${name}/1`, `/r/${name}/2`] },
            { base: NGINX, paths: [`/r/${name}/3`] },
          ],
        },
        { SSL_CERT_FILE: ctx.ca },
      ),
    }),
  };
}

function curlImpersonateKind(name: string, profile: string): ClientKind {
  return {
    name,
    label: `node-curl-impersonate ${profile}`,
    unavailable: () => npmUnavailable('node-curl-impersonate'),
    permutesExtensions: profile.startsWith('chrome'),
    run: async (ctx) => ({
      connections: await nodeScript(ctx, {
        kind: 'cimp',
        profile,
        conns: [{ base: NGINX, paths: [`/r/${name}/1`, `/r/${name}/2`] }],
      }),
    }),
  };
}

/** An NSS database trusting the lab CA (Chromium reads $HOME/.pki/nssdb, Firefox its profile). */
function nssTrust(dbDir: string, ca: string): void {
  mkdirSync(dbDir, { recursive: true });
  execFileSync('certutil', ['-d', `sql:${dbDir}`, '-N', '--empty-password'], { stdio: 'ignore' });
  execFileSync('certutil', ['-d', `sql:${dbDir}`, '-A', '-t', 'C,,', '-n', 'j4lab-ca', '-i', ca], {
    stdio: 'ignore',
  });
}

const chromium: ClientKind = {
  name: 'chrom',
  label: 'headless Chromium',
  unavailable: () =>
    !existsSync(chromiumPath)
      ? `${chromiumPath} not installed`
      : hasCommand('certutil')
        ? ''
        : 'certutil (libnss3-tools) not installed',
  permutesExtensions: true,
  run: async (ctx) => {
    const home = join(ctx.dir, 'home');
    nssTrust(join(home, '.pki', 'nssdb'), ctx.ca);
    const load = async (i: number, url: string): Promise<void> => {
      const r = await runInNs(
        ctx.ns,
        chromiumPath,
        [
          ...chromiumArgs,
          '--headless',
          `--user-data-dir=${join(ctx.dir, `profile${i}`)}`,
          '--dump-dom',
          url,
        ],
        { env: { HOME: home }, timeoutMs: 60_000 },
      );
      expectExit('chromium', r);
      if (!r.stdout.includes('id="ok"'))
        throw new Error(`chromium did not load ${url}: ${r.stderr.slice(-2000)}`);
    };
    await load(1, `${NGINX}/`);
    await load(2, `${NGINX}/`);
    await load(3, `${NODE}/`);
    return { connections: null };
  },
};

const FIREFOX = '/usr/bin/firefox-esr';
// Nothing but the page: no update, telemetry, safe-browsing or captive-portal traffic.
const firefoxPrefs = [
  'app.update.enabled", false',
  'browser.shell.checkDefaultBrowser", false',
  'network.captive-portal-service.enabled", false',
  'network.connectivity-service.enabled", false',
  'datareporting.policy.dataSubmissionEnabled", false',
  'datareporting.healthreport.uploadEnabled", false',
  'toolkit.telemetry.enabled", false',
  'browser.safebrowsing.malware.enabled", false',
  'browser.safebrowsing.phishing.enabled", false',
  'extensions.update.enabled", false',
  'network.http.http3.enable", false',
  'network.trr.mode", 5',
  'security.OCSP.enabled", 0',
  'network.prefetch-next", false',
  'network.predictor.enabled", false',
].map((p) => `user_pref("${p});`);

const firefox: ClientKind = {
  name: 'ff',
  label: 'Firefox ESR headless',
  unavailable: () =>
    !existsSync(FIREFOX)
      ? `${FIREFOX} not installed (apt-get install firefox-esr)`
      : hasCommand('certutil')
        ? ''
        : 'certutil (libnss3-tools) not installed',
  run: async (ctx) => {
    const load = async (i: number, url: string): Promise<void> => {
      const profile = join(ctx.dir, `profile${i}`);
      nssTrust(profile, ctx.ca);
      writeFileSync(join(profile, 'user.js'), firefoxPrefs.join('\n') + '\n');
      const shot = join(ctx.dir, `shot${i}.png`);
      const r = await runInNs(
        ctx.ns,
        FIREFOX,
        ['--headless', '--no-remote', '--profile', profile, '--screenshot', shot, url],
        { env: { HOME: ctx.dir, MOZ_HEADLESS: '1' }, timeoutMs: 90_000 },
      );
      expectExit('firefox', r);
      if (!existsSync(shot))
        throw new Error(`firefox made no screenshot of ${url}: ${r.stderr.slice(-2000)}`);
    };
    await load(1, `${NGINX}/`);
    await load(2, `${NGINX}/`);
    return { connections: null };
  },
};

export const CLIENTS: readonly ClientKind[] = [
  curlKind('curl1', 'curl --http1.1', '--http1.1'),
  curlKind('curl2', 'curl --http2', '--http2'),
  wget,
  openssl,
  gnutls,
  python,
  node,
  chromium,
  firefox,
  wreqKind('wrqc', 'chrome'),
  wreqKind('wrqf', 'firefox'),
  curlImpersonateKind('cimpc', 'chrome-116'),
  curlImpersonateKind('cimpf', 'firefox-117'),
];
