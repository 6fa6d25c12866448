// The fleet list: the latest heartbeat of every sensor that reported into the store in the last
// week (the table's retention), with its age by the store's clock and the last detector windows.
// A sensor whose last heartbeat is older than fleet.silentAfterSeconds is 'silent' (red).
import type { ClickHouseClient } from '@clickhouse/client';
import type { SensorsFleet } from '../../../common/api/fleet.js';
import { SENSOR_HEARTBEATS } from '../../fleet/heartbeat.js';
import { DETECTOR_WINDOWS } from '../../fleet/detector-lease.js';

interface Row {
  sensor: string;
  host: string;
  instance: string;
  role: string;
  version: string;
  started_at: string;
  interfaces: string[];
  last_seen: string;
  age_ms: string;
  health: string;
  problems: string[];
  packets: string;
  kernel_drops: string;
  events_dropped: string;
  capture_dropped: string;
  requests_in: string;
  rows_written: string;
  rows_queued: string;
  spool_bytes: string;
  packets_per_s: number;
  rows_per_s: number;
}

const iso = (t: string) => `${t.replace(' ', 'T')}Z`;

export async function fleetSensors(
  ch: ClickHouseClient,
  silentAfterSeconds: number,
): Promise<SensorsFleet> {
  const rows = await (
    await ch.query({
      query: `SELECT sensor,
          argMax(host, ts) AS host, argMax(instance, ts) AS instance, argMax(role, ts) AS role,
          argMax(version, ts) AS version, toString(argMax(started_at, ts)) AS started_at,
          argMax(interfaces, ts) AS interfaces, toString(max(ts)) AS last_seen,
          toString(dateDiff('millisecond', max(ts), now64(3))) AS age_ms,
          argMax(health, ts) AS health, argMax(problems, ts) AS problems,
          toString(argMax(packets, ts)) AS packets, toString(argMax(kernel_drops, ts)) AS kernel_drops,
          toString(argMax(events_dropped, ts)) AS events_dropped,
          toString(argMax(capture_dropped, ts)) AS capture_dropped,
          toString(argMax(requests_in, ts)) AS requests_in,
          toString(argMax(rows_written, ts)) AS rows_written,
          toString(argMax(rows_queued, ts)) AS rows_queued,
          toString(argMax(spool_bytes, ts)) AS spool_bytes,
          argMax(packets_per_s, ts) AS packets_per_s, argMax(rows_per_s, ts) AS rows_per_s
        FROM ${SENSOR_HEARTBEATS}
        WHERE ts >= now64(3) - INTERVAL 7 DAY
        GROUP BY sensor ORDER BY sensor`,
      format: 'JSONEachRow',
    })
  ).json<Row>();
  const windows = await (
    await ch.query({
      query: `SELECT toString(window_end) AS w, holder, outcome, anomalies FROM ${DETECTOR_WINDOWS}
              WHERE kind = 'done' ORDER BY window_end DESC LIMIT 10`,
      format: 'JSONEachRow',
    })
  ).json<{ w: string; holder: string; outcome: string; anomalies: number }>();
  return {
    silentAfterSeconds,
    sensors: rows.map((r) => {
      const age = Math.max(0, Number(r.age_ms) / 1000);
      const health =
        age > silentAfterSeconds
          ? 'silent'
          : r.health === 'down' || r.health === 'degraded'
            ? r.health
            : 'ok';
      return {
        sensor: r.sensor,
        host: r.host,
        instance: r.instance,
        role: r.role,
        version: r.version,
        startedAt: iso(r.started_at),
        interfaces: r.interfaces,
        lastSeen: iso(r.last_seen),
        ageSeconds: Math.round(age * 10) / 10,
        health,
        problems: r.problems,
        packets: Number(r.packets),
        kernelDrops: Number(r.kernel_drops),
        eventsDropped: Number(r.events_dropped),
        captureDropped: Number(r.capture_dropped),
        requestsIn: Number(r.requests_in),
        rowsWritten: Number(r.rows_written),
        rowsQueued: Number(r.rows_queued),
        spoolBytes: Number(r.spool_bytes),
        packetsPerSecond: Number(r.packets_per_s),
        rowsPerSecond: Number(r.rows_per_s),
      };
    }),
    detectorWindows: windows.map((w) => ({
      windowEnd: iso(w.w),
      holder: w.holder,
      outcome: w.outcome,
      anomalies: Number(w.anomalies),
    })),
  };
}
