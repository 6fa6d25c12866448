// The Sensors view's figures, read from the running parts (no database query).
import type { SensorsStatus } from '../../../common/api/sensors.js';
import type { CorrelationStats } from '../../../correlation-worker/src/correlate/service.js';
import type { WorkerHealth } from '../../capture/worker-handle.js';
import type { IntakeStats } from '../../intake/intake.js';
import type { WriterStats } from '../../storage/writer/writer.js';

/** What the Sensors view reads of the running pipeline (main/daemon/pipeline.ts provides it). */
export interface SensorsSource {
  capture: { health(): WorkerHealth[] };
  stats(): {
    correlation: CorrelationStats;
    writers: Record<string, WriterStats>;
    intake: IntakeStats;
  };
}

function durabilityStatus(s: IntakeStats): NonNullable<SensorsStatus['durability']> {
  const j = s.journal;
  return {
    diskFull: s.disk.full,
    diskFreeBytes: s.disk.freeBytes,
    diskReason: s.disk.reason,
    diskFullSince: s.disk.since,
    paused: s.paused,
    pausedFor: s.pausedFor,
    captureDroppedDiskFull: s.captureDroppedDiskFull,
    captureDroppedBackpressure: s.captureDroppedBackpressure,
    journalEnabled: j !== null,
    journalSeq: j?.lastSeq ?? 0,
    journalCheckpoint: j?.checkpointSeq ?? 0,
    journalBytes: j?.bytes ?? 0,
    unjournaled: j?.unjournaled ?? 0,
    journalQuarantined: j?.quarantined ?? 0,
    replayed: s.replayed,
    replaySkippedRows: s.replaySkippedRows,
  };
}

export function sensorsStatus(pipeline: SensorsSource): SensorsStatus {
  const stats = pipeline.stats();
  const ingest = stats.correlation.ingest;
  return {
    captures: pipeline.capture.health().map((h) => ({
      name: h.name,
      state: h.state,
      pid: h.pid,
      since: h.since,
      source: h.hello?.source ?? null,
      iface: h.hello?.iface ?? null,
      lastError: h.lastError,
      remedy: h.remedy,
      restarts: h.totals.restarts,
      recentCrashes: h.recentCrashes,
      packets: h.totals.packets,
      bytes: h.totals.bytes,
      kernelDrops: h.totals.kernelDrops,
      ifaceDrops: h.totals.ifaceDrops,
      flowsOpen: h.totals.flowsOpen,
      flowsEvicted: h.totals.flowsEvicted,
      eventsSent: h.totals.eventsSent,
      eventsDropped: h.totals.eventsDropped,
      decodeErrors: h.totals.decodeErrors,
      rssBytes: h.totals.rssBytes,
    })),
    ingest: Object.entries(ingest.sources).map(([name, src]) => ({
      name,
      linesOk: src.lines_ok,
      bytes: src.bytes,
      connectionsOpen: src.connections_open,
      connectionsIdleClosed: src.connections_idle_closed,
      connectionsEvicted: src.connections_evicted,
      connectionsRefused: src.connections_refused,
      bad: { ...src.bad },
    })),
    deadLetterWritten: ingest.dead_letter.written,
    correlator: Object.fromEntries(
      Object.entries(stats.correlation.correlator).filter(([, v]) => typeof v === 'number'),
    ) as Record<string, number>,
    writers: Object.entries(stats.writers).map(([table, w]) => ({
      table,
      rowsWritten: w.rowsWritten,
      rowsQueued: w.rowsQueued,
      retries: w.retries,
      badInputs: w.badInputs,
      lagMs: w.lagMs,
      lastError: w.lastError ?? null,
      spooling: w.spooling,
      spoolBytes: w.spoolBytes,
      spoolFull: w.spoolFull,
      rowsRejected: w.rowsRejected,
    })),
    durability: durabilityStatus(stats.intake),
  };
}
