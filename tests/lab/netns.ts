// The lab's network: one server namespace and one namespace per client, each joined by a veth pair
// (MTU 1500) to a bridge in the root namespace. The daemon stays in the root namespace and
// captures on the root end of the server's veth, so it sees exactly what reaches the server. Every
// name starts with `j4lab` plus a run id, so two runs (test and benchmark) never collide, and
// teardown removes every name of its run even after a failure.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';

export const LAB_PREFIX = 'j4lab';
export const LAB_HOST = 'lab.ja4ws.test';
const MTU = 1500;

function ip(args: string[]): void {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 10_000 });
}

function ipQuiet(args: string[]): void {
  spawnSync('ip', args, { stdio: 'ignore', timeout: 10_000 });
}

export interface LabNode {
  /** Network namespace name. */
  ns: string;
  /** Address inside the namespace. */
  addr: string;
  /** Root-namespace end of the veth (a bridge port). */
  hostIf: string;
}

export interface LabNet {
  id: string;
  bridge: string;
  server: LabNode;
  clients: Map<string, LabNode>;
  /** argv prefix that runs a command inside a namespace. */
  exec: (ns: string) => string[];
  teardown: () => void;
}

/** Why the lab cannot run here, or '' when it can. */
export function labSkipReason(): string {
  if (process.getuid?.() !== 0) return 'not root (network namespaces and capture need root)';
  const probe = `${LAB_PREFIX}probe${process.pid % 1000}`;
  const r = spawnSync('ip', ['netns', 'add', probe], { encoding: 'utf8', timeout: 10_000 });
  if (r.status !== 0)
    return `no network namespace support (ip netns add: ${(r.stderr || r.error?.message || '').trim()})`;
  ipQuiet(['netns', 'del', probe]);
  return '';
}

/** A run id of two base-36 characters, unique among the runs alive on this machine. */
function runId(): string {
  return (process.pid % 1296).toString(36).padStart(2, '0');
}

/** Removes every namespace, interface and hosts file of run `id` (or of every run with `all`). */
export function cleanupLab(id: string): void {
  const pre = `${LAB_PREFIX}${id}`;
  const nsList = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout ?? '';
  for (const line of nsList.split('\n').slice(0, 1000)) {
    const name = line.split(' ')[0] ?? '';
    if (name.startsWith(pre)) ipQuiet(['netns', 'del', name]);
  }
  const links = spawnSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' }).stdout ?? '';
  for (const line of links.split('\n').slice(0, 5000)) {
    const m = /^\d+: ([^:@]+)/.exec(line);
    if (m?.[1]?.startsWith(pre)) ipQuiet(['link', 'del', m[1]]);
  }
  if (existsSync('/etc/netns')) {
    for (const d of readdirSync('/etc/netns').slice(0, 1000)) {
      if (d.startsWith(pre)) rmSync(`/etc/netns/${d}`, { recursive: true, force: true });
    }
  }
}

function addNode(id: string, name: string, addr: string, bridge: string): LabNode {
  const ns = `${LAB_PREFIX}${id}${name}`;
  // Interface names are at most 15 characters: j4lab + id (2) + name (<= 5) + h|n.
  const hostIf = `${ns}h`;
  const nsIf = `${ns}n`;
  ip(['netns', 'add', ns]);
  ip(['link', 'add', hostIf, 'mtu', String(MTU), 'type', 'veth', 'peer', 'name', nsIf]);
  ip(['link', 'set', nsIf, 'netns', ns]);
  ip(['link', 'set', hostIf, 'master', bridge, 'up']);
  ip(['-n', ns, 'link', 'set', 'lo', 'up']);
  ip(['-n', ns, 'link', 'set', nsIf, 'mtu', String(MTU), 'up']);
  ip(['-n', ns, 'addr', 'add', `${addr}/24`, 'dev', nsIf]);
  return { ns, addr, hostIf };
}

/**
 * Builds the lab: `clientNames` (<= 5 characters each) get one namespace each. The lab host name
 * maps to the server in every namespace's /etc/hosts (ip netns exec bind-mounts
 * /etc/netns/<ns>/hosts), the way a resolver would give it.
 */
export function createLab(clientNames: readonly string[]): LabNet {
  const id = runId();
  cleanupLab(id);
  const bridge = `${LAB_PREFIX}${id}br`;
  const teardown = (): void => cleanupLab(id);
  // A crash or Ctrl-C must not leave namespaces behind.
  process.once('exit', teardown);
  try {
    ip(['link', 'add', bridge, 'mtu', String(MTU), 'type', 'bridge']);
    ip(['link', 'set', bridge, 'up']);
    const subnet = '198.18.4';
    const server = addNode(id, 'srv', `${subnet}.1`, bridge);
    const clients = new Map<string, LabNode>();
    clientNames.forEach((c, i) => {
      if (c.length > 5 || !/^[a-z0-9]+$/.test(c))
        throw new Error(`lab client name ${c}: 1-5 of a-z0-9`);
      if (i > 200) throw new Error('at most 200 lab clients');
      clients.set(c, addNode(id, c, `${subnet}.${10 + i}`, bridge));
    });
    for (const node of [server, ...clients.values()]) {
      mkdirSync(`/etc/netns/${node.ns}`, { recursive: true });
      writeFileSync(
        `/etc/netns/${node.ns}/hosts`,
        `127.0.0.1 localhost\n${server.addr} ${LAB_HOST}\n`,
      );
    }
    return {
      id,
      bridge,
      server,
      clients,
      exec: (ns) => ['ip', 'netns', 'exec', ns],
      teardown: () => {
        process.removeListener('exit', teardown);
        teardown();
      },
    };
  } catch (err) {
    teardown();
    throw err;
  }
}
