// A sensor reports itself into the store (migrations/0019): one row every heartbeatSeconds with
// its identity, the worst state of its parts and its counters. A heartbeat that cannot be written
// (store away) is dropped and counted, not spooled: the next one says the same, newer.
import type { z } from 'zod';
import type { PartHealth } from '../../common/api/health.js';
import type { SensorsStatus } from '../../common/api/sensors.js';
import { errorMessage } from '../../common/util/errors.js';
import type { Store } from '../storage/store.js';
import { msToDateTime64 } from './instance.js';

export const SENSOR_HEARTBEATS = 'sensor_heartbeats';

export interface HeartbeatIdentity {
  sensor: string;
  host: string;
  instance: string;
  role: string;
  version: string;
  startedAt: number;
  interfaces: string[];
}

export interface HeartbeatSources {
  status: () => SensorsStatus;
  parts: () => z.infer<typeof PartHealth>[];
}

const RANK = { ok: 0, starting: 0, degraded: 1, down: 2 } as const;

export function heartbeatRow(
  id: HeartbeatIdentity,
  s: SensorsStatus,
  parts: z.infer<typeof PartHealth>[],
  nowMs: number,
  prev: { at: number; packets: number; rows: number } | undefined,
) {
  const sum = <T>(xs: T[], f: (x: T) => number) => xs.reduce((a, x) => a + f(x), 0);
  const packets = sum(s.captures, (c) => c.packets);
  const rows = sum(s.writers, (w) => w.rowsWritten);
  const worst = parts.reduce((a, p) => Math.max(a, RANK[p.state]), 0);
  const secs = prev ? Math.max(0.001, (nowMs - prev.at) / 1000) : 0;
  return {
    ts: msToDateTime64(nowMs),
    sensor: id.sensor,
    host: id.host,
    instance: id.instance,
    role: id.role,
    version: id.version,
    started_at: msToDateTime64(id.startedAt),
    interfaces: id.interfaces,
    health: (['ok', 'degraded', 'down'] as const)[worst]!,
    problems: parts
      .filter((p) => RANK[p.state] > 0)
      .map((p) => `${p.name}: ${p.state}${p.detail ? ` (${p.detail})` : ''}`.slice(0, 300)),
    packets,
    bytes: sum(s.captures, (c) => c.bytes),
    kernel_drops: sum(s.captures, (c) => c.kernelDrops ?? 0),
    events_dropped: sum(s.captures, (c) => c.eventsDropped),
    capture_dropped:
      (s.durability?.captureDroppedBackpressure ?? 0) + (s.durability?.captureDroppedDiskFull ?? 0),
    requests_in: s.correlator.requests_in ?? 0,
    rows_written: rows,
    rows_queued: sum(s.writers, (w) => w.rowsQueued),
    spool_bytes: sum(s.writers, (w) => w.spoolBytes),
    packets_per_s: prev ? Math.max(0, packets - prev.packets) / secs : 0,
    rows_per_s: prev ? Math.max(0, rows - prev.rows) / secs : 0,
  };
}

export interface Heartbeat {
  stop(): Promise<void>;
  stats(): { written: number; failed: number; lastError: string | null };
}

export function startHeartbeat(
  store: Store,
  id: HeartbeatIdentity,
  src: HeartbeatSources,
  o: { seconds: number; clock?: () => number; onError?: (err: unknown) => void },
): Heartbeat {
  const clock = o.clock ?? Date.now;
  const st = { written: 0, failed: 0, lastError: null as string | null };
  let prev: { at: number; packets: number; rows: number } | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  let busy = false;
  const beat = async () => {
    busy = true;
    const now = clock();
    const row = heartbeatRow(id, src.status(), src.parts(), now, prev);
    prev = { at: now, packets: row.packets, rows: row.rows_written };
    try {
      await store.insert(SENSOR_HEARTBEATS, [row]);
      st.written++;
      st.lastError = null;
    } catch (err) {
      st.failed++;
      st.lastError = errorMessage(err);
      o.onError?.(err);
    } finally {
      busy = false;
    }
  };
  inFlight = beat();
  const timer = setInterval(() => {
    // A store that hangs gets no queue of beats: the next one is skipped while one is out.
    if (!busy) inFlight = beat();
  }, o.seconds * 1000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await inFlight;
      // A last beat: the view shows the final counters of a sensor stopped on purpose (bounded:
      // a store that is away must not hold up the shutdown).
      await Promise.race([beat(), new Promise((r) => setTimeout(r, 2_000).unref())]);
    },
    stats: () => ({ ...st }),
  };
}
