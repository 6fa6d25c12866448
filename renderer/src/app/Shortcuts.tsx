import { useEffect, useRef } from 'react';

export const shortcuts: [string, string][] = [
  ['/', 'Focus the search box'],
  ['?', 'Show or hide this list'],
  ['r', 'Refresh (move relative ranges to now)'],
  ['t', 'Switch between light and dark theme'],
  [
    'g then o / l / s / a / m / n / q',
    'Go to Overview, Live, Search, Anomalies, Model, Sensors, SQL console',
  ],
  ['Esc', 'Close this list'],
];

export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div className="overlay" onClick={onClose}>
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby="shortcuts-title"
        className="dialog"
        tabIndex={-1}
        ref={ref}
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => e.key === 'Escape' && onClose()}
      >
        <h2 id="shortcuts-title">Keyboard shortcuts</h2>
        <dl className="shortcuts">
          {shortcuts.map(([k, what]) => (
            <div key={k}>
              <dt>
                <kbd>{k}</kbd>
              </dt>
              <dd>{what}</dd>
            </div>
          ))}
        </dl>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
