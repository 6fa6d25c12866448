import { useMemo } from 'react';
import { formatCount, formatRate } from '../../core/format/format.js';
import { useApiQuery } from '../../core/query/useApiQuery.js';
import { Empty, QueryState } from '../../core/ui/States.js';
import { Stat } from '../../core/ui/Stat.js';
import { Time } from '../../core/ui/Time.js';
import { TopList } from '../../core/ui/TopList.js';
import { MismatchTable } from '../mismatch/MismatchTable.js';
import { setRange, useTimeWindow } from '../../core/time/store.js';
import { HandshakesTable } from '../handshakes/HandshakesTable.js';
import { SensorsGlance } from './SensorsGlance.js';
import { TrafficChart } from './TrafficChart.js';

export function OverviewView() {
  const window = useTimeWindow();
  const input = useMemo(() => ({ window, top: 10 }), [window]);
  const q = useApiQuery('overview.stats', input);
  return (
    <section aria-labelledby="overview-title" className="view">
      <h1 id="overview-title">Overview</h1>
      <SensorsGlance />
      <QueryState q={q} what="the overview">
        {(o) => {
          const seconds = (Date.parse(window.to) - Date.parse(window.from)) / 1000;
          const events = o.totals.handshakes + o.totals.requests;
          return (
            <>
              {events === 0 && o.totals.anomalies === 0 ? (
                <Empty>
                  <p>No traffic in this time range.</p>
                  {o.extent ? (
                    <p>
                      Stored data spans <Time iso={o.extent.first} /> to{' '}
                      <Time iso={o.extent.last} />.{' '}
                      <button
                        type="button"
                        onClick={() =>
                          setRange({ kind: 'absolute', from: o.extent!.first, to: o.extent!.last })
                        }
                      >
                        Show that range
                      </button>
                    </p>
                  ) : (
                    <p>
                      Nothing is stored yet: import a capture (
                      <code>ja4ws import &lt;file.pcap&gt;</code>) or start a capture.
                    </p>
                  )}
                </Empty>
              ) : null}
              <div className="stats" data-testid="overview-stats">
                {/* The rate carries its own unit (/s, /min or /h: formatRate picks the readable one). */}
                <Stat label="Event rate (average)" value={formatRate(events / seconds)} />
                <Stat label="Handshakes" value={formatCount(o.totals.handshakes)} />
                <Stat label="Requests" value={formatCount(o.totals.requests)} />
                <Stat label="Flagged IPs" value={formatCount(o.totals.anomalies)} />
                <Stat label="Client IPs" value={formatCount(o.totals.ips)} />
                <Stat label="JA4s" value={formatCount(o.totals.ja4s)} />
              </div>
              {events > 0 || o.totals.anomalies > 0 ? (
                <TrafficChart series={o.series} bucketSeconds={o.bucketSeconds} />
              ) : null}
              <div className="grid-2">
                <TopList
                  title="Top JA4s"
                  items={o.top.ja4}
                  kind="ja4"
                  empty="No fingerprints in this range."
                />
                <TopList
                  title="Top client IPs"
                  items={o.top.ip}
                  kind="ip"
                  empty="No clients in this range."
                />
                <TopList
                  title="Top server names (SNI)"
                  items={o.top.sni}
                  kind="sni"
                  empty="No server names in this range."
                  unit="connections"
                />
                <TopList
                  title="Top hosts"
                  items={o.top.host}
                  kind="host"
                  empty="No HTTP requests in this range (requests come from the ingest socket)."
                  unit="requests"
                />
              </div>
              {/* Asked once the figures are in, so it never delays them. */}
              {o.totals.requests > 0 ? <MismatchTable window={window} /> : null}
            </>
          );
        }}
      </QueryState>
      <section aria-labelledby="handshakes-title" className="card">
        <h2 id="handshakes-title">Recent TLS handshakes</h2>
        <HandshakesTable limit={25} />
      </section>
    </section>
  );
}
