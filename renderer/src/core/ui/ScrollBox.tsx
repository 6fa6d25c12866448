// A box that scrolls a wide table sideways inside its card instead of widening the page. It is a
// named, focusable region so keyboard users can scroll it too (axe: scrollable-region-focusable,
// which the SQL console's wide results failed).
import type { ReactNode } from 'react';

export function ScrollBox({
  label,
  className,
  children,
}: {
  /** What scrolls, e.g. "Query result": announced as "<label>, scrollable". */
  label: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div
      className={['table-scroll', className].filter(Boolean).join(' ')}
      role="region"
      aria-label={`${label}, scrollable`}
      tabIndex={0}
    >
      {children}
    </div>
  );
}
