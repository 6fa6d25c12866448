import { type FormEvent, useEffect, useState } from 'react';
import { requestOnlyFilters } from '../../../../common/api/search.js';

export const filterFields: { id: string; label: string; placeholder: string; request?: boolean }[] =
  [
    { id: 'ip', label: 'IP or CIDR', placeholder: '203.0.113.7 or 10.0.0.0/8' },
    { id: 'ja4', label: 'JA4', placeholder: 't13d*_8daaf6152771_*' },
    { id: 'ja3', label: 'JA3', placeholder: '32 hex digits, * allowed' },
    { id: 'sni', label: 'SNI', placeholder: '*.example.com' },
    { id: 'sensor', label: 'Sensor', placeholder: 'sensor name, * allowed' },
    { id: 'host', label: 'Host', placeholder: 'shop.example.com', request: true },
    { id: 'path', label: 'Path', placeholder: '/login*', request: true },
    { id: 'user_agent', label: 'User-Agent', placeholder: '*curl*', request: true },
    { id: 'status', label: 'Status', placeholder: '404 or 4xx', request: true },
  ];

export function SearchForm({
  params,
  onSearch,
}: {
  params: Record<string, string>;
  onSearch: (p: Record<string, string | undefined>) => void;
}) {
  const [draft, setDraft] = useState<Record<string, string>>(params);
  useEffect(() => setDraft(params), [params]);
  const source = draft.source === 'requests' ? 'requests' : 'handshakes';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next: Record<string, string | undefined> = {};
    for (const f of filterFields) next[f.id] = draft[f.id]?.trim() || undefined;
    next.mismatch = draft.mismatch === 'yes' ? 'yes' : undefined;
    if (source === 'handshakes') for (const f of requestOnlyFilters) next[f] = undefined;
    next.source = source === 'requests' ? 'requests' : undefined;
    onSearch(next);
  };
  return (
    <form className="search-form" onSubmit={submit} aria-label="Search filters">
      <fieldset className="source">
        <legend>Search in</legend>
        <label>
          <input
            type="radio"
            name="source"
            checked={source === 'handshakes'}
            onChange={() => setDraft({ ...draft, source: 'handshakes' })}
          />{' '}
          TLS handshakes
        </label>
        <label>
          <input
            type="radio"
            name="source"
            checked={source === 'requests'}
            onChange={() => setDraft({ ...draft, source: 'requests' })}
          />{' '}
          HTTP requests (correlated)
        </label>
      </fieldset>
      <div className="filters">
        {filterFields
          .filter((f) => !f.request || source === 'requests')
          .map((f) => (
            <label key={f.id}>
              {f.label}
              <input
                name={f.id}
                value={draft[f.id] ?? ''}
                placeholder={f.placeholder}
                onChange={(e) => setDraft({ ...draft, [f.id]: e.target.value })}
                spellCheck={false}
                autoComplete="off"
              />
            </label>
          ))}
        {source === 'requests' ? (
          <label className="checkbox-filter">
            <input
              type="checkbox"
              name="mismatch"
              checked={draft.mismatch === 'yes'}
              onChange={(e) => setDraft({ ...draft, mismatch: e.target.checked ? 'yes' : '' })}
            />{' '}
            User-Agent claims a browser the JA4 is not
          </label>
        ) : null}
      </div>
      <p className="muted help">
        Values match exactly; <code>*</code> matches any text (for a JA4, per section:{' '}
        <code>t13d*_8daaf6152771_*</code>).
      </p>
      <div className="actions">
        <button type="submit" className="primary">
          Search
        </button>
        <button
          type="button"
          onClick={() =>
            onSearch({
              ...Object.fromEntries(filterFields.map((f) => [f.id, undefined])),
              mismatch: undefined,
            })
          }
        >
          Clear filters
        </button>
      </div>
    </form>
  );
}
