#!/usr/bin/python3
"""Writes the scikit-learn parity fixtures for main/detector/iforest (run by hand).

    /usr/bin/python3 tools/sklearn/make-fixtures.py

Needs Debian's python3-sklearn. Writes main/detector/iforest/fixtures/parity.json: a seeded data
set (2,000 x 8: two Gaussian clusters of normal points, skewed count-like columns and 4% planted
outliers) and sklearn's score_samples / decision_function for it, with the sklearn version.
1,000 trees: with 200, two sklearn seeds agree only to Spearman ~0.945 on this data (Monte Carlo
noise), so parity could not be told apart from noise. Commit the output; the vitest compares the TypeScript forest against it.
"""
import json
import os

import numpy as np
import sklearn
from sklearn.ensemble import IsolationForest

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'main', 'detector', 'iforest', 'fixtures', 'parity.json')


def make_data(seed=20261124, n=2000, d=8, outlier_share=0.04):
    rng = np.random.default_rng(seed)
    n_out = int(n * outlier_share)
    n_in = n - n_out
    half = n_in // 2
    a = rng.normal(0.0, 1.0, size=(half, d))
    b = rng.normal(3.0, 0.7, size=(n_in - half, d))
    inliers = np.vstack([a, b])
    # Two count-like columns (log-normal, like request counts) to exercise skewed features.
    inliers[:, 6] = rng.lognormal(2.0, 0.5, size=n_in)
    inliers[:, 7] = rng.poisson(5, size=n_in)
    outliers = rng.uniform(-6.0, 9.0, size=(n_out, d))
    outliers[:, 6] = rng.lognormal(4.5, 0.8, size=n_out)
    outliers[:, 7] = rng.poisson(40, size=n_out)
    x = np.vstack([inliers, outliers])
    labels = np.concatenate([np.zeros(n_in, dtype=int), np.ones(n_out, dtype=int)])
    order = rng.permutation(n)
    return np.round(x[order], 6), labels[order]


def main():
    x, labels = make_data()
    auto = IsolationForest(n_estimators=1000, random_state=7).fit(x)
    cont = IsolationForest(n_estimators=1000, contamination=0.05, random_state=7).fit(x)
    out = {
        'generator': 'tools/sklearn/make-fixtures.py',
        'sklearn_version': sklearn.__version__,
        'numpy_version': np.__version__,
        'n_estimators': 1000,
        'max_samples': 'auto',
        'columns': x.shape[1],
        'x': [[float(v) for v in row] for row in x],
        'labels': labels.tolist(),
        'score_samples': [round(float(v), 8) for v in auto.score_samples(x)],
        'decision_function_contamination_0_05': [round(float(v), 8) for v in cont.decision_function(x)],
        'offset_contamination_0_05': float(cont.offset_),
        'offset_auto': float(auto.offset_),
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        json.dump(out, f, separators=(',', ':'))
    print(f'wrote {OUT}: {x.shape[0]} rows x {x.shape[1]} columns, sklearn {sklearn.__version__}')


if __name__ == '__main__':
    main()
