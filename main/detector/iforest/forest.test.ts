import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IsolationForest } from './forest.js';
import { matrixFromRows } from './matrix.js';
import { modelFromJson, modelToJson } from './model-format.js';
import { averagePathLength } from './path-length.js';
import { spearman, topK } from '../util/stats.js';

interface Fixture {
  sklearn_version: string;
  n_estimators: number;
  x: number[][];
  labels: number[];
  score_samples: number[];
  decision_function_contamination_0_05: number[];
  offset_contamination_0_05: number;
}
const fx = JSON.parse(
  readFileSync(new URL('./fixtures/parity.json', import.meta.url), 'utf8'),
) as Fixture;
const X = matrixFromRows(fx.x);

function overlap(a: number[], b: number[]): number {
  const s = new Set(a);
  return b.filter((i) => s.has(i)).length / b.length;
}

describe('IsolationForest parity with scikit-learn (fixtures from tools/sklearn/make-fixtures.py)', () => {
  const model = IsolationForest.fit(X, { nEstimators: fx.n_estimators, seed: 1 });
  const ours = model.scoreSamples(X);
  const k = Math.round(0.05 * X.rows);
  const neg = (a: ArrayLike<number>) => Array.from(a, (v) => -v);

  it('ranks points like sklearn (Spearman >= 0.95)', () => {
    expect(spearman(ours, fx.score_samples)).toBeGreaterThanOrEqual(0.95);
  });

  it('agrees on >= 90% of the top 5% anomalies', () => {
    expect(overlap(topK(neg(ours), k), topK(neg(fx.score_samples), k))).toBeGreaterThanOrEqual(0.9);
  });

  it('produces scores on sklearn scale: within [-1, 0], same mean to 0.02', () => {
    const mean = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0) / a.length;
    expect(Math.min(...ours)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...ours)).toBeLessThanOrEqual(0);
    expect(Math.abs(mean(ours) - mean(fx.score_samples))).toBeLessThan(0.02);
  });

  it('contamination sets the offset at the contamination quantile, like sklearn', () => {
    const m = IsolationForest.fit(X, {
      nEstimators: fx.n_estimators,
      contamination: 0.05,
      seed: 1,
    });
    expect(Math.abs(m.offset - fx.offset_contamination_0_05)).toBeLessThan(0.02);
    const flagged = Array.from(m.predict(X)).filter((p) => p === -1).length;
    expect(flagged).toBe(k);
    const dfOurs = m.decisionFunction(X);
    expect(spearman(dfOurs, fx.decision_function_contamination_0_05)).toBeGreaterThanOrEqual(0.95);
  });

  it("'auto' contamination uses offset -0.5 and flags the planted outliers", () => {
    expect(model.offset).toBe(-0.5);
    const pred = model.predict(X);
    let planted = 0;
    let caught = 0;
    fx.labels.forEach((l, i) => {
      if (l === 1) {
        planted++;
        if (pred[i] === -1) caught++;
      }
    });
    expect(caught / planted).toBeGreaterThan(0.8);
  });
});

describe('IsolationForest behaviour', () => {
  it('is reproducible for a seed and differs across seeds', () => {
    const a = IsolationForest.fit(X, { nEstimators: 50, seed: 9 }).scoreSamples(X);
    const b = IsolationForest.fit(X, { nEstimators: 50, seed: 9 }).scoreSamples(X);
    const c = IsolationForest.fit(X, { nEstimators: 50, seed: 10 }).scoreSamples(X);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  it('sub-samples: each tree sees psi points and respects the height limit', () => {
    const m = IsolationForest.fit(X, { nEstimators: 20, maxSamples: 64, seed: 3 });
    const f = m.forest;
    expect(f.maxSamples).toBe(64);
    const limit = Math.ceil(Math.log2(64));
    for (const root of f.roots) {
      expect(f.size[root]).toBe(64);
      const stack: [number, number][] = [[root, 0]];
      let leafPoints = 0;
      while (stack.length) {
        const [node, depth] = stack.pop()!;
        expect(depth).toBeLessThanOrEqual(limit);
        if (f.feature[node]! < 0) {
          leafPoints += f.size[node]!;
          expect(f.value[node]).toBeCloseTo(depth + averagePathLength(f.size[node]!), 12);
        } else {
          stack.push([f.left[node]!, depth + 1], [f.left[node]! + 1, depth + 1]);
        }
      }
      expect(leafPoints).toBe(64);
    }
  });

  it('c(n) matches the closed form: c(2)=1, c(256)=10.2447', () => {
    expect(averagePathLength(1)).toBe(0);
    expect(averagePathLength(2)).toBe(1);
    expect(averagePathLength(256)).toBeCloseTo(10.2447, 3);
  });

  it('saves and loads a model that scores identically', () => {
    const m = IsolationForest.fit(X, { nEstimators: 30, contamination: 0.1, seed: 5 });
    const json = JSON.parse(
      JSON.stringify(modelToJson(m, ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'])),
    );
    const back = modelFromJson(json);
    expect(back.offset).toBe(m.offset);
    expect(Array.from(back.decisionFunction(X))).toEqual(Array.from(m.decisionFunction(X)));
  });

  it('rejects a corrupt model with a clear error', () => {
    const m = IsolationForest.fit(X, { nEstimators: 2, seed: 5 });
    const json = modelToJson(m);
    expect(() => modelFromJson({ ...json, version: 2 })).toThrow(/invalid model/);
    const cyc = { ...json, left: json.left.map((l, i) => (json.feature[i]! >= 0 ? 0 : l)) };
    expect(() => modelFromJson(cyc)).toThrow(/children out of range/);
  });

  it('rejects bad input: NaN, too few rows, wrong width, bad params', () => {
    expect(() => IsolationForest.fit(matrixFromRows([[1], [Number.NaN]]))).toThrow(/not finite/);
    expect(() => IsolationForest.fit(matrixFromRows([[1]]))).toThrow(/at least 2 rows/);
    expect(() => IsolationForest.fit(X, { contamination: 0.9 })).toThrow();
    const m = IsolationForest.fit(X, { nEstimators: 2 });
    expect(() => m.scoreSamples(matrixFromRows([[1, 2]]))).toThrow(/2 features/);
  });

  it('handles constant data (no split possible) without error', () => {
    const m = IsolationForest.fit(matrixFromRows(Array.from({ length: 50 }, () => [1, 1])), {
      nEstimators: 5,
    });
    const s = m.scoreSamples(matrixFromRows([[1, 1]]));
    // Every tree is a single leaf of 50 points: E[h] = c(50), score = -0.5.
    expect(s[0]).toBeCloseTo(-0.5, 12);
  });
});

describe('scoring layouts', () => {
  it('the branch-free perfect-tree walk gives exactly the pointer walk, NaN included', async () => {
    const { walkPointers } = await import('./score.js');
    const { accumulatePerfect, perfectLayout } = await import('./perfect-layout.js');
    const m = IsolationForest.fit(X, { nEstimators: 50, seed: 4 });
    const data = Float64Array.from(X.data);
    data[5] = Number.NaN;
    data[77] = Number.POSITIVE_INFINITY;
    const a = new Float64Array(X.rows);
    const b = new Float64Array(X.rows);
    walkPointers(m.forest, data, X.rows, X.cols, a);
    accumulatePerfect(perfectLayout(m.forest)!, data, X.rows, X.cols, b);
    expect(Array.from(b)).toEqual(Array.from(a));
  });
});
