// Numbers and times for people: grouped digits, compact large counts, times in the chosen zone.
const intFmt = new Intl.NumberFormat('en-US');
const compactFmt = new Intl.NumberFormat('en-US', {
  notation: 'compact',
  maximumFractionDigits: 1,
});

export function formatCount(n: number): string {
  return Math.abs(n) >= 100_000 ? compactFmt.format(n) : intFmt.format(Math.round(n * 100) / 100);
}

export function formatRate(perSecond: number): string {
  if (perSecond === 0) return '0/s';
  if (perSecond < 0.01) return `${(perSecond * 3600).toFixed(1)}/h`;
  if (perSecond < 1) return `${(perSecond * 60).toFixed(1)}/min`;
  return `${formatCount(Math.round(perSecond * 10) / 10)}/s`;
}

/** Bytes in one family of units (B, KiB, MiB, GiB), so columns of sizes compare at a glance. */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${formatCount(v)} B` : `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

export function formatPercent(share: number | null): string {
  return share === null ? '—' : `${(share * 100).toFixed(share < 0.1 && share > 0 ? 1 : 0)}%`;
}

export function formatMs(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3600_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3600_000).toFixed(1)} h`;
}

function zone(tz: string): string | undefined {
  return tz === 'local' ? undefined : tz;
}

// Building an Intl.DateTimeFormat costs far more than formatting with one (it was the Live view's
// largest JavaScript cost at 2,000 events/s), so one is kept per zone.
const timeFormats = new Map<string, Intl.DateTimeFormat>();
function timeFormat(tz: string): Intl.DateTimeFormat {
  let f = timeFormats.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone(tz),
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    timeFormats.set(tz, f);
  }
  return f;
}

/** ISO text from the store's UTC form "YYYY-MM-DD hh:mm:ss[.ffffff]"; other text unchanged. */
export function isoTime(s: string): string {
  return /^\d{4}-\d{2}-\d{2} \d{2}:/.test(s) ? `${s.replace(' ', 'T')}Z` : s;
}

/** "2026-11-24 21:15:56" in the zone (seconds; milliseconds when asked). */
export function formatTime(iso: string, tz: string, withMs = false): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = timeFormat(tz).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const ms = withMs ? `.${String(d.getUTCMilliseconds()).padStart(3, '0')}` : '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}${ms}`;
}

/** Short axis label: time of day for short spans, date for long ones. */
export function formatTick(iso: string, tz: string, spanMs: number): string {
  const full = formatTime(iso, tz);
  return spanMs > 2 * 86_400_000
    ? full.slice(5, 10) + (spanMs < 10 * 86_400_000 ? ` ${full.slice(11, 16)}` : '')
    : full.slice(11, 16);
}

export function tzLabel(tz: string): string {
  return tz === 'local' ? timeFormat('local').resolvedOptions().timeZone : tz;
}
