// IsolationForest with scikit-learn's public semantics:
//   scoreSamples(X)      = -2^(-E[h(x)]/c(psi))            (lower = more abnormal)
//   offset               = -0.5 for contamination 'auto', else the contamination percentile of
//                          the training scores
//   decisionFunction(X)  = scoreSamples(X) - offset          (negative = anomaly)
//   predict(X)           = -1 for anomalies, 1 otherwise
import { buildForest } from './build.js';
import type { FlatForest } from './flat-forest.js';
import type { Matrix } from './matrix.js';
import { ForestParams, type ForestParamsInput } from './params.js';
import { scoreSamples } from './score.js';
import { createRng } from '../util/prng.js';
import { percentile } from '../util/stats.js';

export class IsolationForest {
  constructor(
    readonly params: ForestParams,
    readonly forest: FlatForest,
    readonly offset: number,
    readonly rowsTrained: number,
  ) {}

  static fit(x: Matrix, input: ForestParamsInput = {}): IsolationForest {
    const params = ForestParams.parse(input);
    if (x.rows < 2) throw new RangeError(`need at least 2 rows to fit, got ${x.rows}`);
    if (x.cols < 1) throw new RangeError('need at least 1 feature to fit');
    for (let i = 0; i < x.data.length; i++) {
      if (!Number.isFinite(x.data[i])) {
        throw new RangeError(
          `value at row ${Math.floor(i / x.cols)}, column ${i % x.cols} is not finite`,
        );
      }
    }
    const psi =
      params.maxSamples === 'auto' ? Math.min(256, x.rows) : Math.min(params.maxSamples, x.rows);
    const forest = buildForest(
      x,
      { nEstimators: params.nEstimators, maxSamples: psi },
      createRng(params.seed),
    );
    const offset =
      params.contamination === 'auto'
        ? -0.5
        : percentile(scoreSamples(forest, x), 100 * params.contamination);
    return new IsolationForest(params, forest, offset, x.rows);
  }

  scoreSamples(x: Matrix): Float64Array {
    return scoreSamples(this.forest, x);
  }

  decisionFunction(x: Matrix): Float64Array {
    const s = this.scoreSamples(x);
    for (let i = 0; i < s.length; i++) s[i]! -= this.offset;
    return s;
  }

  predict(x: Matrix): Int8Array {
    const d = this.decisionFunction(x);
    const out = new Int8Array(d.length);
    for (let i = 0; i < d.length; i++) out[i] = d[i]! < 0 ? -1 : 1;
    return out;
  }

  /** The same forest with another threshold (a fixed offset chosen by the analyst). */
  withOffset(offset: number): IsolationForest {
    return new IsolationForest(this.params, this.forest, offset, this.rowsTrained);
  }
}
