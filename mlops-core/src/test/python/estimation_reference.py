#!/usr/bin/python3
"""Independent reference values for dev.mlops.core.estimation (CBPE) tests.

Implements the definitions of docs/performance-estimation.md from scratch in numpy, with
scikit-learn's IsotonicRegression(out_of_bounds="clip", increasing=True) for the calibration and
scikit-learn's metrics for the realized values, on seeded simulated data:

- binary: a latent x, the true probability sigmoid(1.5 x - 0.3), labels drawn from it; a calibrated
  model scores the true probability, a miscalibrated one sigmoid(2.5 logit + 0.5); the current set
  is drawn from the same distribution or a shifted one (x ~ N(0.8, 1.3) instead of N(0, 1));
  scores are rounded to 4 decimals (so there are ties), one set to 2 decimals (many ties), and one
  set scores raw logits instead of probabilities;
- multi-class: three classes from a softmax of a linear function of two features, calibrated or
  tempered (2 logits + offsets), with or without a shift.

Each case records the estimated metrics with their standard errors and bands, the realized metrics
(checked against scikit-learn's accuracy_score, precision_score, recall_score, f1_score and
roc_auc_score), and the first calibrated probabilities.

Run from the repository root with Debian's Python (python3-sklearn, python3-scipy):
  /usr/bin/python3 mlops-core/src/test/python/estimation_reference.py
It writes mlops-core/src/test/resources/estimation/cbpe-reference.json, read by
CbpeReferenceTest, and the "miscalibrated-shifted" data set as CSV files with the isotonic case's
values for the command line's test (mlops-cli/src/test/resources/estimate/, read by
MlopsCommandIT).
"""
import json
import os

import numpy as np
from scipy.stats import norm
from sklearn.isotonic import IsotonicRegression
from sklearn.metrics import accuracy_score, f1_score, precision_score, recall_score, roc_auc_score

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "estimation", "cbpe-reference.json")
CLI = os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "mlops-cli", "src", "test", "resources",
                   "estimate")
METRICS = ["accuracy", "precision", "recall", "f1", "roc_auc"]
CHUNKS = 10
LEVEL = 0.95


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def ratio(a, b):
    return 0.0 if b == 0 else a / b


def expected_roc_auc(score, p):
    """Rows by score descending, ties grouped, TPR/FPR from cumulative p and 1 - p, trapezoids."""
    pos, neg = p.sum(), (1 - p).sum()
    if pos == 0 or neg == 0:
        return float("nan")
    order = np.argsort(-score, kind="stable")
    s, q = score[order], p[order]
    last_of_group = np.r_[np.nonzero(np.diff(s))[0], len(s) - 1]
    tpr = np.r_[0.0, np.cumsum(q)[last_of_group] / pos]
    fpr = np.r_[0.0, np.cumsum(1 - q)[last_of_group] / neg]
    return float(np.sum((fpr[1:] - fpr[:-1]) * (tpr[1:] + tpr[:-1]) / 2.0))


def binary_metrics(score, predicted, p):
    tp, fp = p[predicted].sum(), (1 - p[predicted]).sum()
    fn, tn = p[~predicted].sum(), (1 - p[~predicted]).sum()
    return [(tp + tn) / len(p), ratio(tp, tp + fp), ratio(tp, tp + fn),
            ratio(tp, tp + 0.5 * (fp + fn)), expected_roc_auc(score, p)]


def multiclass_metrics(scores, p):
    """p is [row, class]; macro over all classes, ROC AUC over the classes where defined."""
    predicted = np.argmax(scores, axis=1)
    k = scores.shape[1]
    tps, precisions, recalls, f1s, aucs = [], [], [], [], []
    for c in range(k):
        is_c = predicted == c
        tp, fp, fn = p[is_c, c].sum(), (1 - p[is_c, c]).sum(), p[~is_c, c].sum()
        tps.append(tp)
        precisions.append(ratio(tp, tp + fp))
        recalls.append(ratio(tp, tp + fn))
        f1s.append(ratio(tp, tp + 0.5 * (fp + fn)))
        auc = expected_roc_auc(scores[:, c], p[:, c])
        if not np.isnan(auc):
            aucs.append(auc)
    return [sum(tps) / len(p), np.mean(precisions), np.mean(recalls), np.mean(f1s),
            np.mean(aucs) if aucs else float("nan")]


