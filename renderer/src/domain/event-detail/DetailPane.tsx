// Everything stored about one event: the request (every header in the order the client sent
// them, JA4H) and its connection's handshake (JA4, JA4S, JA4T, JA4L, JA4X, JA3, SNI, ALPN…).
// Each fingerprint can be searched from here.
import { useEffect, useMemo, useRef } from 'react';
import type { DetailField } from '../../../../common/api/event-detail.js';
import type { SearchRow, SearchSource } from '../../../../common/api/search.js';
import { useApiQuery } from '../../core/query/useApiQuery.js';
import { Pivot, type PivotKind } from '../../core/ui/Pivot.js';
import { QueryState } from '../../core/ui/States.js';
import { DownloadPcap, rowConnectionId } from '../pcap/index.js';

// Fields that pivot, by stored column name.
const PIVOTS: Record<string, PivotKind> = {
  src_ip: 'ip',
  dst_ip: 'ip',
  ja4: 'ja4',
  ja3: 'ja3',
  tls_server_name: 'sni',
  host: 'host',
  path: 'path',
  user_agent: 'ua',
};

function Fields({ fields, caption }: { fields: DetailField[]; caption: string }) {
  return (
    <table className="grid detail-fields" aria-label={caption}>
      <tbody>
        {fields.map((f) => (
          <tr key={f.name}>
            <th scope="row">{f.name}</th>
            <td className="wrap mono">
              {PIVOTS[f.name] ? <Pivot kind={PIVOTS[f.name]!} value={f.value} /> : f.value}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** What the pane needs of a row: the connection's endpoints, its time and its JA4. */
export type DetailRow = Pick<SearchRow, 'ts' | 'src' | 'src_port' | 'dst' | 'dst_port' | 'ja4'>;

export function DetailPane({
  row,
  source,
  seen,
  onClose,
}: {
  row: DetailRow;
  source: SearchSource;
  /** What the caller already knows of the event (Live: what the sensor delivered), shown while
   * the store does not hold it yet. */
  seen?: DetailField[];
  onClose: () => void;
}) {
  const input = useMemo(
    () => ({
      source,
      ts: row.ts,
      src: row.src,
      src_port: row.src_port,
      dst: row.dst,
      dst_port: row.dst_port,
    }),
    [row, source],
  );
  const q = useApiQuery('search.detail', input);
  const close = useRef<HTMLButtonElement>(null);
  // The latest onClose through a ref: callers pass a new function each render (Live renders at
  // every poll), and focus must move to the pane once per opened row, not at every render.
  const closeFn = useRef(onClose);
  closeFn.current = onClose;
  useEffect(() => close.current?.focus(), [row]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') closeFn.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <aside className="detail-pane" aria-label="Event detail">
      <div className="detail-head">
        <h2>
          {source === 'requests' ? 'Request' : 'Connection'} from{' '}
          <span className="mono">{row.src}</span>
        </h2>
        <button type="button" ref={close} onClick={onClose}>
          Close
        </button>
      </div>
      <p className="detail-pivots">
        {row.ja4 ? (
          <>
            <Pivot kind="ja4" value={row.ja4} label="Profile of this JA4" />{' '}
            <a href={`#/search?ja4=${encodeURIComponent(row.ja4)}&source=${source}`}>
              Search this JA4
            </a>{' '}
          </>
        ) : null}
        <Pivot kind="ip" value={row.src} label="Profile of this IP" />{' '}
        <a href={`#/search?ip=${encodeURIComponent(row.src)}&source=${source}`}>Search this IP</a>
        {source === 'handshakes' ? (
          <>
            {' '}
            <DownloadPcap
              selection={{ conn: [rowConnectionId(row)] }}
              label="Download pcap of this connection"
            />
          </>
        ) : null}
      </p>
      <QueryState q={q} what="the event detail">
        {(d) => (
          <>
            {seen && !d.request && !d.handshake ? (
              <section aria-label="As delivered live">
                <p role="status">
                  Not in the store yet: the writers store live events within seconds.{' '}
                  <button type="button" onClick={q.reload}>
                    Look again
                  </button>
                </p>
                <h3>As delivered live</h3>
                <Fields fields={seen} caption="Live event fields" />
              </section>
            ) : null}
            {d.request ? (
              <section aria-label="Request fields">
                <h3>Request</h3>
                <Fields fields={d.request} caption="Request fields" />
              </section>
            ) : null}
            {d.headers.length > 0 ? (
              <section aria-label="Request headers">
                <h3>Headers ({d.headers.length}, in the order sent)</h3>
                <table className="grid detail-fields" aria-label="Request headers">
                  <tbody>
                    {d.headers.map(([name, value], i) => (
                      <tr key={`${i}-${name}`}>
                        <th scope="row">{name}</th>
                        <td className="wrap mono">{value}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
            ) : null}
            <section aria-label="Handshake fields">
              <h3>The connection’s handshake</h3>
              {d.handshake ? (
                <Fields fields={d.handshake} caption="Handshake fields" />
              ) : (
                <p className="muted">No TLS handshake was captured for this connection.</p>
              )}
            </section>
          </>
        )}
      </QueryState>
    </aside>
  );
}
