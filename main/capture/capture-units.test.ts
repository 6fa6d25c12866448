import { describe, expect, it } from 'vitest';
import type { WorkerStats } from '../../common/events/worker.js';
import { Backoff } from './backoff.js';
import { RestartSafeCounters } from './counters.js';

describe('restart backoff', () => {
  it('doubles up to the cap, resets after a stable run, and flags a crash loop', () => {
    const b = new Backoff({
      initialMs: 100,
      maxMs: 1000,
      factor: 2,
      resetAfterMs: 10_000,
      loopCrashes: 4,
      loopWindowMs: 60_000,
    });
    const delays = [0, 1, 2, 3, 4, 5].map((i) => b.crashed(i * 1000, 500));
    expect(delays).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(b.inCrashLoop(5000)).toBe(true);
    expect(b.inCrashLoop(5000 + 61_000)).toBe(false);
    expect(b.crashed(200_000, 20_000)).toBe(100);
  });
});

function stats(p: Partial<WorkerStats>): WorkerStats {
  return {
    t: 'stats',
    uptimeMs: 1,
    final: false,
    packets: 0,
    bytes: 0,
    kernelReceived: null,
    kernelDrops: null,
    ifaceDrops: null,
    decodeErrors: {},
    flowsOpen: null,
    flowsEvicted: null,
    eventsSent: 0,
    eventsDropped: 0,
    eventsQueued: 0,
    rssBytes: 0,
    heapUsedBytes: 0,
    cpuUserUs: 0,
    cpuSystemUs: 0,
    engine: {},
    ...p,
  };
}

describe('counters across restarts', () => {
  it('adds totals of finished processes to the live one; gauges are live only', () => {
    const c = new RestartSafeCounters();
    c.update(
      stats({
        packets: 10,
        bytes: 100,
        kernelDrops: 1,
        decodeErrors: { a: 1 },
        flowsOpen: 5,
        eventsSent: 3,
      }),
    );
    c.update(
      stats({
        packets: 20,
        bytes: 200,
        kernelDrops: 2,
        decodeErrors: { a: 2 },
        flowsOpen: 6,
        eventsSent: 4,
      }),
    );
    c.processEnded();
    expect(c.totals().flowsOpen).toBeNull();
    expect(c.totals().packets).toBe(20);
    c.update(
      stats({
        packets: 5,
        bytes: 50,
        kernelDrops: null,
        decodeErrors: { a: 1, b: 1 },
        flowsOpen: 1,
        eventsSent: 1,
      }),
    );
    const t = c.totals();
    expect(t).toMatchObject({
      packets: 25,
      bytes: 250,
      kernelDrops: 2,
      eventsSent: 5,
      flowsOpen: 1,
    });
    expect(t.decodeErrors).toEqual({ a: 3, b: 1 });
    c.processEnded();
    c.update(stats({ packets: 1, kernelDrops: 4 }));
    expect(c.totals()).toMatchObject({ packets: 26, kernelDrops: 6 });
  });

  it('unsupported layers by name (engine counters) add up across restarts', () => {
    const c = new RestartSafeCounters();
    c.update(stats({ engine: { 'unsupported.ethertype_0x0806': 4, flowsTotal: 9 } }));
    c.processEnded();
    c.update(
      stats({ engine: { 'unsupported.ethertype_0x0806': 1, 'unsupported.ip_proto_132': 2 } }),
    );
    expect(c.totals().unsupported).toEqual({ ethertype_0x0806: 5, ip_proto_132: 2 });
  });
});
