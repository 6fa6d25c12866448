import type { IpProfile } from '../../../../common/api/ip-profile.js';
import { formatCount } from '../../core/format/format.js';
import { Pivot } from '../../core/ui/Pivot.js';
import { Time } from '../../core/ui/Time.js';

/** The JA4s this IP used, what they are known as, how often and when. */
export function FingerprintsSection({ p }: { p: IpProfile }) {
  return (
    <section className="card" aria-labelledby="ip-fps">
      <h2 id="ip-fps">Fingerprints used</h2>
      {p.fingerprints.length === 0 ? (
        <p className="muted">No TLS handshakes from this IP in the range.</p>
      ) : (
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">JA4</th>
              <th scope="col">Known as</th>
              <th scope="col" className="num">
                Connections
              </th>
              <th scope="col">First seen</th>
              <th scope="col">Last seen</th>
            </tr>
          </thead>
          <tbody>
            {p.fingerprints.map((f) => (
              <tr key={f.ja4}>
                <td>
                  <Pivot kind="ja4" value={f.ja4} />
                </td>
                <td>{f.application || <span className="muted">unknown</span>}</td>
                <td className="num">{formatCount(f.count)}</td>
                <td>
                  <Time iso={f.first_seen} />
                </td>
                <td>
                  <Time iso={f.last_seen} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
