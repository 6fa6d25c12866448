import { formatTime, tzLabel } from '../format/format.js';
import { useTime } from '../time/store.js';

/** A time in the chosen timezone; the exact UTC instant in the tooltip. */
export function Time({ iso, ms = false }: { iso: string | null | undefined; ms?: boolean }) {
  const tz = useTime((s) => s.timezone);
  if (!iso) return <span className="muted">—</span>;
  return (
    <time dateTime={iso} title={`${iso} (${tzLabel(tz)} shown)`}>
      {formatTime(iso, tz, ms)}
    </time>
  );
}
