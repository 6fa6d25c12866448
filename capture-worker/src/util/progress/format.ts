// Numbers for people on a terminal: sizes in SI units (as `ls -h --si` and file managers show
// capture sizes), counts with thousands separators, durations in s/min/h.

export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 1000) return `${Math.max(0, Math.round(n || 0))} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = -1;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v >= 100 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

/** Thousands separators as en-US writes them; by hand, because the first toLocaleString call
 * loads ICU's number formatting (~8% of `ja4ws fingerprint`'s start-up on a one-packet file). */
export function formatCount(n: number): string {
  const r = Math.round(n);
  if (!Number.isSafeInteger(r)) return r.toLocaleString('en-US');
  const digits = String(r < 0 ? -r : r);
  let out = '';
  for (let end = digits.length; end > 0; end -= 3)
    out = digits.slice(Math.max(0, end - 3), end) + (out === '' ? '' : ',' + out);
  return r < 0 ? '-' + out : out;
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${String(m % 60).padStart(2, '0')} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** How long a finished command took: "0.4 s", "12.3 s", then as formatDuration. */
export function formatElapsed(ms: number): string {
  return ms < 60_000 ? `${(Math.max(0, ms) / 1000).toFixed(1)} s` : formatDuration(ms);
}

/** Per second, in the unit's own words: "10.4 MB/s", "2,300 lines/s". */
export function formatRate(perSecond: number, unit: string): string {
  if (unit === 'bytes') return `${formatBytes(perSecond)}/s`;
  return `${formatCount(perSecond)} ${unit}/s`;
}

export function formatAmount(n: number, unit: string): string {
  return unit === 'bytes' ? formatBytes(n) : `${formatCount(n)} ${unit}`;
}
