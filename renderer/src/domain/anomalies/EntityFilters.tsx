// The queue's filters: states (with how many entities each holds), level, free text.
import { useEffect, useState } from 'react';
import type { AnomalyState } from '../../../../common/api/anomalies.js';
import { formatCount } from '../../core/format/format.js';
import { stateLabels } from './key.js';
import { type QueueFilters, STATES } from './params.js';

export function EntityFilters({
  filters,
  counts,
  onChange,
}: {
  filters: QueueFilters;
  counts: Record<string, number> | undefined;
  onChange: (params: Record<string, string | undefined>) => void;
}) {
  const [text, setText] = useState(filters.text);
  useEffect(() => setText(filters.text), [filters.text]);
  // Typing settles for a moment before the query runs.
  useEffect(() => {
    if (text === filters.text) return;
    const t = setTimeout(() => onChange({ q: text || undefined }), 300);
    return () => clearTimeout(t);
  }, [text, filters.text, onChange]);
  const toggle = (s: AnomalyState) => {
    const next = filters.states.includes(s)
      ? filters.states.filter((x) => x !== s)
      : [...filters.states, s];
    onChange({ states: next.join(',') || 'none' });
  };
  return (
    <div className="queue-filters">
      <fieldset className="state-filter">
        <legend>Show states</legend>
        {STATES.map((s) => (
          <label key={s}>
            <input
              type="checkbox"
              checked={filters.states.includes(s)}
              onChange={() => toggle(s)}
            />{' '}
            {stateLabels[s]}
            <span className="muted"> ({formatCount(counts?.[s] ?? 0)})</span>
          </label>
        ))}
      </fieldset>
      <label>
        Entity{' '}
        <select
          value={filters.level ?? ''}
          onChange={(e) => onChange({ level: e.target.value || undefined })}
        >
          <option value="">IPs and IP + JA4</option>
          <option value="ip_ja4">IP + JA4 only</option>
          <option value="ip">whole IPs only</option>
        </select>
      </label>
      <label>
        Filter{' '}
        <input
          type="search"
          value={text}
          placeholder="IP, JA4 or reason"
          onChange={(e) => setText(e.target.value)}
        />
      </label>
    </div>
  );
}
