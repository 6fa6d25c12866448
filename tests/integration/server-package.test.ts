// The server packages (issue 25): `npm run package:server` builds the .deb and the .rpm; the .deb
// is installed with dpkg as root, the unit's ExecStart runs as the service user ja4ws (through
// systemd when it is PID 1, otherwise started directly as that user: the package's private tcpdump
// carries the capture capabilities either way) and captures TLS connections on lo, then the
// package is removed and purged. The .rpm is checked with rpm -qpl / -qpc / --scripts.
// Installs into the system: root only, and only where dpkg-deb is present.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HttpApiClient } from '../../common/api/http-client.js';
import { projectRoot, tempDataDir } from '../support/daemon.js';
import { curlLocalPorts, hasCommand, selfSignedCert } from '../support/tls.js';

const skipReason =
  process.getuid?.() !== 0
    ? 'installs a package: needs root'
    : !hasCommand('dpkg-deb') || !hasCommand('dpkg')
      ? 'needs dpkg and dpkg-deb'
      : !hasCommand('tcpdump') || !hasCommand('curl') || !hasCommand('setcap')
        ? 'needs tcpdump, curl and setcap'
        : spawnSync('dpkg-query', ['-W', '-f=${Status}', 'ja4ws'])
              .stdout?.toString()
              .includes('installed')
          ? 'a ja4ws package is already installed on this machine'
          : '';
if (skipReason) console.log(`server-package skipped: ${skipReason}`);

