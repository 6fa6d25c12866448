// The fleet (every sensor's heartbeat in the store), then this process's capture workers, ingest
// sources, correlator and writers: refreshed every 5 s while shown.
import type { SensorsStatus } from '../../../../common/api/sensors.js';
import { useEffect } from 'react';
import { formatBytes, formatCount, formatMs } from '../../core/format/format.js';
import { useApiQuery } from '../../core/query/useApiQuery.js';
import { type Column, DataTable } from '../../core/ui/DataTable.js';
import { Empty, QueryState } from '../../core/ui/States.js';
import { FleetCard } from './FleetCard.js';
import { counterName } from './counter-names.js';

const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);

type Status = SensorsStatus;
const count = (n: number) => formatCount(n);
const none = (text: string | null | undefined) => text || <span className="muted">none</span>;

/** The capture workers' columns: the sensor name first (what its rows are stamped with and the
 * Fleet table lists), then the interface the worker reads (its own name when it has not said). */
const captureColumns = (sensor: string): Column<Status['captures'][number]>[] => [
  { header: 'Sensor', cell: () => sensor },
  { header: 'Interface', className: 'mono', cell: (c) => c.iface ?? c.name },
  { header: 'State', cell: (c) => c.state },
  { header: 'Packets', num: true, cell: (c) => count(c.packets) },
  {
    header: 'Kernel drops',
    num: true,
    cell: (c) => (c.kernelDrops === null ? '—' : count(c.kernelDrops)),
  },
  {
    header: 'Interface drops',
    num: true,
    cell: (c) => (c.ifaceDrops === null ? '—' : count(c.ifaceDrops)),
  },
  { header: 'Events sent', num: true, cell: (c) => count(c.eventsSent) },
  { header: 'Events dropped', num: true, cell: (c) => count(c.eventsDropped) },
  { header: 'Decode errors', num: true, cell: (c) => count(sum(c.decodeErrors)) },
  { header: 'Restarts', num: true, cell: (c) => count(c.restarts) },
  {
    header: 'Problem',
    className: 'wrap',
    cell: (c) => none([c.lastError, c.remedy].filter(Boolean).join(' — ')),
  },
];

const ingestColumns: Column<Status['ingest'][number]>[] = [
  { header: 'Source', cell: (i) => i.name },
  { header: 'Good lines', num: true, cell: (i) => count(i.linesOk) },
  {
    header: 'Bad lines',
    num: true,
    cell: (i) => count(sum(i.bad)),
    title: (i) => JSON.stringify(i.bad),
  },
  { header: 'Bytes', num: true, cell: (i) => formatBytes(i.bytes) },
  { header: 'Open connections', num: true, cell: (i) => count(i.connectionsOpen) },
];

const writerColumns: Column<Status['writers'][number]>[] = [
  { header: 'Table', className: 'mono', cell: (w) => w.table },
  { header: 'Rows written', num: true, cell: (w) => count(w.rowsWritten) },
  { header: 'Queued', num: true, cell: (w) => count(w.rowsQueued) },
  { header: 'Lag', num: true, cell: (w) => formatMs(w.lagMs) },
  { header: 'Retries', num: true, cell: (w) => count(w.retries) },
  { header: 'Bad rows', num: true, cell: (w) => count(w.badInputs + w.rowsRejected) },
  {
    header: 'Spool',
    num: true,
    cell: (w) =>
      w.spoolFull ? 'FULL' : w.spooling || w.spoolBytes > 0 ? formatBytes(w.spoolBytes) : '—',
  },
  { header: 'Last error', className: 'wrap', cell: (w) => none(w.lastError) },
];

const outputColumns: Column<NonNullable<Status['outputs']>[number]>[] = [
  { header: 'Output', className: 'mono wrap', cell: (o) => o.name },
  { header: 'Kind', cell: (o) => o.kind },
  { header: 'Sent', num: true, cell: (o) => count(o.sent) },
  { header: 'Queued', num: true, cell: (o) => count(o.queued) },
  { header: 'Dropped', num: true, cell: (o) => count(o.dropped) },
  { header: 'Errors', num: true, cell: (o) => count(o.errors) },
  { header: 'Last error', className: 'wrap', cell: (o) => none(o.lastError) },
];

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
        {(s) => <OwnSensor s={s} />}
      </QueryState>
    </section>
  );
}

/** This daemon's own parts, named by the sensor name its rows carry (the Fleet table's name). */
function OwnSensor({ s }: { s: Status }) {
  const sensor = s.sensor ?? 'none';
  return (
    <>
      <p>
        This daemon&apos;s own sensor: <strong>{sensor}</strong>
        {s.sensor ? '' : ' (no capture, ingest or correlator runs here)'}
      </p>
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
          <DataTable
            label="Capture workers"
            columns={captureColumns(sensor)}
            rows={s.captures}
            rowKey={(c) => c.name}
            flag={(c) => c.state !== 'running'}
            scroll
          />
        )}
      </section>
      <section className="card" aria-labelledby="ingest-title">
        <h2 id="ingest-title">Ingest sockets and logs</h2>
        {s.ingest.length === 0 ? (
          <p className="muted">No ingest source is configured.</p>
        ) : (
          <DataTable
            label="Ingest sources"
            columns={ingestColumns}
            rows={s.ingest}
            rowKey={(i) => i.name}
          />
        )}
        <p className="muted">Dead-letter lines written: {formatCount(s.deadLetterWritten)}</p>
      </section>
      <section className="card" aria-labelledby="corr-title">
        <h2 id="corr-title">{s.sensor ? `Correlator of sensor ${s.sensor}` : 'Correlator'}</h2>
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
          <DataTable
            label="Storage writers"
            columns={writerColumns}
            rows={s.writers}
            rowKey={(w) => w.table}
            flag={(w) => !!w.lastError || w.spoolFull}
          />
        )}
      </section>
      <OutputsCard outputs={s.outputs ?? []} />
    </>
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
        <DataTable
          label="Outputs"
          columns={outputColumns}
          rows={outputs}
          rowKey={(o) => o.name}
          flag={(o) => o.dropped > 0 || !!o.lastError}
        />
      )}
    </section>
  );
}
