import type { Counted } from '../../../../common/api/time-range.js';
import { formatCount } from '../format/format.js';
import { Pivot, type PivotKind } from './Pivot.js';

/** A ranked list of values with counts and share bars; each value is a pivot. */
export function TopList({
  title,
  items,
  kind,
  empty,
  unit = 'events',
  also,
}: {
  title: string;
  items: Counted[];
  kind?: PivotKind;
  empty: string;
  unit?: string;
  /** Filters each pivot adds to (see Pivot). */
  also?: Record<string, string>;
}) {
  const max = Math.max(1, ...items.map((i) => i.count));
  return (
    <section className="card" aria-label={title}>
      <h3>{title}</h3>
      {items.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <table className="toplist">
          <thead>
            <tr>
              <th scope="col">Value</th>
              <th scope="col" className="num">
                {unit}
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.value}>
                <td>
                  <div
                    className="bar"
                    style={{ width: `${(i.count / max) * 100}%` }}
                    aria-hidden="true"
                  />
                  {kind ? (
                    <Pivot kind={kind} value={i.value} {...(also ? { also } : {})} />
                  ) : (
                    <span className="mono">{i.value}</span>
                  )}
                  {i.label ? <span className="tag">{i.label}</span> : null}
                </td>
                <td className="num">{formatCount(i.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
