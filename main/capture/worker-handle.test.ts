import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaptureWorkerHandle, type WorkerHealth } from './worker-handle.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('worker supervision without capture', () => {
  it('a runtime that dies at once is restarted with growing delays and reported as a crash loop', async () => {
    const codes: string[] = [];
    const states: WorkerHealth['state'][] = [];
    // /bin/false stands in for a worker runtime that crashes on start (exit code 1).
    const h = new CaptureWorkerHandle({
      name: 'crashy',
      config: { iface: 'lo' },
      nodePath: '/bin/false',
      backoff: { initialMs: 10, factor: 2, maxMs: 200, loopCrashes: 4, loopWindowMs: 60_000 },
      onLog: (m) => codes.push(m.code),
      onStateChange: (s) => states.push(s.state),
    });
    await h.start();
    const end = Date.now() + 10_000;
    while (h.health().state !== 'crash-loop' && Date.now() < end) await sleep(10);
    const health = h.health();
    expect(health.state).toBe('crash-loop');
    expect(health.totals.crashes).toBeGreaterThanOrEqual(4);
    expect(health.totals.restarts).toBe(health.totals.crashes - 1);
    expect(health.lastExit?.code).toBe(1);
    expect(health.nextRestartInMs).not.toBeNull();
    expect(codes).toContain('capture.worker_died');
    expect(codes).toContain('capture.crash_loop');
    expect(states).toContain('backoff');
    // Stop during the backoff wait: no further restart happens.
    await h.stop();
    const crashes = h.health().totals.crashes;
    await sleep(400);
    expect(h.health().state).toBe('stopped');
    expect(h.health().totals.crashes).toBe(crashes);
  });

  it('a worker that reports a permanent error is not restarted', async () => {
    const h = new CaptureWorkerHandle({
      name: 'bad',
      config: { iface: 'lo', source: 'file', filter: 'tcp' },
    });
    // `file` source on "lo": not a file, so the worker exits 78 with the reader's message.
    await h.start();
    const end = Date.now() + 15_000;
    while (h.health().state !== 'failed' && Date.now() < end) await sleep(20);
    const health = h.health();
    expect(health.state).toBe('failed');
    expect(health.lastError).toMatch(/lo/);
    expect(health.totals.restarts).toBe(0);
    await h.stop();
  });

  it('stop() escalates to SIGKILL when the worker ignores SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stubborn-'));
    const script = join(dir, 'stubborn.sh');
    // A runtime that ignores SIGTERM and never says hello.
    writeFileSync(script, "#!/bin/sh\ntrap '' TERM\nwhile :; do sleep 0.05; done\n");
    chmodSync(script, 0o755);
    const h = new CaptureWorkerHandle({
      name: 'stubborn',
      config: { iface: 'lo' },
      nodePath: script,
      stopTimeoutMs: 300,
    });
    await h.start();
    await sleep(200);
    expect(h.health().state).toBe('starting');
    const t0 = Date.now();
    await h.stop();
    const took = Date.now() - t0;
    rmSync(dir, { recursive: true, force: true });
    expect(h.health().state).toBe('stopped');
    expect(h.health().lastExit?.signal).toBe('SIGKILL');
    expect(took).toBeGreaterThanOrEqual(250);
    expect(h.health().totals.restarts).toBe(0);
  });
});
