// Counters that survive worker restarts. A worker reports totals since its own start; the
// supervisor adds the last report of every finished process to the live one. Gauges (open flows,
// queue, memory) are the live process's only. A worker killed with SIGKILL loses what it counted
// after its last stats message (at most one stats interval), which is why the interval is short.
import type { WorkerStats } from '../../common/events/worker.js';

export interface CaptureTotals {
  packets: number;
  bytes: number;
  kernelReceived: number | null;
  kernelDrops: number | null;
  ifaceDrops: number | null;
  decodeErrors: Record<string, number>;
  /** Packets whose decoding stopped at a layer the engine does not follow, by layer name. */
  unsupported: Record<string, number>;
  flowsEvicted: number | null;
  eventsSent: number;
  eventsDropped: number;
  /** Events main received (validated frames). */
  eventsReceived: number;
  /** Frames main rejected (bad JSON, failed validation, oversize). */
  invalidFrames: number;
  /** Sequence gaps seen by main: events the worker dropped or lost when it died. */
  eventsMissing: number;
  restarts: number;
  crashes: number;
  // Gauges of the live process.
  flowsOpen: number | null;
  eventsQueued: number;
  rssBytes: number;
  heapUsedBytes: number;
  cpuUserUs: number;
  cpuSystemUs: number;
}

type Additive = 'packets' | 'bytes' | 'eventsSent' | 'eventsDropped';
const additive: Additive[] = ['packets', 'bytes', 'eventsSent', 'eventsDropped'];
type NullableAdditive = 'kernelReceived' | 'kernelDrops' | 'ifaceDrops' | 'flowsEvicted';
const nullableAdditive: NullableAdditive[] = [
  'kernelReceived',
  'kernelDrops',
  'ifaceDrops',
  'flowsEvicted',
];

function addNullable(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return a + b;
}

export class RestartSafeCounters {
  private base: WorkerStats | undefined;
  private live: WorkerStats | undefined;
  eventsReceived = 0;
  invalidFrames = 0;
  eventsMissing = 0;
  restarts = 0;
  crashes = 0;

  update(s: WorkerStats): void {
    this.live = s;
  }

  /** The live process ended: fold its last report into the base. */
  processEnded(): void {
    if (this.live === undefined) return;
    this.base =
      this.base === undefined
        ? { ...this.live, decodeErrors: { ...this.live.decodeErrors } }
        : sum(this.base, this.live);
    this.live = undefined;
  }

  totals(): CaptureTotals {
    const b = this.base;
    const l = this.live;
    const merged = b && l ? sum(b, l) : (l ?? b);
    return {
      packets: merged?.packets ?? 0,
      bytes: merged?.bytes ?? 0,
      kernelReceived: merged?.kernelReceived ?? null,
      kernelDrops: merged?.kernelDrops ?? null,
      ifaceDrops: merged?.ifaceDrops ?? null,
      decodeErrors: merged?.decodeErrors ?? {},
      unsupported: unsupportedOf(merged),
      flowsEvicted: merged?.flowsEvicted ?? null,
      eventsSent: merged?.eventsSent ?? 0,
      eventsDropped: merged?.eventsDropped ?? 0,
      eventsReceived: this.eventsReceived,
      invalidFrames: this.invalidFrames,
      eventsMissing: this.eventsMissing,
      restarts: this.restarts,
      crashes: this.crashes,
      flowsOpen: l?.flowsOpen ?? null,
      eventsQueued: l?.eventsQueued ?? 0,
      rssBytes: l?.rssBytes ?? 0,
      heapUsedBytes: l?.heapUsedBytes ?? 0,
      cpuUserUs: l?.cpuUserUs ?? 0,
      cpuSystemUs: l?.cpuSystemUs ?? 0,
    };
  }
}

/** The worker passes the engine's per-layer counts as `engine['unsupported.<layer>']`. */
const UNSUPPORTED = 'unsupported.';

function unsupportedOf(s: WorkerStats | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(s?.engine ?? {}))
    if (k.startsWith(UNSUPPORTED)) out[k.slice(UNSUPPORTED.length)] = v;
  return out;
}

function sum(a: WorkerStats, b: WorkerStats): WorkerStats {
  const out: WorkerStats = { ...b, decodeErrors: { ...a.decodeErrors }, engine: { ...b.engine } };
  // Unsupported-layer counts are totals since the process start, like decodeErrors: add them.
  for (const [k, v] of Object.entries(a.engine))
    if (k.startsWith(UNSUPPORTED)) out.engine[k] = (out.engine[k] ?? 0) + v;
  for (const k of additive) out[k] = a[k] + b[k];
  for (const k of nullableAdditive) out[k] = addNullable(a[k], b[k]);
  for (const [k, v] of Object.entries(b.decodeErrors))
    out.decodeErrors[k] = (out.decodeErrors[k] ?? 0) + v;
  return out;
}
