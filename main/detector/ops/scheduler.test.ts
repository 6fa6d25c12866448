import { afterEach, describe, expect, it, vi } from 'vitest';
import { startDetectorSchedule } from './scheduler.js';
import type { DetectorService, RunSummary } from './service.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('detector schedule', () => {
  it('runs every scheduleMinutes, re-reads the interval, survives a failed run, stops', async () => {
    vi.useFakeTimers();
    let minutes = 5;
    let calls = 0;
    const service = {
      getTuning: async () => ({ scheduleMinutes: minutes }),
      run: async () => {
        calls++;
        if (calls === 2) throw new Error('store down');
        return { runId: String(calls) } as RunSummary;
      },
    } as unknown as DetectorService;
    const runs: string[] = [];
    const errors: unknown[] = [];
    const s = startDetectorSchedule(service, {
      onRun: (r) => runs.push(r.runId),
      onError: (e) => errors.push(e),
    });
    await vi.advanceTimersByTimeAsync(4 * 60_000);
    expect(calls).toBe(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toBe(1);
    minutes = 1; // applies from the next wait
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(calls).toBe(2);
    expect(errors).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toBe(3);
    s.stop();
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(calls).toBe(3);
    expect(runs).toEqual(['1', '3']);
  });
});
