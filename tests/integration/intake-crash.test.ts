// Durable intake against the real daemon (dist): request lines stream into http.socket from four
// writers while the daemon is killed with SIGKILL, or stopped with SIGTERM.
//  - kill -9: every line the daemon had read (its journal's last sequence, read back at restart)
//    is stored after the restart, exactly once, in http_requests and http_logs. What is lost is
//    only what was still unread in the kernel's socket buffers, which no server-side journal can
//    see (the figure is printed).
//  - SIGTERM: the daemon reads what the writers had sent (they stop when it half-closes), so
//    stored == sent, exactly.
// Needs `npm run build:node`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { blast, logLines, spawnDaemon, storedCounts } from '../support/load-daemon.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'ja4ws-intake-'));
  dirs.push(d);
  return d;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const WRITERS = 4;

async function killUnderLoad(env: Record<string, string>) {
  const dataDir = tmp();
  const a = await spawnDaemon(dataDir, env);
  // Writers that ask for acknowledgements: "acked" is what the daemon confirmed it had taken.
  const blasters = Array.from({ length: WRITERS }, (_, w) =>
    blast(join(dataDir, 'http.socket'), w, 10_000_000, { ack: true }),
  );
  await sleep(3_000);
  a.process.kill('SIGKILL');
  await a.exited;
  const sent = (await Promise.all(blasters.map((b) => b.done))).reduce((x, y) => x + y, 0);
  const acked = blasters.reduce((n, b) => n + b.acked(), 0);
  // Restart on the same data directory: the journal replays; a clean stop flushes everything.
  const b = await spawnDaemon(dataDir, env);
  // The ingest journal is the correlation worker's (main's own journals capture records).
  const opened = logLines(b.output()).find(
    (l) => l.code === 'journal.open' && l.journal === 'ingest',
  );
  b.process.kill('SIGTERM');
  expect(await b.exited, b.output().slice(-3000)).toBe(0);
  const counts = await storedCounts(dataDir);
  const read = typeof opened?.lastSeq === 'number' ? opened.lastSeq : undefined;
  const replay = logLines(b.output()).find(
    (l) => l.msg === 'intake journal replayed after an unclean stop',
  );
  return { sent, acked, read, counts, replay, output: b.output() };
}

describe('durable intake (daemon)', () => {
  it('kill -9 under load: every line the daemon read is stored once after the restart', async () => {
    const r = await killUnderLoad({});
    console.log(
      `kill -9 with journal: sent ${r.sent}, acknowledged ${r.acked}, read by the daemon ${r.read}, stored ${r.counts.requests} ` +
        `(http_logs ${r.counts.logs}); lost ${r.sent - r.counts.requests} ` +
        `(${(((r.sent - r.counts.requests) / r.sent) * 100).toFixed(2)}%), all unread in socket buffers: ${r.sent - (r.read ?? 0)}; replay ${JSON.stringify(r.replay)}`,
    );
    expect(r.sent).toBeGreaterThan(2_000);
    expect(r.read).toBeGreaterThan(0);
    // Every line the daemon acknowledged is stored: a writer that resends what was not
    // acknowledged loses nothing.
    expect(r.acked).toBeGreaterThan(0);
    expect(r.counts.requests).toBeGreaterThanOrEqual(r.acked);
    // Nothing doubled by the replay, in either table.
    expect(r.counts.requests).toBe(r.counts.requestsDistinct);
    expect(r.counts.logs).toBe(r.counts.logsDistinct);
    // Everything the daemon had read is stored (lines read in the very turn of the kill were not
    // yet journaled: at most one event-loop turn of reads).
    expect(r.counts.requests).toBeGreaterThanOrEqual(r.read!);
    expect(r.counts.requests).toBeLessThanOrEqual(r.sent);
    expect(r.counts.logs).toBe(r.counts.requests);
  }, 240_000);

  it('SIGTERM under load: every line the writers sent is stored (the socket buffers are drained)', async () => {
    const dataDir = tmp();
    // A pipe to main of 1 KiB keeps the sockets paused for pressure most of the time, as a loaded
    // machine did in CI: the stop must still read what the writers already sent.
    const a = await spawnDaemon(dataDir, { JA4WS_INGEST__MAIN_PIPE_BYTES: '1024' });
    const blasters = Array.from({ length: WRITERS }, (_, w) =>
      blast(join(dataDir, 'http.socket'), w),
    );
    await sleep(3_000);
    a.process.kill('SIGTERM');
    const code = await a.exited;
    const sent = (await Promise.all(blasters.map((b) => b.done))).reduce((x, y) => x + y, 0);
    expect(code, a.output().slice(-2000)).toBe(0);
    const counts = await storedCounts(dataDir);
    console.log(`SIGTERM: sent ${sent}, stored ${counts.requests} (http_logs ${counts.logs})`);
    expect(sent).toBeGreaterThan(2_000);
    expect(counts.requests).toBe(sent);
    expect(counts.requestsDistinct).toBe(sent);
    expect(counts.logs).toBe(sent);
  }, 240_000);
});
