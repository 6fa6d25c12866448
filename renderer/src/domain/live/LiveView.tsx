// Streaming table of correlated events: polled in batches, newest first, virtualized so only the
// visible rows are in the DOM; pause, filter, and highlight of IPs with open anomalies. A row
// opens the same event detail as Search (DetailPane).
import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, type MouseEvent, useEffect, useMemo, useRef, useState } from 'react';
import type { LiveEvent } from '../../../../common/api/live.js';
import { formatCount } from '../../core/format/format.js';
import { useApiQuery } from '../../core/query/useApiQuery.js';
import { Pivot } from '../../core/ui/Pivot.js';
import { ErrorNotice } from '../../core/ui/States.js';
import { Time } from '../../core/ui/Time.js';
import { SpacerRow } from '../../core/ui/SpacerRow.js';
import { DetailPane } from '../event-detail/DetailPane.js';
import { POLL_MS, useLive } from './store.js';

const ROW = 28;

/** The live event's own fields, named as the store names them, for the pane until it is stored. */
function seenFields(e: LiveEvent): { name: string; value: string }[] {
  return Object.entries(e)
    .filter(([k, v]) => k !== 'seq' && v !== undefined && v !== '')
    .map(([name, v]) => ({
      name: name === 'src' ? 'src_ip' : name === 'dst' ? 'dst_ip' : name,
      value: String(v),
    }));
}

function matches(e: LiveEvent, f: string): boolean {
  if (!f) return true;
  const t = f.toLowerCase();
  return [e.src, e.dst, e.ja4, e.ja3, e.host, e.path, e.user_agent, e.tls_server_name].some((v) =>
    v?.toLowerCase().includes(t),
  );
}

