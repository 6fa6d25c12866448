import { useEffect, useRef } from 'react';
import { navItems } from './views.js';

// The "g then …" line is made from the navigation's own keys, so it cannot omit one.
const goKeys = navItems.filter((n) => n.key);
export const shortcuts: [string, string][] = [
  ['/', 'Focus the search box (Enter goes there and leaves the box)'],
  ['?', 'Show or hide this list'],
  ['r', 'Refresh (move relative ranges to now)'],
  ['t', 'Switch between light and dark theme'],
  [
    `g then ${goKeys.map((n) => n.key).join(' / ')}`,
    `Go to ${goKeys.map((n) => n.label).join(', ')}`,
  ],
  ['Esc', 'Close this list or the event detail'],
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
