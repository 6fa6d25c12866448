import { formatTime, isoTime, tzLabel } from '../format/format.js';
import { useTime } from '../time/store.js';

/**
 * A time in the chosen timezone; the exact UTC instant in the tooltip. Takes ISO text or the
 * store's UTC form ("YYYY-MM-DD hh:mm:ss.ffffff").
 */
export function Time({ iso: text, ms = false }: { iso: string | null | undefined; ms?: boolean }) {
  const tz = useTime((s) => s.timezone);
  if (!text) return <span className="muted">—</span>;
  const iso = isoTime(text);
  return (
    <time dateTime={iso} title={`${iso} (${tzLabel(tz)} shown)`}>
      {formatTime(iso, tz, ms)}
    </time>
  );
}