export function LiveView() {
  const { events, paused, setPaused, missed, received, error, rate } = useLive();
  const [filter, setFilter] = useState('');
  const [onlyAnomalous, setOnlyAnomalous] = useState(false);
  const [open, setOpen] = useState<LiveEvent | undefined>();
  const since = useMemo(
    () => ({
      from: new Date(Date.now() - 86_400_000).toISOString(),
      states: ['new' as const, 'investigating' as const],
      limit: 5000,
    }),
    [],
  );
  const anomalies = useApiQuery('anomalies.list', since);
  const flagged = useMemo(
    () => new Set((anomalies.data?.anomalies ?? []).map((a) => a.src_ip)),
    [anomalies.data],
  );

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout>;
    const loop = async () => {
      await useLive.getState().poll(controller.signal);
      if (!controller.signal.aborted) timer = setTimeout(() => void loop(), POLL_MS);
    };
    void loop();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, []);

  const shown = useMemo(
    () => events.filter((e) => matches(e, filter) && (!onlyAnomalous || flagged.has(e.src))),
    [events, filter, onlyAnomalous, flagged],
  );
  const scroller = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW,
    overscan: 10,
    initialRect: { width: 1200, height: 600 },
  });
  const items = v.getVirtualItems();
  const top = items[0]?.start ?? 0;
  const bottom = v.getTotalSize() - (items[items.length - 1]?.end ?? 0);
  const activate = (e: LiveEvent) => (ev: MouseEvent | KeyboardEvent) => {
    // Pivots in the row navigate instead.
    if ((ev.target as HTMLElement).closest('a, button, input')) return;
    if ('key' in ev && ev.key !== 'Enter') return;
    setOpen(e);
  };

  return (
    <section aria-labelledby="live-title" className="view">
      <h1 id="live-title">Live</h1>
      <div className="results-bar">
        <button
          type="button"
          className="primary"
          onClick={() => setPaused(!paused)}
          aria-pressed={paused}
        >
          {paused ? 'Resume' : 'Pause'}
        </button>
        <label>
          Filter{' '}
          <input
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            placeholder="IP, JA4, host, path, User-Agent"
          />
        </label>
        <label>
          <input
            type="checkbox"
            checked={onlyAnomalous}
            onChange={(e) => setOnlyAnomalous(e.target.checked)}
          />{' '}
          Only IPs with open anomalies
        </label>
        <span
          role="status"
          className="muted"
          data-testid="live-status"
          data-received={received}
          data-missed={missed}
          data-shown={shown.length}
        >
          {paused ? 'Paused. ' : ''}
          {formatCount(Math.round(rate))} events/s, {formatCount(received)} received
          {missed > 0 ? `, ${formatCount(missed)} missed (the buffer moved on)` : ''}; showing{' '}
          {formatCount(shown.length)}
        </span>
      </div>
      {error ? <ErrorNotice what="live events" error={error} /> : null}
      {events.length === 0 && !error ? (
        <p className="notice empty">
          Waiting for events. Live shows traffic as sensors and the HTTP ingest deliver it; imported
          captures appear in Search and Overview.
        </p>
      ) : null}
      <div className={open ? 'with-detail' : undefined}>
        <div
          className="virtual-scroll"
          ref={scroller}
          tabIndex={0}
          aria-label="Live events, scrollable"
        >
          <table className="grid fixed" aria-label="Live events">
            <colgroup>
              {/* Time whole (date and seconds) inside 1440 px: the User-Agent gives way. */}
              <col style={{ width: 175 }} />
              <col style={{ width: 150 }} />
              <col style={{ width: 290 }} />
              <col style={{ width: 190 }} />
              <col style={{ width: 240 }} />
              <col style={{ width: 64 }} />
              <col style={{ width: 240 }} />
            </colgroup>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Client</th>
                <th scope="col">JA4</th>
                <th scope="col">Host / SNI</th>
                <th scope="col">Request</th>
                <th scope="col">Status</th>
                <th scope="col">User-Agent</th>
              </tr>
            </thead>
            <tbody>
              <SpacerRow height={top} cols={7} />
              {items.map((it) => {
                const e = shown[it.index]!;
                return (
                  <tr
                    key={e.seq}
                    className={flagged.has(e.src) ? 'flag clickable' : 'clickable'}
                    title={
                      flagged.has(e.src)
                        ? 'This client is flagged by the detector. Open everything stored about this event'
                        : 'Open everything stored about this event'
                    }
                    aria-selected={open?.seq === e.seq}
                    tabIndex={0}
                    style={{ height: ROW }}
                    onClick={activate(e)}
                    onKeyDown={activate(e)}
                  >
                    <td>
                      <Time iso={e.ts} />
                    </td>
                    <td>
                      <Pivot kind="ip" value={e.src} />
                    </td>
                    <td>
                      <Pivot kind="ja4" value={e.ja4 ?? ''} />
                    </td>
                    <td>
                      {e.host ? (
                        <Pivot kind="host" value={e.host} />
                      ) : (
                        <Pivot kind="sni" value={e.tls_server_name ?? ''} />
                      )}
                    </td>
                    <td className="mono">
                      {e.kind === 'request' ? `${e.method ?? ''} ${e.path ?? ''}` : 'connection'}
                    </td>
                    <td>{e.status ?? ''}</td>
                    <td>
                      <Pivot kind="ua" value={e.user_agent ?? ''} />
                    </td>
                  </tr>
                );
              })}
              <SpacerRow height={bottom} cols={7} />
            </tbody>
          </table>
        </div>
        {open && open.dst !== undefined ? (
          <DetailPane
            row={{
              ts: open.ts,
              src: open.src,
              src_port: open.src_port,
              dst: open.dst,
              dst_port: open.dst_port ?? 0,
              ja4: open.ja4 ?? '',
            }}
            source={open.kind === 'request' ? 'requests' : 'handshakes'}
            seen={seenFields(open)}
            onClose={() => setOpen(undefined)}
          />
        ) : null}
      </div>
    </section>
  );
}
