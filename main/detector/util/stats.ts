// Small statistics helpers used by the detector, its tests and its benchmarks. Dependency-free.

/** Percentile with linear interpolation between closest ranks (numpy's default, as sklearn uses). */
export function percentile(values: ArrayLike<number>, q: number): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const pos = (q / 100) * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  const frac = pos - lo;
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * frac;
}

/** Average ranks (ties share the mean rank), 1-based. */
export function ranks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const out = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && values[idx[j + 1]!] === values[idx[i]!]) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) out[idx[k]!] = r;
    i = j + 1;
  }
  return out;
}

export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i]! - ma;
    const db = b[i]! - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return sab / Math.sqrt(saa * sbb);
}

export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return pearson(ranks(a), ranks(b));
}

/** Indices of the k largest values (ties broken by index). */
export function topK(values: ArrayLike<number>, k: number): number[] {
  return Array.from({ length: values.length }, (_, i) => i)
    .sort((x, y) => values[y]! - values[x]! || x - y)
    .slice(0, k);
}

/** ROC-AUC by the Mann-Whitney U statistic; ties count one half. `labels[i]` true = positive. */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<boolean>): number {
  const r = ranks(scores);
  let pos = 0;
  let sumPos = 0;
  for (let i = 0; i < r.length; i++) {
    if (labels[i]) {
      pos++;
      sumPos += r[i]!;
    }
  }
  const neg = r.length - pos;
  if (pos === 0 || neg === 0) return Number.NaN;
  return (sumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Share of true positives among the k highest scores. */
export function precisionAtK(
  scores: ArrayLike<number>,
  labels: ArrayLike<boolean>,
  k: number,
): number {
  const top = topK(scores, k);
  return top.filter((i) => labels[i]).length / Math.max(1, top.length);
}

export function median(values: ArrayLike<number>): number {
  return percentile(values, 50);
}
