import { useEffect } from 'react';
import { Pivot } from '../../core/ui/Pivot.js';
import { Time } from '../../core/ui/Time.js';
import { ScrollBox } from '../../core/ui/ScrollBox.js';
import { useHandshakes } from './store.js';

export function HandshakesTable({ limit = 200 }: { limit?: number }) {
  const { rows, status, error, load } = useHandshakes();

  useEffect(() => {
    void load(limit);
  }, [load, limit]);

  if (status === 'loading' && rows.length === 0) return <p role="status">Loading handshakes…</p>;
  if (status === 'error') {
    return (
      <div role="alert" className="notice error">
        <p>Could not load handshakes: {error}</p>
        <button onClick={() => void load(limit)}>Try again</button>
      </div>
    );
  }
  if (status === 'ready' && rows.length === 0) {
    return (
      <p className="notice">
        No handshakes stored yet. Import a capture with <code>ja4ws import &lt;file.pcap&gt;</code>{' '}
        or start a capture.
      </p>
    );
  }
  return (
    <ScrollBox label="Recent TLS handshakes">
      <table className="grid" aria-label="Recent TLS handshakes">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Client</th>
            <th scope="col">Server</th>
            <th scope="col">SNI</th>
            <th scope="col">JA4</th>
            <th scope="col">JA4S</th>
            <th scope="col">JA3</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={`${r.ts}-${r.src}-${r.src_port}-${i}`}>
              <td>
                <Time iso={r.ts} ms />
              </td>
              <td className="mono">
                <Pivot kind="ip" value={r.src} />:{r.src_port}
              </td>
              <td className="mono">
                <Pivot kind="ip" value={r.dst} />:{r.dst_port}
              </td>
              <td>
                <Pivot kind="sni" value={r.tls_server_name} />
              </td>
              <td>
                <Pivot kind="ja4" value={r.ja4} />
              </td>
              <td className="mono">{r.ja4s}</td>
              <td>
                <Pivot kind="ja3" value={r.ja3} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}
