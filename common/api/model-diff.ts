// What applying candidate parameters changes on the previewed window, from a preview's levels:
// the daemon builds the preview's diff with it and the Model view recomputes it at a dragged
// threshold, so the count a person reads and the lists below it come from one function.
import type { PreviewEntity, PreviewLevel } from './model.js';

export interface PreviewDiff {
  /** Flagged by the candidate, both levels, highest score first. */
  flagged: PreviewEntity[];
  added: PreviewEntity[];
  removed: PreviewEntity[];
  unchanged: number;
}

const key = (e: PreviewEntity) => `${e.level}|${e.src_ip}|${e.ja4}`;
const byScore = (a: PreviewEntity, b: PreviewEntity) => b.score - a.score;

/**
 * `threshold` undefined: each level at the candidate's own threshold. A number: one fixed
 * threshold for both levels, as applying `threshold` does; exact when it is >= every level's
 * floor (lowestExactThreshold), which the view keeps its slider above.
 */
export function previewDiff(levels: readonly PreviewLevel[], threshold?: number): PreviewDiff {
  const flagged: PreviewEntity[] = [];
  const current: PreviewEntity[] = [];
  for (const l of levels) {
    const t = threshold ?? l.threshold;
    // A run flags strictly above the threshold (detect.ts: score > threshold).
    if (t !== null) flagged.push(...l.scored.filter((e) => e.score > t));
    current.push(...l.current);
  }
  flagged.sort(byScore);
  const now = new Set(flagged.map(key));
  const before = new Set(current.map(key));
  return {
    flagged,
    added: flagged.filter((e) => !before.has(key(e))),
    removed: current.filter((e) => !now.has(key(e))).sort(byScore),
    unchanged: flagged.filter((e) => before.has(key(e))).length,
  };
}

/**
 * The lowest threshold at which previewDiff's lists are exact for every level: a level lists every
 * entity above its floor, and every entity it flags at its own threshold.
 */
export function lowestExactThreshold(levels: readonly PreviewLevel[]): number {
  return Math.max(0, ...levels.map((l) => Math.min(l.floor, l.threshold ?? l.floor)));
}
