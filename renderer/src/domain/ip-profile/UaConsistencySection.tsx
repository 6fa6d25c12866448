import type { IpProfile } from '../../../../common/api/ip-profile.js';
import { formatCount } from '../../core/format/format.js';
import { Pivot } from '../../core/ui/Pivot.js';

/** Each (User-Agent, JA4) pair of the IP: does the browser the User-Agent claims match the TLS? */
export function UaConsistencySection({ p }: { p: IpProfile }) {
  return (
    <section className="card" aria-labelledby="ip-ua">
      <h2 id="ip-ua">User-Agents vs fingerprints</h2>
      {p.consistency.length === 0 ? (
        <p className="muted">
          No correlated HTTP requests from this IP in the range, so there is no User-Agent to
          compare.
        </p>
      ) : (
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">Verdict</th>
              <th scope="col">User-Agent claims</th>
              <th scope="col">User-Agent</th>
              <th scope="col">JA4</th>
              <th scope="col">JA4 known as</th>
              <th scope="col" className="num">
                Requests
              </th>
            </tr>
          </thead>
          <tbody>
            {p.consistency.map((c) => (
              <tr
                key={`${c.ja4}|${c.user_agent}`}
                className={c.verdict === 'mismatch' ? 'flag' : undefined}
              >
                <td>
                  <span className={`verdict ${c.verdict}`}>
                    {c.verdict === 'mismatch'
                      ? 'Mismatch'
                      : c.verdict === 'consistent'
                        ? 'Consistent'
                        : 'Unknown'}
                  </span>
                </td>
                <td>{c.ua_family}</td>
                <td className="wrap">
                  <Pivot kind="ua" value={c.user_agent} also={{ ip: p.ip }} />
                </td>
                <td>
                  <Pivot kind="ja4" value={c.ja4} />
                </td>
                <td>{c.ja4_application || <span className="muted">unknown</span>}</td>
                <td className="num">{formatCount(c.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
