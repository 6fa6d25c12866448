import type { SearchSource } from '../../../../common/api/search.js';
import { columnDefs } from './columns.js';
import { useSearchColumns } from './store.js';

export function ColumnChooser({ source }: { source: SearchSource }) {
  const { chosen, toggle, reset } = useSearchColumns();
  const columns = chosen[source];
  return (
    <details className="column-chooser">
      <summary>Columns ({columns.length})</summary>
      <fieldset>
        <legend className="sr-only">Shown columns</legend>
        {columnDefs
          .filter((d) => !d.requestOnly || source === 'requests')
          .map((d) => (
            <label key={d.id}>
              <input
                type="checkbox"
                checked={columns.includes(d.id)}
                onChange={() => toggle(source, d.id)}
              />{' '}
              {d.label}
            </label>
          ))}
        <button type="button" onClick={reset}>
          Default columns and widths
        </button>
      </fieldset>
    </details>
  );
}
