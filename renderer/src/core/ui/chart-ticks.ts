// Time-axis ticks on round instants (every 5, 10, 15, 30 minutes, 1, 2, 3, 6, 12 hours or a day),
// chosen from the buckets themselves, so labels read 10:00 10:15 10:30, never 10:03 10:18.
// Giving recharts the ticks also spares it measuring every label in the DOM (`minTickGap` forces
// one layout per label).
const STEPS_MS = [
  60_000,
  2 * 60_000,
  5 * 60_000,
  10 * 60_000,
  15 * 60_000,
  30 * 60_000,
  3600_000,
  2 * 3600_000,
  3 * 3600_000,
  6 * 3600_000,
  12 * 3600_000,
  86_400_000,
  2 * 86_400_000,
  7 * 86_400_000,
];

/**
 * The bucket start times (ISO) to label: those on a multiple of the smallest round step that
 * leaves at most `labels` of them. Round in UTC; whole-hour zones (most) see the same round times.
 */
export function roundTicks(times: readonly string[], labels = 7): string[] {
  if (times.length === 0) return [];
  const ms = times.map((t) => Date.parse(t));
  const span = ms[ms.length - 1]! - ms[0]!;
  for (const step of STEPS_MS) {
    if (span / step > labels) continue;
    const picked = times.filter((_, i) => ms[i]! % step === 0);
    if (picked.length > 0 && picked.length <= labels) return picked;
  }
  // Buckets that are not on round instants at all: every n-th one.
  const every = Math.max(1, Math.ceil(times.length / labels));
  return times.filter((_, i) => i % every === 0);
}
