// c(n): average path length of an unsuccessful search in a binary search tree of n points
// (Liu, Ting & Zhou 2008, eq. 1), with the exact harmonic-number approximation
// H(i) = ln(i) + Euler's constant. ml-isolation-forest 0.1.0 adds the constant once instead of
// twice; this is the form scikit-learn uses (_average_path_length).
const EULER_GAMMA = 0.5772156649015329;

export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + EULER_GAMMA) - (2 * (n - 1)) / n;
}
