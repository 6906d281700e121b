#!/usr/bin/python3
"""Reference values for dev.mlops.core.metrics tests.

Implements scikit-learn's formulas in plain numpy (scikit-learn is not available on the build
machine): roc_auc_score through average ranks (Mann-Whitney), average_precision_score through
precision_recall_curve's step function, log_loss with clipping at 1e-15, macro averages over the
labels present in y_true or y_pred, an expected calibration error with 10 equal-width bins on the
top-class probability, and mean_absolute_error, root mean squared error, MAPE (rows with actual 0
excluded) and r2_score.

Run: python3 mlops-core/src/test/python/metrics_reference.py
The printed numbers are pasted into ClassificationMetricsTest and RegressionMetricsTest.
"""
import numpy as np


def average_ranks(x):
    order = np.argsort(x, kind="mergesort")
    sorted_x = x[order]
    ranks = np.empty(len(x))
    i = 0
    while i < len(x):
        j = i
        while j + 1 < len(x) and sorted_x[j + 1] == sorted_x[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2.0 + 1.0
        i = j + 1
    return ranks


def roc_auc(y, s):
    y = np.asarray(y, dtype=bool)
    n_pos, n_neg = y.sum(), (~y).sum()
    r = average_ranks(np.asarray(s, dtype=float))
    return (r[y].sum() - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg)


def average_precision(y, s):
    y = np.asarray(y, dtype=float)
    s = np.asarray(s, dtype=float)
    order = np.argsort(s, kind="mergesort")[::-1]
    s, y = s[order], y[order]
    distinct = np.where(np.diff(s))[0]
    threshold_idx = np.r_[distinct, y.size - 1]
    tps = np.cumsum(y)[threshold_idx]
    fps = 1 + threshold_idx - tps
    precision = tps / (tps + fps)
    recall = tps / tps[-1]
    # scikit-learn reverses the curve and appends (recall 0, precision 1); the sum is the same.
    return np.sum(np.diff(np.r_[0.0, recall]) * precision)


def prf(y, pred, c):
    tp = np.sum((pred == c) & (y == c))
    npred = np.sum(pred == c)
    nact = np.sum(y == c)
    p = tp / npred if npred else 0.0
    r = tp / nact if nact else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def log_loss(y, P):
    p = np.clip(P[np.arange(len(y)), y], 1e-15, 1 - 1e-15)
    return -np.mean(np.log(p))


def ece(y, P):
    pred = np.argmax(P, axis=1)
    conf = P[np.arange(len(y)), pred]
    bins = np.minimum(np.floor(conf * 10).astype(int), 9)
    total = 0.0
    for b in range(10):
        m = bins == b
        if m.any():
            total += abs(np.mean(pred[m] == y[m]) - np.mean(conf[m])) * m.sum() / len(y)
    return total


def classification(name, y, P, positive=None):
    y = np.asarray(y)
    P = np.asarray(P, dtype=float)
    pred = np.argmax(P, axis=1)
    k = P.shape[1]
    cm = np.zeros((k, k), dtype=int)
    for a, b in zip(y, pred):
        cm[a, b] += 1
    if positive is not None:
        p, r, f = prf(y, pred, positive)
        auc = roc_auc(y == positive, P[:, positive])
        ap = average_precision(y == positive, P[:, positive])
    else:
        used = [c for c in range(k) if (y == c).any() or (pred == c).any()]
        p, r, f = np.mean([prf(y, pred, c) for c in used], axis=0)
        present = [c for c in range(k) if (y == c).any()]
        auc = np.mean([roc_auc(y == c, P[:, c]) for c in present])
        ap = np.mean([average_precision(y == c, P[:, c]) for c in present])
    print(name)
    print("  confusion", cm.tolist())
    for label, value in [("accuracy", np.mean(pred == y)), ("precision", p), ("recall", r),
                         ("f1", f), ("roc_auc", auc), ("pr_auc", ap),
                         ("log_loss", log_loss(y, P)), ("calibration_error", ece(y, P))]:
        print("  %-18s %r" % (label, float(value)))


def regression(name, pred, act):
    pred = np.asarray(pred, dtype=float)
    act = np.asarray(act, dtype=float)
    err = act - pred
    nz = act != 0
    ss_res = np.sum(err ** 2)
    ss_tot = np.sum((act - act.mean()) ** 2)
    print(name)
    for label, value in [("mae", np.mean(np.abs(err))), ("rmse", np.sqrt(np.mean(err ** 2))),
                         ("mape", np.mean(np.abs(err[nz]) / np.abs(act[nz]))),
                         ("r2", 1 - ss_res / ss_tot)]:
        print("  %-18s %r" % (label, float(value)))


BINARY_P = [0.9, 0.8, 0.8, 0.7, 0.6, 0.55, 0.5, 0.4, 0.4, 0.3, 0.2, 0.1]
BINARY_Y = [1, 1, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0]
classification("binary (classes no, yes; positive yes)", BINARY_Y,
               [[1 - p, p] for p in BINARY_P], positive=1)
classification("binary (classes no, yes; positive no)", BINARY_Y,
               [[1 - p, p] for p in BINARY_P], positive=0)

MULTI_P = [[0.7, 0.2, 0.1], [0.3, 0.4, 0.3], [0.2, 0.2, 0.6], [0.5, 0.3, 0.2], [0.1, 0.8, 0.1],
           [0.4, 0.4, 0.2], [0.3, 0.3, 0.4], [0.6, 0.1, 0.3], [0.2, 0.5, 0.3], [0.1, 0.3, 0.6]]
MULTI_Y = [0, 1, 2, 1, 1, 0, 0, 0, 2, 1]
classification("multi-class (cat, dog, bird)", MULTI_Y, MULTI_P)

# A window where "bird" never occurs and is never predicted, and one probability is 0.
ABSENT_P = [[0.7, 0.3, 0.0], [0.2, 0.7, 0.1], [0.6, 0.3, 0.1], [0.45, 0.35, 0.2],
            [0.3, 0.6, 0.1], [0.1, 0.5, 0.4]]
ABSENT_Y = [0, 1, 1, 0, 0, 1]
classification("multi-class without bird", ABSENT_Y, ABSENT_P)

REG_PRED = [2.5, 0.0, 2.1, 7.8, -1.0, 3.3, 10.0, 0.4]
REG_ACT = [3.0, -0.5, 2.0, 7.0, 0.0, 3.0, 12.5, 0.5]
regression("regression", REG_PRED, REG_ACT)
