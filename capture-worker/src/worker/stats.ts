// One stats message from the worker's parts. Figures a source cannot know stay null.
import type { WorkerStats } from '../../../common/events/worker.js';
import type { Outbox } from '../channel/outbox.js';
import type { PacketSource } from '../source/types.js';
import type { WorkerEngine } from './engine-port.js';

export interface PacketCounters {
  packets: number;
  bytes: number;
  /** Worker-level errors (source warnings) by code, merged with the engine's decode errors. */
  errors: Record<string, number>;
}

export function buildStats(
  startedAt: number,
  final: boolean,
  pc: PacketCounters,
  source: PacketSource,
  engine: WorkerEngine,
  outbox: Outbox,
): WorkerStats {
  const sc = source.counters();
  const ec = engine.counters();
  const mem = process.memoryUsage();
  const cpu = process.cpuUsage();
  const decodeErrors: Record<string, number> = { ...ec.decodeErrors };
  for (const [k, v] of Object.entries(pc.errors)) decodeErrors[k] = (decodeErrors[k] ?? 0) + v;
  return {
    t: 'stats',
    uptimeMs: Math.max(0, Date.now() - startedAt),
    final,
    packets: pc.packets,
    bytes: pc.bytes,
    kernelReceived: sc.kernelReceived,
    kernelDrops: sc.kernelDrops,
    ifaceDrops: sc.ifaceDrops,
    decodeErrors,
    flowsOpen: ec.flowsOpen,
    flowsEvicted: ec.flowsEvicted,
    eventsSent: outbox.sent,
    eventsDropped: outbox.dropped,
    eventsQueued: outbox.queued,
    rssBytes: mem.rss,
    heapUsedBytes: mem.heapUsed,
    cpuUserUs: cpu.user,
    cpuSystemUs: cpu.system,
    engine: ec.other,
  };
}
