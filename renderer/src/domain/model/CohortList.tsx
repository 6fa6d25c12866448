// The cohorts (IPs sharing a JA4, a JA4 + User-Agent or a JA4 + path class) the IP pass would
// flag at the threshold shown: every member IP is lifted to the cohort's score.
import type { PreviewCohort } from '../../../../common/api/model.js';
import { Pivot } from '../../core/ui/Pivot.js';

const KIND: Record<PreviewCohort['kind'], string> = {
  ja4: 'JA4',
  ja4_ua: 'JA4 + User-Agent',
  ja4_path: 'JA4 + path class',
};

export function CohortList({ cohorts }: { cohorts: PreviewCohort[] }) {
  const title = `Cohorts flagged (${cohorts.length})`;
  return (
    <section className="card" aria-label={title}>
      <h3>{title}</h3>
      {cohorts.length === 0 ? (
        <p className="muted">None: no group of IPs sharing a fingerprint scores above it.</p>
      ) : (
        <div className="table-scroll">
          <table className="grid" aria-label="Cohorts flagged">
            <thead>
              <tr>
                <th scope="col">Shared</th>
                <th scope="col">JA4</th>
                <th scope="col">User-Agent or path class</th>
                <th scope="col" className="num">
                  IPs
                </th>
                <th scope="col" className="num">
                  Score
                </th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {cohorts.map((c) => (
                <tr key={`${c.kind}|${c.ja4}|${c.detail}`}>
                  <td>{KIND[c.kind]}</td>
                  <td>
                    <Pivot kind="ja4" value={c.ja4} />
                  </td>
                  <td className="wrap">{c.detail || <span className="muted">any</span>}</td>
                  <td className="num">{c.ips}</td>
                  <td className="num">{c.score.toFixed(3)}</td>
                  <td className="wrap">{c.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