def chunk_deviations(n, metrics_of):
    values = np.array([metrics_of(j * n // CHUNKS, (j + 1) * n // CHUNKS) for j in range(CHUNKS)])
    deviations = []
    for m in range(len(METRICS)):
        v = values[:, m][~np.isnan(values[:, m])]
        deviations.append(np.std(v, ddof=1) if len(v) >= 2 else float("nan"))
    return deviations, n / CHUNKS


def bands(values, deviations, chunk_rows, rows):
    z = norm.isf((1 - LEVEL) / 2)
    out = {}
    for name, value, s in zip(METRICS, values, deviations):
        if np.isnan(value):
            continue
        se = s * np.sqrt(chunk_rows / rows)
        out[name] = {"value": value, "standardError": se,
                     "lower": min(value, max(0.0, value - z * se)),
                     "upper": max(value, min(1.0, value + z * se))}
    return out


def check_close(mine, theirs, what):
    for name, a, b in zip(METRICS, mine, theirs):
        assert abs(a - b) < 1e-12, (what, name, a, b)


def realized_binary(score, y, threshold):
    predicted = score >= threshold
    mine = binary_metrics(score, predicted, y.astype(float))
    sk = [accuracy_score(y, predicted), precision_score(y, predicted, zero_division=0),
          recall_score(y, predicted, zero_division=0), f1_score(y, predicted, zero_division=0),
          roc_auc_score(y, score)]
    check_close(mine, sk, "binary realized vs scikit-learn")
    return dict(zip(METRICS, mine))


def realized_multiclass(scores, y, k):
    predicted = np.argmax(scores, axis=1)
    mine = multiclass_metrics(scores, np.eye(k)[y])
    labels = list(range(k))
    sk = [accuracy_score(y, predicted),
          precision_score(y, predicted, labels=labels, average="macro", zero_division=0),
          recall_score(y, predicted, labels=labels, average="macro", zero_division=0),
          f1_score(y, predicted, labels=labels, average="macro", zero_division=0),
          np.mean([roc_auc_score(y == c, scores[:, c]) for c in range(k)])]
    check_close(mine, sk, "multiclass realized vs scikit-learn")
    return dict(zip(METRICS, mine))


def binary_case(name, data, calibration, threshold):
    ref_s, ref_y = np.array(data["reference"]["scores"]), np.array(data["reference"]["labels"])
    cur_s, cur_y = np.array(data["current"]["scores"]), np.array(data["current"]["labels"])
    if calibration == "isotonic":
        iso = IsotonicRegression(out_of_bounds="clip", increasing=True).fit(ref_s, ref_y)
        p = iso.predict(cur_s)
    else:
        p = cur_s.copy()
    estimated = binary_metrics(cur_s, cur_s >= threshold, p)
    ref_pred, ref_truth = ref_s >= threshold, ref_y.astype(float)
    deviations, chunk_rows = chunk_deviations(
        len(ref_s), lambda a, b: binary_metrics(ref_s[a:b], ref_pred[a:b], ref_truth[a:b]))
    return {"dataset": name, "calibration": calibration, "threshold": threshold,
            "estimated": bands(estimated, deviations, chunk_rows, len(cur_s)),
            "realized": realized_binary(cur_s, cur_y, threshold),
            "probabilities": list(p[:25])}


def multiclass_case(name, data, calibration):
    ref_s, ref_y = np.array(data["reference"]["scores"]), np.array(data["reference"]["labels"])
    cur_s, cur_y = np.array(data["current"]["scores"]), np.array(data["current"]["labels"])
    k = ref_s.shape[1]
    if calibration == "isotonic":
        p = np.column_stack([
            IsotonicRegression(out_of_bounds="clip", increasing=True)
            .fit(ref_s[:, c], ref_y == c).predict(cur_s[:, c]) for c in range(k)])
    else:
        p = cur_s.copy()
    total = p.sum(axis=1)[:, None]
    p = np.divide(p, total, out=np.full_like(p, 1.0 / k), where=total != 0)
    estimated = multiclass_metrics(cur_s, p)
    truth = np.eye(k)[ref_y]
    deviations, chunk_rows = chunk_deviations(
        len(ref_s), lambda a, b: multiclass_metrics(ref_s[a:b], truth[a:b]))
    return {"dataset": name, "calibration": calibration,
            "estimated": bands(estimated, deviations, chunk_rows, len(cur_s)),
            "realized": realized_multiclass(cur_s, cur_y, k),
            "probabilities": [list(row) for row in p[:10]]}


def binary_data(rng, n, shifted, miscalibrated, decimals, logits=False):
    x = rng.normal(0.8, 1.3, n) if shifted else rng.normal(0.0, 1.0, n)
    logit = 1.5 * x - 0.3
    y = (rng.random(n) < sigmoid(logit)).astype(int)
    if logits:
        score = logit
    else:
        score = sigmoid(2.5 * logit + 0.5) if miscalibrated else sigmoid(logit)
    return {"scores": [float(v) for v in np.round(score, decimals)], "labels": [int(v) for v in y]}


def multiclass_data(rng, n, shifted, miscalibrated):
    x = rng.normal([0.7, -0.5] if shifted else [0.0, 0.0], 1.0, (n, 2))
    logits = x @ np.array([[1.2, -0.4, -0.8], [0.1, 1.1, -1.0]]) + np.array([0.2, 0.0, -0.3])
    truth = np.exp(logits) / np.exp(logits).sum(axis=1)[:, None]
    y = np.array([rng.choice(3, p=row) for row in truth])
    model = 2.0 * logits + np.array([0.5, -0.5, 0.0]) if miscalibrated else logits
    score = np.exp(model) / np.exp(model).sum(axis=1)[:, None]
    return {"scores": [[float(v) for v in row] for row in np.round(score, 4)],
            "labels": [int(v) for v in y]}


def main():
    rng = np.random.default_rng(20261201)
    datasets = {}
    binary = []
    for mis in (False, True):
        for shifted in (False, True):
            name = ("miscalibrated" if mis else "calibrated") + ("-shifted" if shifted else "")
            datasets[name] = {"reference": binary_data(rng, 800, False, mis, 4),
                              "current": binary_data(rng, 500, shifted, mis, 4)}
            for calibration in ("isotonic", "none"):
                binary.append(binary_case(name, datasets[name], calibration, 0.5))
    datasets["ties"] = {"reference": binary_data(rng, 800, False, True, 2),
                        "current": binary_data(rng, 500, True, True, 2)}
    binary.append(binary_case("ties", datasets["ties"], "isotonic", 0.35))
    datasets["logits"] = {"reference": binary_data(rng, 800, False, False, 6, logits=True),
                          "current": binary_data(rng, 500, True, False, 6, logits=True)}
    binary.append(binary_case("logits", datasets["logits"], "isotonic", 0.0))
    multiclass = []
    for mis in (False, True):
        for shifted in (False, True):
            name = "multiclass-" + ("miscalibrated" if mis else "calibrated") + (
                "-shifted" if shifted else "")
            datasets[name] = {"reference": multiclass_data(rng, 600, False, mis),
                              "current": multiclass_data(rng, 400, shifted, mis)}
            for calibration in ("isotonic", "none"):
                multiclass.append(multiclass_case(name, datasets[name], calibration))
    with open(OUT, "w") as f:
        json.dump({"chunks": CHUNKS, "level": LEVEL, "classes": ["a", "b", "c"],
                   "datasets": datasets, "binary": binary, "multiclass": multiclass}, f)
        f.write("\n")
    print("wrote", os.path.normpath(OUT), len(binary), "binary and", len(multiclass),
          "multi-class cases")
    write_cli_fixtures(datasets["miscalibrated-shifted"],
                       next(c for c in binary if c["dataset"] == "miscalibrated-shifted"
                            and c["calibration"] == "isotonic"))


def write_cli_fixtures(data, case):
    os.makedirs(CLI, exist_ok=True)
    for part in ("reference", "current"):
        with open(os.path.join(CLI, part + ".csv"), "w") as f:
            f.write("customer_id,churn_score,churned\n")
            for i, (score, label) in enumerate(zip(data[part]["scores"], data[part]["labels"])):
                f.write("c%04d,%r,%d\n" % (i, score, label))
    with open(os.path.join(CLI, "expected.json"), "w") as f:
        json.dump({"estimated": {k: v["value"] for k, v in case["estimated"].items()},
                   "bands": case["estimated"], "realized": case["realized"]}, f, indent=1)
        f.write("\n")
    print("wrote", os.path.normpath(CLI))


if __name__ == "__main__":
    main()
