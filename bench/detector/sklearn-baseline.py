#!/usr/bin/python3
"""The simple per-IP baseline of issue 20: a plain scikit-learn IsolationForest (default
parameters, random_state = seed) on eleven per-IP features written by hard-eval.ts. Prints the
anomaly scores (-score_samples, higher = more abnormal) and sklearn's own predictions.

    sklearn-baseline.py <matrix.f64> <rows> <cols> <seed>
"""
import json
import sys

import numpy as np
from sklearn.ensemble import IsolationForest


def main():
    path, rows, cols, seed = sys.argv[1:5]
    x = np.fromfile(path, dtype='<f8').reshape(int(rows), int(cols))
    model = IsolationForest(random_state=int(seed)).fit(x)
    print(json.dumps({
        'scores': (-model.score_samples(x)).tolist(),
        'flagged': (model.predict(x) == -1).tolist(),
    }))


if __name__ == '__main__':
    main()
