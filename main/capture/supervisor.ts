// All capture workers of the process: one per configured interface. The lead's supervisor owns
// one of these; /metrics and the UI read health() and totals().
import type { PartHealth } from '../../common/api/health.js';
import type { z } from 'zod';
import {
  CaptureWorkerHandle,
  type WorkerHandleOptions,
  type WorkerHealth,
} from './worker-handle.js';

export type CaptureSupervisorOptions = Omit<WorkerHandleOptions, 'config' | 'name'> & {
  workers: { name?: string; config: WorkerHandleOptions['config'] }[];
};

export class CaptureSupervisor {
  readonly workers: CaptureWorkerHandle[];

  constructor(o: CaptureSupervisorOptions) {
    const { workers, ...common } = o;
    this.workers = workers.map((w) => new CaptureWorkerHandle({ ...common, ...w }));
  }

  async start(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.start()));
  }

  /** Stops every worker in parallel (each SIGTERM, then SIGKILL after its timeout). */
  async stop(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.stop()));
  }

  health(): WorkerHealth[] {
    return this.workers.map((w) => w.health());
  }

  /** Health in the API's shape (common/api/health.ts). */
  parts(): PartHealthValue[] {
    return this.health().map(toPartHealth);
  }
}

type PartHealthValue = z.infer<typeof PartHealth>;

export function toPartHealth(h: WorkerHealth): PartHealthValue {
  const t = h.totals;
  const drops = (t.kernelDrops ?? 0) + (t.ifaceDrops ?? 0) + t.eventsDropped;
  const state: 'starting' | 'ok' | 'degraded' | 'down' =
    h.state === 'running'
      ? drops > 0
        ? 'degraded'
        : 'ok'
      : h.state === 'starting' || h.state === 'backoff'
        ? 'starting'
        : h.state === 'finished'
          ? 'ok'
          : 'down';
  const detail =
    h.state === 'running'
      ? `${h.hello?.source ?? '?'} on ${h.hello?.iface ?? h.name}: ${t.packets} packets, ${t.eventsReceived} events, kernel drops ${t.kernelDrops ?? 'n/a'}, events dropped ${t.eventsDropped}, restarts ${t.restarts}`
      : [h.state, h.lastError, h.remedy ? `fix: ${h.remedy}` : null].filter(Boolean).join(': ');
  return { name: `capture:${h.name}`, state, detail };
}
