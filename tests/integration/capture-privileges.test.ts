// Privileges for real: an unprivileged user (nobody) gets the exact grant command from the
// worker; after the package's after-install grant (build/linux/after-install.sh, pointed at a
// temporary directory) the same user captures on lo through the capability-carrying tcpdump copy.
// Needs root to switch users and set file capabilities; skipped with the reason otherwise.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { WorkerMessage } from '../../common/events/worker.js';
import { FrameDecoder } from '../../capture-worker/src/channel/frame.js';
import { workerArgs, type WorkerConfigInput } from '../../capture-worker/src/worker/config.js';
import { prepareWorkerEntry } from '../../main/capture/entry.js';

const NOBODY = 65534;
const isRoot = process.getuid?.() === 0;
let skip = isRoot ? '' : 'needs root to switch to an unprivileged user and set file capabilities';
if (!skip) {
  try {
    execFileSync(
      '/bin/sh',
      ['-c', 'command -v setpriv && command -v setcap && command -v getcap && command -v tcpdump'],
      { stdio: 'ignore' },
    );
  } catch {
    skip = 'setpriv, setcap, getcap or tcpdump missing';
  }
}
if (skip) console.log(`capture-privileges: skipped: ${skip}`);

const dir = mkdtempSync(join(tmpdir(), 'capture-grant-'));
chmodSync(dir, 0o755);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface RunResult {
  code: number | null;
  stderr: string;
  messages: WorkerMessage[];
}

/** The worker as uid/gid nobody, no supplementary groups, no capabilities of its own. */
async function runAsNobody(
  cfg: WorkerConfigInput,
  whileRunning?: () => Promise<void>,
  node = process.execPath,
): Promise<RunResult> {
  const { entry, execArgv } = await prepareWorkerEntry();
  const child = spawn(
    'setpriv',
    [
      `--reuid=${NOBODY}`,
      `--regid=${NOBODY}`,
      '--clear-groups',
      node,
      ...execArgv,
      entry,
      ...workerArgs(cfg),
    ],
    {
      stdio: ['pipe', 'ignore', 'pipe', 'pipe'],
      cwd: process.cwd(),
    },
  );
  const messages: WorkerMessage[] = [];
  let stderr = '';
  const dec = new FrameDecoder(
    (p) => messages.push(JSON.parse(p.toString('utf8')) as WorkerMessage),
    (e) => {
      throw e;
    },
  );
  (child.stdio[3] as NodeJS.ReadableStream).on('data', (c: Buffer) => dec.push(c));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const closed = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  if (whileRunning) {
    const end = Date.now() + 15_000;
    while (!messages.some((m) => m.t === 'hello' || m.t === 'fatal') && Date.now() < end)
      await new Promise((r) => setTimeout(r, 20));
    if (messages.some((m) => m.t === 'hello')) await whileRunning();
    child.kill('SIGTERM');
  }
  return { code: await closed, stderr, messages };
}

describe.skipIf(skip !== '')('capture privileges', () => {
  it('without privileges the worker refuses with the exact command that grants them', async () => {
    const r = await runAsNobody({ iface: 'lo', filter: 'tcp port 9', source: 'tcpdump' });
    expect(r.code).toBe(78);
    const fatal = r.messages.find((m) => m.t === 'fatal');
    expect(fatal).toMatchObject({ code: 'capture.no_privileges' });
    const remedy = (fatal as { remedy?: string }).remedy!;
    const tcpdump = execFileSync('/bin/sh', ['-c', 'command -v tcpdump'], {
      encoding: 'utf8',
    }).trim();
    expect(remedy).toContain(
      `pkexec /bin/sh -c 'install -D -o root -g ${NOBODY} -m 0750 ${tcpdump} /usr/local/lib/ja4ws/tcpdump-capture && setcap cap_net_raw,cap_net_admin=eip /usr/local/lib/ja4ws/tcpdump-capture'`,
    );
    expect(r.stderr).toContain('fix: ');

    const c = await runAsNobody({ iface: 'lo', filter: 'tcp port 9', source: 'cap' });
    expect(c.code).toBe(78);
    expect((c.messages.find((m) => m.t === 'fatal') as { remedy?: string }).remedy).toContain(
      '/usr/local/lib/ja4ws/node-capture',
    );
  });

  it('after the package grant the unprivileged user captures through the tcpdump copy', async () => {
    const out = execFileSync('sh', ['build/linux/after-install.sh'], {
      encoding: 'utf8',
      env: { ...process.env, JA4WS_GRANT_DIR: dir, JA4WS_CAPTURE_GROUP: 'nogroup' },
    });
    expect(out).toContain(`granted CAP_NET_RAW,CAP_NET_ADMIN to ${dir}/tcpdump-capture`);
    expect(execFileSync('getcap', [join(dir, 'tcpdump-capture')], { encoding: 'utf8' })).toMatch(
      /cap_net_admin,cap_net_raw=eip/,
    );

    expect(execFileSync('getcap', [join(dir, 'node-capture')], { encoding: 'utf8' })).toMatch(
      /cap_net_admin,cap_net_raw=eip/,
    );

    const server = createServer((s) => s.end('x'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const traffic = async (): Promise<void> => {
      for (let i = 0; i < 3; i++) {
        await new Promise<void>((res) => {
          const s = connect(port, '127.0.0.1');
          s.on('data', () => undefined);
          s.on('close', () => res());
        });
      }
      await new Promise((res) => setTimeout(res, 600));
    };
    const base = { iface: 'lo', filter: `tcp port ${port}`, statsIntervalMs: 200 };
    const viaTcpdump = await runAsNobody(
      { ...base, source: 'tcpdump', tcpdumpPath: join(dir, 'tcpdump-capture') },
      traffic,
    );
    // The `cap` source: the worker itself runs on the granted node copy.
    const viaCap = await runAsNobody(
      { ...base, source: 'cap' },
      traffic,
      join(dir, 'node-capture'),
    );
    server.close();
    for (const [r, source] of [
      [viaTcpdump, 'tcpdump'],
      [viaCap, 'cap'],
    ] as const) {
      expect(r.messages.find((m) => m.t === 'fatal')).toBeUndefined();
      expect(r.messages.find((m) => m.t === 'hello')).toMatchObject({ source, iface: 'lo' });
      const last = r.messages.filter((m) => m.t === 'stats').at(-1) as {
        packets: number;
        final: boolean;
      };
      expect(last.final).toBe(true);
      expect(last.packets).toBeGreaterThanOrEqual(9);
      expect(r.code).toBe(0);
    }
  });
});
