// Only the capture worker is privileged. This decides, before opening anything, whether capture
// can work, and if not prints the one command that fixes it:
// - daemon: systemd gives the worker CAP_NET_RAW/CAP_NET_ADMIN as ambient capabilities
//   (build/ja4ws.service); tcpdump inherits them across exec.
// - desktop: a one-time grant (pkexec) puts file capabilities on a private copy of the runtime
//   the worker uses: node for the `cap` source, tcpdump for the `tcpdump` source.
import { execFileSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';

export const CAP_NET_ADMIN = 12;
export const CAP_NET_RAW = 13;

/** Where the desktop grant installs the privileged copies (root-owned, not user-writable). */
export const GRANT_DIR = '/usr/local/lib/ja4ws';
export const GRANTED_NODE = `${GRANT_DIR}/node-capture`;
export const GRANTED_TCPDUMP = `${GRANT_DIR}/tcpdump-capture`;

export interface ProcCaps {
  uid: number;
  effective: bigint;
  ambient: bigint;
}

export function parseProcStatusCaps(status: string): ProcCaps {
  const field = (name: string): string | undefined =>
    new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(status)?.[1];
  const uid = Number((field('Uid') ?? '-1').split(/\s+/)[1] ?? -1);
  const hex = (name: string): bigint => {
    const v = field(name);
    return v ? BigInt(`0x${v.trim()}`) : 0n;
  };
  return { uid, effective: hex('CapEff'), ambient: hex('CapAmb') };
}

export function readProcCaps(path = '/proc/self/status'): ProcCaps {
  return parseProcStatusCaps(readFileSync(path, 'utf8'));
}

export function hasCaps(mask: bigint): boolean {
  const need = (1n << BigInt(CAP_NET_RAW)) | (1n << BigInt(CAP_NET_ADMIN));
  return (mask & need) === need;
}

/** File capabilities of a binary as `getcap` prints them ("" when none or getcap is missing). */
export function fileCaps(path: string): string {
  try {
    return execFileSync('getcap', [path], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return '';
  }
}

export function fileHasCaps(getcapOutput: string): boolean {
  const flags = /[=+]([eip]+)\s*$/.exec(getcapOutput)?.[1] ?? '';
  return (
    /cap_net_admin/.test(getcapOutput) &&
    /cap_net_raw/.test(getcapOutput) &&
    flags.includes('e') &&
    flags.includes('p')
  );
}

export interface PrivilegeVerdict {
  ok: boolean;
  /** Why capture can (or cannot) open the interface. */
  reason: string;
  /** Exact command that grants what is missing. */
  remedy?: string;
}

function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The one-time desktop grant: a root-owned copy of `binary`, runnable only by `gid`, with the two capabilities. */
export function grantCommand(binary: string, target: string, gid: number): string {
  const inner = `install -D -o root -g ${gid} -m 0750 ${shellQuote(binary)} ${target} && setcap cap_net_raw,cap_net_admin=eip ${target}`;
  return `pkexec /bin/sh -c ${shellQuote(inner)}`;
}

export interface PrivilegeInput {
  source: 'cap' | 'tcpdump';
  caps: ProcCaps;
  gid: number;
  /** The node binary running this worker. */
  execPath: string;
  /** The tcpdump binary the tcpdump source will run. */
  tcpdumpPath: string;
  /** Its absolute path and getcap output; computed only when needed (each is a lookup or exec). */
  tcpdumpResolved: string | (() => string);
  tcpdumpFileCaps: string | (() => string);
}

const val = (v: string | (() => string)): string => (typeof v === 'function' ? v() : v);

export function checkPrivileges(i: PrivilegeInput): PrivilegeVerdict {
  const daemonHint =
    'for the daemon, run it from build/ja4ws.service (AmbientCapabilities=CAP_NET_RAW CAP_NET_ADMIN); for the desktop, run once: ';
  if (i.source === 'cap') {
    if (i.caps.uid === 0 && hasCaps(i.caps.effective))
      return { ok: true, reason: 'running as root' };
    if (hasCaps(i.caps.effective))
      return { ok: true, reason: 'worker runtime has CAP_NET_RAW and CAP_NET_ADMIN' };
    return {
      ok: false,
      reason: `the capture worker (${i.execPath}, uid ${i.caps.uid}) lacks CAP_NET_RAW and CAP_NET_ADMIN needed to open the interface`,
      remedy: daemonHint + grantCommand(i.execPath, GRANTED_NODE, i.gid),
    };
  }
  if (i.caps.uid === 0 && hasCaps(i.caps.effective))
    return {
      ok: true,
      reason: 'running as root; tcpdump drops to an unprivileged user after opening',
    };
  if (hasCaps(i.caps.ambient))
    return { ok: true, reason: 'ambient CAP_NET_RAW and CAP_NET_ADMIN are inherited by tcpdump' };
  const caps = val(i.tcpdumpFileCaps);
  if (fileHasCaps(caps))
    return { ok: true, reason: `${i.tcpdumpPath} carries file capabilities (${caps})` };
  return {
    ok: false,
    reason: `tcpdump (${i.tcpdumpPath}) would run as uid ${i.caps.uid} without CAP_NET_RAW and CAP_NET_ADMIN`,
    remedy:
      daemonHint +
      grantCommand(val(i.tcpdumpResolved), GRANTED_TCPDUMP, i.gid) +
      ` (then set capture.tcpdumpPath to ${GRANTED_TCPDUMP})`,
  };
}

/** Absolute path of `bin` on PATH (or as given when it has a slash). */
export function resolveBinary(
  bin: string,
  path = process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin',
): string {
  if (bin.includes('/')) return bin;
  for (const dir of path.split(':')) {
    if (dir === '') continue;
    try {
      accessSync(`${dir}/${bin}`, constants.X_OK);
      return `${dir}/${bin}`;
    } catch {
      // not in this directory
    }
  }
  return bin;
}
