import { describe, expect, it } from 'vitest';
import { isolationBits, topContributions } from './explain.js';
import { IsolationForest } from './forest.js';
import { matrixFromRows } from './matrix.js';
import { createRng } from '../util/prng.js';

// Normal traffic: 4 features with ordinary spread. The probe rows are extreme in exactly one or two
// known features; the explanation must name those.
const rng = createRng(11);
const gauss = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
const rows = Array.from({ length: 1000 }, () => [
  10 + gauss(),
  50 + 5 * gauss(),
  0.1 + 0.02 * gauss(),
  3 + gauss(),
]);
const X = matrixFromRows(rows);
const model = IsolationForest.fit(X, { nEstimators: 200, seed: 2 });

describe('isolation explanations', () => {
  it('names the one extreme feature first', () => {
    const probe = matrixFromRows([
      [10, 50, 0.1, 40],
      [10, 400, 0.1, 3],
    ]);
    expect(topContributions(model.forest, probe, 0)[0]!.feature).toBe(3);
    expect(topContributions(model.forest, probe, 1)[0]!.feature).toBe(1);
  });

  it('names both extreme features of a two-feature outlier as the top 2', () => {
    const probe = matrixFromRows([[60, 50, 0.9, 3]]);
    const top = topContributions(model.forest, probe, 0, 3).map((c) => c.feature);
    expect(new Set(top.slice(0, 2))).toEqual(new Set([0, 2]));
  });

  it('bits per tree add up to log2(psi / leaf size): an outlier has more bits than an inlier', () => {
    const probe = matrixFromRows([
      [10, 50, 0.1, 3],
      [10, 50, 0.1, 40],
    ]);
    const sum = (a: Float64Array) => a.reduce((s, v) => s + v, 0);
    const inlier = sum(isolationBits(model.forest, probe, 0));
    const outlier = sum(isolationBits(model.forest, probe, 1));
    expect(outlier).toBeGreaterThan(inlier);
    expect(outlier).toBeLessThanOrEqual(Math.log2(256) + 1e-9);
    const shares = topContributions(model.forest, probe, 1, 4).reduce((s, c) => s + c.share, 0);
    expect(shares).toBeCloseTo(1, 9);
  });
});
