// An empty result's way out: where stored data is (first to last event, any time), with a button
// that moves the time range there (docs/ui.md: empty states offer the range where data exists).
import { useMemo } from 'react';
import { useApiQuery } from '../query/useApiQuery.js';
import type { TimeWindow } from '../time/ranges.js';
import { setRange } from '../time/store.js';
import { Time } from './Time.js';

export function StoredRange({ window }: { window: TimeWindow }) {
  const input = useMemo(() => ({ window, top: 1 }), [window]);
  const q = useApiQuery('overview.stats', input);
  const extent = q.data?.extent;
  if (!extent) return null;
  const inside =
    Date.parse(extent.first) >= Date.parse(window.from) &&
    Date.parse(extent.last) <= Date.parse(window.to);
  if (inside) return null;
  return (
    <p>
      Stored data spans <Time iso={extent.first} /> to <Time iso={extent.last} />.{' '}
      <button
        type="button"
        onClick={() => setRange({ kind: 'absolute', from: extent.first, to: extent.last })}
      >
        Search that range
      </button>
    </p>
  );
}
