// Every sensor that reported into the store (its heartbeats), from anywhere in the fleet: host,
// version, last seen, health, counters and rates. A silent sensor (no heartbeat for longer than
// fleet.silentAfterSeconds) is flagged red. Refreshed every 5 s while shown.
import { useEffect } from 'react';
import type { FleetSensor } from '../../../../common/api/fleet.js';
import { formatBytes, formatCount, formatRate } from '../../core/format/format.js';
import { useApiQuery } from '../../core/query/useApiQuery.js';
import { type Column, DataTable } from '../../core/ui/DataTable.js';
import { QueryState } from '../../core/ui/States.js';

const age = (s: number) =>
  s < 90
    ? `${Math.round(s)} s ago`
    : s < 5400
      ? `${Math.round(s / 60)} min ago`
      : `${Math.round(s / 3600)} h ago`;

const fleetColumns = (silentAfter: number): Column<FleetSensor>[] => [
  { header: 'Sensor', cell: (s) => s.sensor },
  { header: 'Host', cell: (s) => s.host },
  { header: 'Role', cell: (s) => s.role },
  { header: 'Version', cell: (s) => s.version },
  {
    header: 'Interfaces',
    cell: (s) => s.interfaces.join(', ') || <span className="muted">none</span>,
  },
  { header: 'Last seen', cell: (s) => age(s.ageSeconds), title: (s) => s.lastSeen },
  {
    header: 'Health',
    cell: (s) => (s.health === 'silent' ? `silent (> ${silentAfter} s)` : s.health),
    title: (s) => s.problems.join('\n'),
  },
  { header: 'Packet rate', num: true, cell: (s) => formatRate(s.packetsPerSecond) },
  { header: 'Row rate', num: true, cell: (s) => formatRate(s.rowsPerSecond) },
  { header: 'Rows written', num: true, cell: (s) => formatCount(s.rowsWritten) },
  {
    header: 'Drops',
    num: true,
    cell: (s) => formatCount(s.kernelDrops + s.eventsDropped + s.captureDropped),
  },
  {
    header: 'Spool',
    num: true,
    cell: (s) => (s.spoolBytes > 0 ? formatBytes(s.spoolBytes) : '—'),
  },
];

export function FleetCard() {
  const q = useApiQuery('sensors.fleet', {});
  useEffect(() => {
    const t = setInterval(q.reload, 5000);
    return () => clearInterval(t);
  }, [q.reload]);
  return (
    <section className="card" aria-labelledby="fleet-title">
      <h2 id="fleet-title">Fleet</h2>
      <QueryState q={q} what="the fleet">
        {(f) =>
          f.sensors.length === 0 ? (
            <p className="muted">No sensor has reported into this store yet.</p>
          ) : (
            <>
              <DataTable
                label="Fleet sensors"
                columns={fleetColumns(f.silentAfterSeconds)}
                rows={f.sensors}
                rowKey={(s) => s.sensor}
                flag={(s) => s.health !== 'ok'}
                rowProps={(s) => ({ 'data-health': s.health })}
                scroll
              />
              {f.detectorWindows.length > 0 && (
                <p className="muted">
                  Last detector window: {f.detectorWindows[0]!.windowEnd} by{' '}
                  {f.detectorWindows[0]!.holder} ({f.detectorWindows[0]!.outcome})
                </p>
              )}
            </>
          )
        }
      </QueryState>
    </section>
  );
}
