// One list of entities a preview names (newly flagged, no longer flagged), every row shown: its
// heading's count is the number of rows below it.
import type { PreviewEntity } from '../../../../common/api/model.js';
import { Pivot } from '../../core/ui/Pivot.js';
import { LEVEL_NAMES } from './level-names.js';

export function FlaggedList({ title, list }: { title: string; list: PreviewEntity[] }) {
  const name = `${title} (${list.length})`;
  return (
    <section className="card flagged-list" aria-label={name}>
      <h3>{name}</h3>
      {list.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <div className="table-scroll">
          <table className="grid" aria-label={title}>
            <thead>
              <tr>
                <th scope="col">Level</th>
                <th scope="col">IP</th>
                <th scope="col">JA4</th>
                <th scope="col" className="num">
                  Score
                </th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {list.map((f) => (
                <tr key={`${f.level}|${f.src_ip}|${f.ja4}`}>
                  <td>{LEVEL_NAMES[f.level]}</td>
                  <td>
                    <Pivot kind="ip" value={f.src_ip} />
                  </td>
                  <td>
                    {f.ja4 ? (
                      <Pivot kind="ja4" value={f.ja4} />
                    ) : (
                      <span className="muted">every JA4</span>
                    )}
                  </td>
                  <td className="num">{f.score.toFixed(3)}</td>
                  <td className="wrap">{f.reasons.join('; ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
