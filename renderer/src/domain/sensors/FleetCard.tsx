// Every sensor that reported into the store (its heartbeats), from anywhere in the fleet: host,
// version, last seen, health, counters and rates. A silent sensor (no heartbeat for longer than
// fleet.silentAfterSeconds) is flagged red. Refreshed every 5 s while shown.
import { useEffect } from 'react';
import { formatCount, formatRate } from '../../core/format/format.js';
import { useApiQuery } from '../../core/query/useApiQuery.js';
import { QueryState } from '../../core/ui/States.js';

const age = (s: number) =>
  s < 90
    ? `${Math.round(s)} s ago`
    : s < 5400
      ? `${Math.round(s / 60)} min ago`
      : `${Math.round(s / 3600)} h ago`;

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
              <div className="table-scroll">
                <table className="grid" aria-label="Fleet sensors">
                  <thead>
                    <tr>
                      <th scope="col">Sensor</th>
                      <th scope="col">Host</th>
                      <th scope="col">Role</th>
                      <th scope="col">Version</th>
                      <th scope="col">Interfaces</th>
                      <th scope="col">Last seen</th>
                      <th scope="col">Health</th>
                      <th scope="col" className="num">
                        Packet rate
                      </th>
                      <th scope="col" className="num">
                        Row rate
                      </th>
                      <th scope="col" className="num">
                        Rows written
                      </th>
                      <th scope="col" className="num">
                        Drops
                      </th>
                      <th scope="col" className="num">
                        Spool
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {f.sensors.map((s) => (
                      <tr
                        key={s.sensor}
                        className={s.health === 'ok' ? undefined : 'flag'}
                        data-health={s.health}
                      >
                        <td>{s.sensor}</td>
                        <td>{s.host}</td>
                        <td>{s.role}</td>
                        <td>{s.version}</td>
                        <td>{s.interfaces.join(', ') || <span className="muted">none</span>}</td>
                        <td title={s.lastSeen}>{age(s.ageSeconds)}</td>
                        <td title={s.problems.join('\n')}>
                          {s.health === 'silent'
                            ? `silent (> ${f.silentAfterSeconds} s)`
                            : s.health}
                        </td>
                        <td className="num">{formatRate(s.packetsPerSecond)}</td>
                        <td className="num">{formatRate(s.rowsPerSecond)}</td>
                        <td className="num">{formatCount(s.rowsWritten)}</td>
                        <td className="num">
                          {formatCount(s.kernelDrops + s.eventsDropped + s.captureDropped)}
                        </td>
                        <td className="num">
                          {s.spoolBytes > 0 ? `${formatCount(s.spoolBytes)} B` : '—'}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
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
