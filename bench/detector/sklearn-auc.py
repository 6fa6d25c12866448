#!/usr/bin/python3
"""scikit-learn's IsolationForest on a feature matrix written by auc.bench.ts: prints its scores' ROC-AUC.

    sklearn-auc.py <matrix.f64> <rows> <cols> <labels.u8> <trees> <seed>
"""
import json
import sys

import numpy as np
from sklearn.ensemble import IsolationForest
from sklearn.metrics import roc_auc_score


def main():
    path, rows, cols, labels_path, trees, seed = sys.argv[1:7]
    x = np.fromfile(path, dtype='<f8').reshape(int(rows), int(cols))
    y = np.fromfile(labels_path, dtype=np.uint8)
    model = IsolationForest(n_estimators=int(trees), random_state=int(seed)).fit(x)
    scores = -model.score_samples(x)
    print(json.dumps({'auc': float(roc_auc_score(y, scores))}))


if __name__ == '__main__':
    main()
