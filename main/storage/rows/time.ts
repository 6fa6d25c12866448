// DateTime64(6) values travel as "seconds.micros" strings: exact (no float rounding) and parsed
// by ClickHouse's basic input format without best-effort mode.
export function microsToDateTime64(us: number | bigint): string {
  const v = BigInt(us);
  const s = v / 1_000_000n;
  const frac = v % 1_000_000n;
  return `${s}.${frac.toString().padStart(6, '0')}`;
}

/** "2026-11-24 21:15:56.123456" (as ClickHouse prints DateTime64(6,'UTC')) -> microseconds. */
export function dateTime64ToMicros(text: string): number {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?/.exec(text);
  if (!m) throw new TypeError(`not a DateTime64 value: ${JSON.stringify(text)}`);
  const ms = Date.parse(`${m[1]}T${m[2]}Z`);
  return ms * 1000 + Number((m[3] ?? '').padEnd(6, '0'));
}
