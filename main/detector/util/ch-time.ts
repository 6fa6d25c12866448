/** ClickHouse DateTime64(3) text in UTC for a time in ms since the epoch. */
export function chTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}
