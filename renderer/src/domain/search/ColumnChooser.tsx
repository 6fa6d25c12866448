import { columnDefs } from './columns.js';
import { useSearchColumns } from './store.js';

export function ColumnChooser({ source }: { source: 'handshakes' | 'requests' }) {
  const { columns, toggle, reset } = useSearchColumns();
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
                onChange={() => toggle(d.id)}
              />{' '}
              {d.label}
            </label>
          ))}
        <button type="button" onClick={reset}>
          Default columns
        </button>
      </fieldset>
    </details>
  );
}
