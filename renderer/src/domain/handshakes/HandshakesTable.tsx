import { useEffect } from 'react';
import { useHandshakes } from './store.js';

export function HandshakesTable() {
  const { rows, status, error, load } = useHandshakes();

  useEffect(() => {
    void load();
  }, [load]);

  if (status === 'loading' && rows.length === 0) return <p role="status">Loading handshakes…</p>;
  if (status === 'error') {
    return (
      <div role="alert" className="notice error">
        <p>Could not load handshakes: {error}</p>
        <button onClick={() => void load()}>Try again</button>
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
    <div className="table-scroll">
      <table className="grid" aria-label="Recent TLS handshakes">
        <thead>
          <tr>
            <th scope="col">Time (UTC)</th>
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
              <td>{r.ts.replace('T', ' ').replace('Z', '')}</td>
              <td className="mono">
                {r.src}:{r.src_port}
              </td>
              <td className="mono">
                {r.dst}:{r.dst_port}
              </td>
              <td>{r.tls_server_name}</td>
              <td className="mono">{r.ja4}</td>
              <td className="mono">{r.ja4s}</td>
              <td className="mono">{r.ja3}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
