// A fixed tick interval for time axes. With `minTickGap` recharts measures every tick label in the
// DOM (one forced layout each) to drop overlapping ones; 144 buckets cost tens of milliseconds of
// layout per chart on every render. Every n-th label of evenly spaced buckets needs no measuring.
export function tickInterval(points: number, labels = 7): number {
  return Math.max(0, Math.ceil(points / labels) - 1);
}
