#!/usr/bin/python3
"""Times scikit-learn's IsolationForest fit and score_samples on a raw float64 matrix file.

    sklearn-time.py <matrix.f64> <rows> <cols> <repeats>

Prints one JSON line: median fit and score seconds (wall and CPU), the sklearn version and the scores' mean.
Called by iforest-vs-sklearn.bench.ts so both run on the same data in the same run.
"""
import json
import statistics
import sys
import time

import numpy as np
import sklearn
from sklearn.ensemble import IsolationForest


def main():
    path, rows, cols, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    x = np.fromfile(path, dtype='<f8').reshape(rows, cols)
    fit_times, score_times, fit_cpu, score_cpu = [], [], [], []
    scores = None
    for r in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        model = IsolationForest(n_estimators=100, random_state=r).fit(x)
        fit_times.append(time.perf_counter() - t0)
        fit_cpu.append(time.process_time() - c0)
        t0, c0 = time.perf_counter(), time.process_time()
        scores = model.score_samples(x)
        score_times.append(time.perf_counter() - t0)
        score_cpu.append(time.process_time() - c0)
    print(json.dumps({
        'sklearn_version': sklearn.__version__,
        'fit_s': statistics.median(fit_times),
        'score_s': statistics.median(score_times),
        'fit_cpu_s': statistics.median(fit_cpu),
        'score_cpu_s': statistics.median(score_cpu),
        'mean_score': float(np.mean(scores)),
    }))


if __name__ == '__main__':
    main()
