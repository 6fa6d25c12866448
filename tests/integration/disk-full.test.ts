// A full disk is a state, not a crash: the real daemon on a small tmpfs (root only: mounting)
// takes request lines from two writers while the disk is filled to the last byte, stays up,
// shows the state in health and sensors, pauses intake (the writers block, nothing is read that
// could not be kept), and resumes by itself once space is freed: kept + counted lost = sent, and
// everything kept is in the store exactly once. Needs `npm run build:node`.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { blast, spawnDaemon, storedCounts } from '../support/load-daemon.js';
import { readFileSync } from 'node:fs';

const isRoot = process.getuid?.() === 0;
if (!isRoot) console.log('disk-full test skipped: mounting a tmpfs needs root');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let mnt: string | undefined;
afterAll(() => {
  if (!mnt) return;
  try {
    execFileSync('umount', ['-l', mnt]);
  } catch {
    /* already gone */
  }
  rmSync(mnt, { recursive: true, force: true });
});

/** Writes zeros until the filesystem refuses; returns the bytes written. */
function fill(file: string): number {
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(1024 * 1024);
  let n = 0;
  try {
    for (;;) {
      try {
        n += writeSync(fd, chunk);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
        // The last few KiB too.
        try {
          for (;;) n += writeSync(fd, chunk.subarray(0, 4096));
        } catch {
          return n;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
}

describe.skipIf(!isRoot)('disk full (daemon on a 192 MiB tmpfs)', () => {
  it('lives through a full disk, holds writers back, counts what it cannot keep, and recovers by itself', async () => {
    mnt = mkdtempSync(join(tmpdir(), 'ja4ws-diskfull-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=192m', 'ja4ws-diskfull', mnt]);
    const dataDir = join(mnt, 'data');
    const d = await spawnDaemon(dataDir, {
      JA4WS_DURABILITY__DISK__MIN_FREE_BYTES: String(2 * 1024 ** 2),
      JA4WS_DURABILITY__DISK__RESUME_FREE_BYTES: String(8 * 1024 ** 2),
      JA4WS_DURABILITY__DISK__PROBE_MS: '100',
    });
    const url = /^ {2}UI: +(https?:\/\/\S+?)\/?$/m.exec(d.output())![1]!;
    const token = readFileSync(join(dataDir, 'api-token'), 'utf8').trim();
    const call = async <T>(op: string): Promise<T> => {
      const res = await fetch(`${url}/api/v1/${op}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: '{}',
      });
      expect(res.status).toBe(200);
      return (await res.json()) as T;
    };
    type Health = { parts: Array<{ name: string; state: string; detail?: string }> };
    type Sensors = {
      ingest: Array<{ name: string; linesOk: number }>;
      writers: Array<{
        table: string;
        spooling: boolean;
        rowsQueued: number;
        rowsRejected: number;
      }>;
      durability: {
        diskFull: boolean;
        paused: boolean;
        captureDroppedDiskFull: number;
        unjournaled: number;
      };
    };
    const disk = async () =>
      (await call<Health>('health.status')).parts.find((p) => p.name === 'disk');

    // The writers send until told to stop (bounded): with a fixed count, a quiet machine had sent
    // every line before the disk filled, and "held back" could not be seen.
    const PER_WRITER = 2_000_000;
    const writers = [0, 1].map((w) => blast(join(dataDir, 'http.socket'), w, PER_WRITER));
    await sleep(1_500);
    const filler = join(mnt, 'filler');
    const filled = fill(filler);
    expect(filled).toBeGreaterThan(100 * 1024 ** 2);

    // The state is seen, the daemon lives, and intake stops taking lines.
    const t0 = Date.now();
    while ((await disk())?.state !== 'down') {
      if (Date.now() - t0 > 20_000) throw new Error(`no disk alarm:\n${d.output().slice(-3000)}`);
      await sleep(100);
    }
    const during = await call<Sensors>('sensors.status');
    expect(during.durability.diskFull).toBe(true);
    expect(during.durability.paused).toBe(true);
    // The pause reaches the correlation worker (its own process) as a frame and its counters come
    // back every 250 ms: the figure settles within a round trip, then must not move.
    const linesOk = async () =>
      (await call<Sensors>('sensors.status')).ingest.find((s) => s.name === 'http.socket')!.linesOk;
    let readAtPause = during.ingest.find((s) => s.name === 'http.socket')!.linesOk;
    for (let i = 0; i < 20; i++) {
      await sleep(500);
      const now = await linesOk();
      if (now === readAtPause) break;
      readAtPause = now;
    }
    await sleep(3_000);
    expect(d.process.exitCode).toBeNull();
    const stillFull = await call<Sensors>('sensors.status');
    // Nothing more was read while full: the writers are blocked in the kernel, not dropped.
    expect(stillFull.ingest.find((s) => s.name === 'http.socket')!.linesOk).toBe(readAtPause);
    // ...and the writers are held back: once the socket buffers are full nothing more is taken.
    const sentWhileFull = writers.reduce((n, w) => n + w.confirmed(), 0);
    await sleep(1_000);
    expect(writers.reduce((n, w) => n + w.confirmed(), 0)).toBe(sentWhileFull);
    expect(sentWhileFull).toBeLessThan(2 * PER_WRITER);
    expect(d.output()).toMatch(/disk full: intake paused/);
    const metrics = await (
      await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } })
    ).text();
    expect(metrics).toMatch(/^ja4ws_disk_full 1$/m);

    // Space returns: everything resumes by itself.
    unlinkSync(filler);
    const t1 = Date.now();
    while ((await disk())?.state !== 'ok') {
      if (Date.now() - t1 > 30_000) throw new Error(`did not recover:\n${d.output().slice(-3000)}`);
      await sleep(100);
    }
    // Intake resumed: the writers get going again, then stop; what they sent is the truth.
    const t3 = Date.now();
    while (writers.reduce((n, w) => n + w.confirmed(), 0) === sentWhileFull) {
      if (Date.now() - t3 > 30_000) throw new Error('writers still blocked after recovery');
      await sleep(100);
    }
    for (const w of writers) w.stop();
    const sent = (await Promise.all(writers.map((w) => w.done))).reduce((a, b) => a + b, 0);
    expect(sent).toBeGreaterThan(sentWhileFull);
    const t2 = Date.now();
    let after: Sensors;
    for (;;) {
      after = await call<Sensors>('sensors.status');
      // Read, and out of memory and spool into the database.
      if (
        after.ingest.find((s) => s.name === 'http.socket')!.linesOk === sent &&
        after.writers.every((w) => !w.spooling && w.rowsQueued === 0)
      )
        break;
      if (Date.now() - t2 > 60_000) throw new Error('lines not all read after recovery');
      await sleep(200);
    }
    const lost = after.durability.captureDroppedDiskFull;
    expect(after.writers.every((w) => w.rowsRejected === 0)).toBe(true);
    d.process.kill('SIGTERM');
    expect(await d.exited).toBe(0);
    const counts = await storedCounts(dataDir);
    console.log(
      `disk full: sent ${sent}, kept ${counts.requests}, counted lost ${lost}, ` +
        `unjournaled (kept, not replayable) ${after.durability.unjournaled}, filled ${filled} bytes`,
    );
    expect(counts.requests + lost).toBe(sent);
    expect(counts.requestsDistinct).toBe(counts.requests);
    expect(counts.logs).toBe(counts.requests);
  }, 240_000);
});
