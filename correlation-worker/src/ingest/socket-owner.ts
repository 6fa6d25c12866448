// Which process holds a listening UNIX socket, so that "in use" can name it: /proc/net/unix maps
// the path to the socket's inode, and the process whose /proc/<pid>/fd has "socket:[inode]" holds
// it. Best effort: another user's processes are unreadable without root, other systems have no
// /proc; then the answer is undefined and the message says the PID is unknown.
import { readdir, readFile, readlink } from 'node:fs/promises';

export interface SocketOwner {
  pid: number;
  /** The command line, arguments joined by spaces (shortened). */
  command: string;
}

/** Inodes of the listening sockets bound to `path` (column 7 of /proc/net/unix, path last). */
async function inodesOf(path: string): Promise<Set<string>> {
  const text = await readFile('/proc/net/unix', 'utf8');
  const out = new Set<string>();
  for (const line of text.split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    if (cols.length >= 8 && cols.slice(7).join(' ') === path) out.add(cols[6]!);
  }
  return out;
}

export async function socketOwner(path: string): Promise<SocketOwner | undefined> {
  try {
    const inodes = await inodesOf(path);
    if (inodes.size === 0) return undefined;
    const wanted = new Set([...inodes].map((i) => `socket:[${i}]`));
    for (const entry of await readdir('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let fds: string[];
      try {
        fds = await readdir(`/proc/${entry}/fd`);
      } catch {
        continue; // gone, or not ours to read
      }
      for (const fd of fds) {
        let target: string;
        try {
          target = await readlink(`/proc/${entry}/fd/${fd}`);
        } catch {
          continue;
        }
        if (!wanted.has(target)) continue;
        const cmd = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
        const command = cmd.split('\0').filter(Boolean).join(' ');
        return {
          pid: Number(entry),
          command: command.length > 120 ? `${command.slice(0, 117)}...` : command,
        };
      }
    }
  } catch {
    // no /proc/net/unix: not Linux, or /proc not mounted
  }
  return undefined;
}
