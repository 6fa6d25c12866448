// How many entities change side when the threshold moves from `current` to `candidate`. Flagged
// entities (score >= current) are known exactly; below the current threshold only the histogram is
// known, so those are counted by whole bins (the answer says when it is approximate).
export interface Histogram {
  edges: number[];
  counts: number[];
}

export function wouldFlip(
  flaggedScores: number[],
  histogram: Histogram,
  current: number,
  candidate: number,
): { unflag: number; flag: number; approximate: boolean } {
  if (candidate >= current) {
    return {
      unflag: flaggedScores.filter((s) => s < candidate).length,
      flag: 0,
      approximate: false,
    };
  }
  let flag = 0;
  let approximate = false;
  const { edges, counts } = histogram;
  for (let i = 0; i < counts.length; i++) {
    const lo = edges[i]!;
    const hi = edges[i + 1] ?? 1;
    if (hi <= candidate || lo >= current) continue;
    if (lo >= candidate && hi <= current) flag += counts[i]!;
    else {
      // A bin straddling a threshold: share it by overlap.
      const overlap = (Math.min(hi, current) - Math.max(lo, candidate)) / (hi - lo);
      flag += Math.round(counts[i]! * overlap);
      approximate = true;
    }
  }
  return { unflag: 0, flag, approximate };
}
