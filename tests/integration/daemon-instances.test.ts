// Two daemons on one machine (issue 17): started as a person would, with different data
// directories and no socket settings, each gets its own ingest sockets (as root
// /run/ja4ws/<instance>/, otherwise its data directory), held by its own correlation worker (a
// child process of that daemon). A third one told to use the first one's socket refuses to start,
// naming the path, the PID that holds it and the setting that moves it. Needs the built CLI (npm
// run build:node).
import { readFileSync, rmdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { socketOwner } from '../../correlation-worker/src/ingest/socket-owner.js';
import { ingestSocketDir } from '../../main/daemon/paths.js';
import { type RunningDaemon, removeDir, startDaemon, tempDataDir } from '../support/daemon.js';

// The daemon chooses its own sockets: none of the test support's overrides.
const ownSockets = {
  JA4WS_INGEST__HTTP_SOCKET: undefined,
  JA4WS_INGEST__NETWORK_SOCKET: undefined,
};
const isRoot = process.getuid?.() === 0;
const dirs = [
  tempDataDir('ja4ws-inst-a-'),
  tempDataDir('ja4ws-inst-b-'),
  tempDataDir('ja4ws-inst-c-'),
];
const daemons: RunningDaemon[] = [];

/** The parent of a process (field 4 of /proc/<pid>/stat, after the parenthesised command). */
function parentPid(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

beforeAll(async () => {
  for (const d of dirs.slice(0, 2)) daemons.push(await startDaemon(d, [], ownSockets));
}, 120_000);

afterAll(async () => {
  for (const d of daemons) await d.stop();
  for (const d of dirs) {
    removeDir(d);
    // The per-instance directory under /run/ja4ws is left empty by a clean stop.
    if (isRoot) {
      try {
        rmdirSync(ingestSocketDir(d));
      } catch {
        // not created (daemon c) or already gone
      }
    }
  }
});

describe('two daemons on one machine', () => {
  it("each has its own http.socket and network.socket, held by its own daemon's worker", async () => {
    const seen = new Set<string>();
    for (const d of daemons) {
      const dir = ingestSocketDir(d.dataDir);
      if (isRoot) expect(dirname(dir)).toBe('/run/ja4ws');
      else expect(dir).toBe(d.dataDir);
      for (const name of ['http.socket', 'network.socket']) {
        const path = join(dir, name);
        expect(statSync(path).isSocket(), path).toBe(true);
        expect(parentPid((await socketOwner(path))?.pid), path).toBe(d.process.pid);
        seen.add(path);
      }
    }
    expect(seen.size).toBe(4);
  });

  it("a third daemon told to use the first one's socket refuses, naming path, PID and setting", async () => {
    const taken = join(ingestSocketDir(daemons[0]!.dataDir), 'http.socket');
    let failure = '';
    try {
      daemons.push(
        await startDaemon(dirs[2]!, [], { ...ownSockets, JA4WS_INGEST__HTTP_SOCKET: taken }),
      );
    } catch (e) {
      failure = String(e);
    }
    const holder = (await socketOwner(taken))?.pid;
    // The first daemon still owns it (its correlation worker), and the refusal names that process.
    expect(parentPid(holder)).toBe(daemons[0]!.process.pid);
    expect(failure).toContain(`${taken} is in use by process ${holder} (`);
    expect(failure).toContain('set ingest.httpSocket (JA4WS_INGEST__HTTP_SOCKET) to another path');
  });
});