const version = (
  JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string }
).version;
const deb = join(projectRoot, 'out/packages', `ja4ws_${version}_amd64.deb`);
const rpm = join(projectRoot, 'out/packages', `ja4ws-${version}-1.x86_64.rpm`);
const sh = (cmd: string, args: string[]) =>
  execFileSync(cmd, args, {
    encoding: 'utf8',
    timeout: 300_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
const ok = (cmd: string, args: string[]) => spawnSync(cmd, args, { timeout: 60_000 }).status === 0;

let daemon: ChildProcess | undefined;
let tls: Server | undefined;
afterAll(async () => {
  if (daemon && daemon.exitCode === null && daemon.signalCode === null) {
    daemon.kill('SIGKILL');
    await new Promise((r) => daemon!.once('exit', r));
  }
  await new Promise<void>((r) => (tls ? tls.close(() => r()) : r()));
  if (!skipReason) spawnSync('dpkg', ['--purge', 'ja4ws'], { timeout: 120_000 });
}, 180_000);

describe.skipIf(skipReason !== '')('server packages', () => {
  it('npm run package:server builds a .deb and an .rpm without Electron', () => {
    sh('bash', [
      join(projectRoot, 'scripts/package-server.sh'),
      hasCommand('rpmbuild') ? 'all' : 'deb',
    ]);
    const files = sh('dpkg-deb', ['--contents', deb]);
    expect(files).toMatch(/\.\/usr\/bin\/ja4ws$/m);
    expect(files).toMatch(/\.\/usr\/lib\/ja4ws\/dist\/main\/cli\/main\.js$/m);
    expect(files).toMatch(/\.\/usr\/lib\/ja4ws\/dist\/renderer\/index\.html$/m);
    expect(files).toMatch(/\.\/usr\/lib\/ja4ws\/node_modules\/@clickhouse\/client\//m);
    expect(files).toMatch(/\.\/lib\/systemd\/system\/ja4ws\.service$/m);
    expect(files).not.toMatch(/node_modules\/(electron|typescript|vite|vitest|esbuild)\//);
    expect(files).not.toMatch(/usr\/lib\/ja4ws\/dist\/.*\.map$/m);
    const control = sh('dpkg-deb', ['--field', deb]);
    expect(control).toMatch(/^Depends: nodejs \(>= 20\.19\)/m);
    expect(sh('dpkg-deb', ['--ctrl-tarfile', deb]).length).toBeGreaterThan(0);
    expect(
      execFileSync('sh', ['-c', `dpkg-deb -I ${deb} conffiles`], { encoding: 'utf8' }).trim(),
    ).toBe('/etc/ja4ws/config.yaml');
    if (!hasCommand('rpmbuild')) return;
    const rpmFiles = sh('rpm', ['-qpl', rpm]);
    expect(rpmFiles).toMatch(/^\/usr\/bin\/ja4ws$/m);
    expect(rpmFiles).toMatch(/^\/lib\/systemd\/system\/ja4ws\.service$/m);
    expect(rpmFiles).not.toMatch(/node_modules\/electron\//);
    expect(sh('rpm', ['-qpc', rpm]).trim()).toBe('/etc/ja4ws/config.yaml');
    const scripts = sh('rpm', ['-qp', '--scripts', rpm]);
    expect(scripts).toMatch(/preinstall scriptlet[\s\S]*useradd --system/);
    expect(scripts).toMatch(/postinstall scriptlet[\s\S]*setcap cap_net_raw,cap_net_admin=eip/);
    expect(scripts).toMatch(/preuninstall scriptlet[\s\S]*systemctl stop ja4ws\.service/);
    expect(sh('rpm', ['-qp', '--requires', rpm])).toMatch(/^nodejs >= 20\.19$/m);
  }, 600_000);

  it('dpkg -i: user, unit, conffile, capture grant; runs as ja4ws and captures on lo; remove and purge', async () => {
    sh('dpkg', ['-i', deb]);
    expect(sh('getent', ['passwd', 'ja4ws'])).toMatch(
      /^ja4ws:x:\d+:\d+:.*:\/var\/lib\/ja4ws:\/usr\/sbin\/nologin$/m,
    );
    expect(sh('dpkg-query', ['-W', '-f=${Conffiles}', 'ja4ws'])).toContain(
      '/etc/ja4ws/config.yaml',
    );
    expect(sh('getcap', ['/usr/lib/ja4ws/libexec/tcpdump'])).toMatch(
      /cap_net_admin,cap_net_raw=eip/,
    );
    const unit = readFileSync('/lib/systemd/system/ja4ws.service', 'utf8');
    expect(unit).toMatch(/^User=ja4ws$/m);
    expect(unit).toMatch(/^AmbientCapabilities=CAP_NET_RAW CAP_NET_ADMIN$/m);
    const execStart = /^ExecStart=(.*)$/m.exec(unit)![1]!.split(' ');
    expect(execStart[0]).toBe('/usr/bin/ja4ws');

    // A TLS server on lo for the capture to see.
    const dir = tempDataDir('ja4ws-pkg-tls-');
    const { key, cert } = selfSignedCert(dir);
    tls = createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (_q, s) =>
      s.end('ok'),
    );
    await new Promise<void>((r) => tls!.listen(0, '127.0.0.1', () => r()));
    const port = (tls.address() as { port: number }).port;

    // The unit's command line as the unit's user, with the test's settings over the packaged
    // config (environment, as a systemd drop-in would set them).
    daemon = spawn('runuser', ['-u', 'ja4ws', '--', ...execStart], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        JA4WS_DAEMON__PORT: '0',
        JA4WS_LOG_LEVEL: 'warn',
        JA4WS_CAPTURE__INTERFACES: '[lo]',
        JA4WS_CAPTURE__WORKER__FILTER: `tcp port ${port}`,
        JA4WS_CAPTURE__WORKER__STATS_INTERVAL_MS: '500',
      },
    });
    let out = '';
    daemon.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    daemon.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    const t0 = Date.now();
    let m: RegExpExecArray | null = null;
    while (!(m = /^ {2}UI: +(https?:\/\/\S+?)\/?$/m.exec(out))) {
      if (daemon.exitCode !== null) throw new Error(`daemon exited ${daemon.exitCode}:\n${out}`);
      if (Date.now() - t0 > 90_000) throw new Error(`daemon did not start within 90 s:\n${out}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const uid = Number(sh('id', ['-u', 'ja4ws']).trim());
    expect(readFileSync(`/proc/${daemonPid(daemon.pid!)}/status`, 'utf8')).toMatch(
      new RegExp(`^Uid:\\s+${uid}\\s`, 'm'),
    );
    const token = readFileSync('/var/lib/ja4ws/api-token', 'utf8').trim();
    const api = new HttpApiClient(m[1]!, () => token);
    const wait = async (what: string, f: () => Promise<boolean>) => {
      const end = Date.now() + 60_000;
      while (!(await f().catch(() => false))) {
        if (Date.now() > end) throw new Error(`timed out: ${what}\n${out}`);
        await new Promise((r) => setTimeout(r, 300));
      }
    };
    await wait(
      'capture running',
      async () => (await api.call('sensors.status', {})).captures[0]?.state === 'running',
    );
    await new Promise((r) => setTimeout(r, 500));
    const ports = await curlLocalPorts(port, ['/a', '/b', '/c']);
    await wait('three handshakes stored', async () => {
      const rows = (await api.call('handshakes.recent', { limit: 50 })).rows;
      return ports.every((p) => rows.some((r) => r.src_port === p && r.dst_port === port));
    });
    // SIGTERM to the daemon itself (runuser would re-raise a signal it got): a clean stop is 0.
    const exited = new Promise((r) => daemon!.once('exit', r));
    process.kill(daemonPid(daemon.pid!), 'SIGTERM');
    await exited;
    expect(daemon.exitCode, out).toBe(0);

    // Upgrade over itself keeps an edited config (conffile), remove keeps it, purge takes all.
    sh('sh', ['-c', 'echo "# edited by the admin" >> /etc/ja4ws/config.yaml']);
    sh('dpkg', ['-i', deb]);
    expect(readFileSync('/etc/ja4ws/config.yaml', 'utf8')).toContain('# edited by the admin');
    sh('dpkg', ['-r', 'ja4ws']);
    expect(existsSync('/usr/bin/ja4ws')).toBe(false);
    expect(existsSync('/lib/systemd/system/ja4ws.service')).toBe(false);
    expect(existsSync('/usr/lib/ja4ws')).toBe(false);
    expect(existsSync('/etc/ja4ws/config.yaml')).toBe(true);
    sh('dpkg', ['--purge', 'ja4ws']);
    expect(existsSync('/etc/ja4ws')).toBe(false);
    expect(existsSync('/var/lib/ja4ws')).toBe(false);
    expect(ok('getent', ['passwd', 'ja4ws'])).toBe(false);
  }, 300_000);
});

/** runuser forks: the daemon is its child (or runuser itself after exec). */
function daemonPid(runuserPid: number): number {
  const kids = spawnSync('pgrep', ['-P', String(runuserPid)], { encoding: 'utf8' }).stdout.trim();
  return kids ? Number(kids.split('\n')[0]) : runuserPid;
}
