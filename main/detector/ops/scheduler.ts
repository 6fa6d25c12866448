// Runs the detector every `scheduleMinutes` (re-read from the persisted tuning before each
// wait, so a change applies from the next run). One run at a time; a failed run is reported and
// the schedule goes on.
import type { DetectorService, RunSummary } from './service.js';

export interface DetectorScheduler {
  stop(): void;
}

export function startDetectorSchedule(
  service: DetectorService,
  hooks: { onRun?: (s: RunSummary) => void; onError?: (err: unknown) => void } = {},
): DetectorScheduler {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const next = async () => {
    if (stopped) return;
    const minutes = (await service.getTuning().catch(() => undefined))?.scheduleMinutes ?? 5;
    timer = setTimeout(tick, minutes * 60_000);
    timer.unref();
  };
  const tick = async () => {
    try {
      hooks.onRun?.(await service.run());
    } catch (err) {
      hooks.onError?.(err);
    }
    await next();
  };
  void next();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
