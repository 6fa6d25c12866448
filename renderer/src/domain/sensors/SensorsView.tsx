// The fleet (every sensor's heartbeat in the store), then this process's capture workers, ingest
// sources, correlator and writers: refreshed every 5 s while shown.
import type { SensorsStatus } from '../../../../common/api/sensors.js';
import { useEffect } from 'react';
import { formatCount, formatMs } from '../../core/format/format.js';
import { useApiQuery } from '../../core/query/useApiQuery.js';
import { Empty, QueryState } from '../../core/ui/States.js';
import { FleetCard } from './FleetCard.js';
import { counterName } from './counter-names.js';

const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
const bytes = (n: number) =>
  n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MiB` : `${formatCount(n)} B`;

export function SensorsView() {
  const q = useApiQuery('sensors.status', {});
  useEffect(() => {
    const t = setInterval(q.reload, 5000);
    return () => clearInterval(t);
  }, [q.reload]);
  return (
    <section aria-labelledby="sensors-title" className="view">
      <h1 id="sensors-title">Sensors</h1>
      <FleetCard />
      <QueryState q={q} what="sensor health">
        {(s) => (
          <>
            <section className="card" aria-labelledby="cap-title">
              <h2 id="cap-title">Capture workers</h2>
              {s.captures.length === 0 ? (
                <Empty>
                  <p>
                    No capture worker is configured. Start the daemon with an interface (see
                    docs/deploy.md), or import captures.
                  </p>
                </Empty>
              ) : (
                <div className="table-scroll">
                  <table className="grid" aria-label="Capture workers">
                    <thead>
                      <tr>
                        <th scope="col">Sensor</th>
                        <th scope="col">State</th>
                        <th scope="col" className="num">
                          Packets
                        </th>
                        <th scope="col" className="num">
                          Kernel drops
                        </th>
                        <th scope="col" className="num">
                          Interface drops
                        </th>
                        <th scope="col" className="num">
                          Events sent
                        </th>
                        <th scope="col" className="num">
                          Events dropped
                        </th>
                        <th scope="col" className="num">
                          Decode errors
                        </th>
                        <th scope="col" className="num">
                          Restarts
                        </th>
                        <th scope="col">Problem</th>
                      </tr>
                    </thead>
                    <tbody>
                      {s.captures.map((c) => (
                        <tr key={c.name} className={c.state === 'running' ? undefined : 'flag'}>
                          <td>
                            {c.name} <span className="muted">{c.iface ?? ''}</span>
                          </td>
                          <td>{c.state}</td>
                          <td className="num">{formatCount(c.packets)}</td>
                          <td className="num">
                            {c.kernelDrops === null ? '—' : formatCount(c.kernelDrops)}
                          </td>
                          <td className="num">
                            {c.ifaceDrops === null ? '—' : formatCount(c.ifaceDrops)}
                          </td>
                          <td className="num">{formatCount(c.eventsSent)}</td>
                          <td className="num">{formatCount(c.eventsDropped)}</td>
                          <td className="num">{formatCount(sum(c.decodeErrors))}</td>
                          <td className="num">{formatCount(c.restarts)}</td>
                          <td className="wrap">
                            {[c.lastError, c.remedy].filter(Boolean).join(' — ') || (
                              <span className="muted">none</span>
                            )}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </section>
            <section className="card" aria-labelledby="ingest-title">
              <h2 id="ingest-title">Ingest sockets and logs</h2>
              {s.ingest.length === 0 ? (
                <p className="muted">No ingest source is configured.</p>
              ) : (
                <table className="grid" aria-label="Ingest sources">
                  <thead>
                    <tr>
                      <th scope="col">Source</th>
                      <th scope="col" className="num">
                        Good lines
                      </th>
                      <th scope="col" className="num">
                        Bad lines
                      </th>
                      <th scope="col" className="num">
                        Bytes
                      </th>
                      <th scope="col" className="num">
                        Open connections
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {s.ingest.map((i) => (
                      <tr key={i.name}>
                        <td>{i.name}</td>
                        <td className="num">{formatCount(i.linesOk)}</td>
                        <td className="num" title={JSON.stringify(i.bad)}>
                          {formatCount(sum(i.bad))}
                        </td>
                        <td className="num">{bytes(i.bytes)}</td>
                        <td className="num">{formatCount(i.connectionsOpen)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              <p className="muted">Dead-letter lines written: {formatCount(s.deadLetterWritten)}</p>
            </section>
            <section className="card" aria-labelledby="corr-title">
              <h2 id="corr-title">Correlator</h2>
              {Object.keys(s.correlator).length === 0 ? (
                <p className="muted">The correlator has not started.</p>
              ) : (
                <dl className="facts">
                  {Object.entries(s.correlator).map(([k, v]) => (
                    <div key={k} className="contents">
                      <dt>{counterName(k)}</dt>
                      <dd>{formatCount(v)}</dd>
                    </div>
                  ))}
                </dl>
              )}
            </section>
            <section className="card" aria-labelledby="writer-title">
              <h2 id="writer-title">Storage writers</h2>
              {s.writers.length === 0 ? (
                <p className="muted">No writer is running.</p>
              ) : (
                <table className="grid" aria-label="Storage writers">
                  <thead>
                    <tr>
                      <th scope="col">Table</th>
                      <th scope="col" className="num">
                        Rows written
                      </th>
                      <th scope="col" className="num">
                        Queued
                      </th>
                      <th scope="col" className="num">
                        Lag
                      </th>
                      <th scope="col" className="num">
                        Retries
                      </th>
                      <th scope="col" className="num">
                        Bad rows
                      </th>
                      <th scope="col" className="num">
                        Spool
                      </th>
                      <th scope="col">Last error</th>
                    </tr>
                  </thead>
                  <tbody>
                    {s.writers.map((w) => (
                      <tr key={w.table} className={w.lastError || w.spoolFull ? 'flag' : undefined}>
                        <td className="mono">{w.table}</td>
                        <td className="num">{formatCount(w.rowsWritten)}</td>
                        <td className="num">{formatCount(w.rowsQueued)}</td>
                        <td className="num">{formatMs(w.lagMs)}</td>
                        <td className="num">{formatCount(w.retries)}</td>
                        <td className="num">{formatCount(w.badInputs + w.rowsRejected)}</td>
                        <td className="num">
                          {w.spoolFull
                            ? 'FULL'
                            : w.spooling || w.spoolBytes > 0
                              ? `${formatCount(w.spoolBytes)} B`
                              : '—'}
                        </td>
                        <td className="wrap">
                          {w.lastError ?? <span className="muted">none</span>}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
            <OutputsCard outputs={s.outputs ?? []} />
          </>
        )}
      </QueryState>
    </section>
  );
}

/** Outputs (JSONL, stdout, syslog, webhooks) configured in the YAML, with their counters. */
function OutputsCard({ outputs }: { outputs: NonNullable<SensorsStatus['outputs']> }) {
  return (
    <section className="card" aria-labelledby="outputs-title">
      <h2 id="outputs-title">Outputs</h2>
      {outputs.length === 0 ? (
        <p className="muted">No output configured (outputs: in the YAML; docs/integrations.md).</p>
      ) : (
        <table className="grid" aria-label="Outputs">
          <thead>
            <tr>
              <th scope="col">Output</th>
              <th scope="col">Kind</th>
              <th scope="col" className="num">
                Sent
              </th>
              <th scope="col" className="num">
                Queued
              </th>
              <th scope="col" className="num">
                Dropped
              </th>
              <th scope="col" className="num">
                Errors
              </th>
              <th scope="col">Last error</th>
            </tr>
          </thead>
          <tbody>
            {outputs.map((o) => (
              <tr key={o.name} className={o.dropped > 0 || o.lastError ? 'flag' : undefined}>
                <td className="mono wrap">{o.name}</td>
                <td>{o.kind}</td>
                <td className="num">{formatCount(o.sent)}</td>
                <td className="num">{formatCount(o.queued)}</td>
                <td className="num">{formatCount(o.dropped)}</td>
                <td className="num">{formatCount(o.errors)}</td>
                <td className="wrap">{o.lastError ?? <span className="muted">none</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
