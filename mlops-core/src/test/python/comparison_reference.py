#!/usr/bin/python3
"""Independent reference values for dev.mlops.core.comparison tests.

- McNemar's one-sided test: exact with scipy.stats.binomtest(b, b + c, 0.5, alternative="greater"),
  mid-p as binom.sf(b) + binom.pmf(b) / 2, the continuity-corrected normal approximation as
  norm.sf((b - c - 1) / sqrt(b + c)).
- DeLong's test: the structural components from their definition (every positive against every
  negative, O(m n), not the midrank algorithm the Java code uses), the AUCs checked against
  scikit-learn's roc_auc_score, z and one-sided p-values with scipy.stats.norm; paired (two models on
  the same rows) and unpaired (two samples).
- The pooled two-proportion z-test, one-sided, with scipy.stats.norm.

Run from the repository root with Debian's Python (python3-sklearn, python3-scipy):
  /usr/bin/python3 mlops-core/src/test/python/comparison_reference.py
It writes mlops-core/src/test/resources/comparison/reference.json, read by ComparisonReferenceTest.
"""
import json
import os

import numpy as np
from scipy.stats import binom, binomtest, norm
from sklearn.metrics import roc_auc_score

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "comparison", "reference.json")


def mcnemar(b, c):
    n = b + c
    if n == 0:
        return {"exact": 1.0, "midP": 1.0, "continuityCorrected": 1.0}
    return {"exact": binomtest(b, n, 0.5, alternative="greater").pvalue,
            "midP": min(1.0, binom.sf(b, n, 0.5) + 0.5 * binom.pmf(b, n, 0.5)),
            "continuityCorrected": norm.sf((b - c - 1) / np.sqrt(n))}


def components(scores, positive):
    x, y = scores[positive], scores[~positive]
    psi = (x[:, None] > y[None, :]) + 0.5 * (x[:, None] == y[None, :])
    auc = psi.mean()
    assert abs(auc - roc_auc_score(positive, scores)) < 1e-12
    v10 = np.full(len(scores), np.nan)
    v01 = np.full(len(scores), np.nan)
    v10[positive] = psi.mean(axis=1)
    v01[~positive] = psi.mean(axis=0)
    return auc, v10, v01


def cov(a, b):
    mask = ~np.isnan(a)
    return np.cov(a[mask], b[mask], ddof=1)[0, 1] / mask.sum()


def delong_paired(champion, challenger, positive):
    a1, a10, a01 = components(champion, positive)
    b1, b10, b01 = components(challenger, positive)
    var = (cov(a10, a10) + cov(a01, a01)) + (cov(b10, b10) + cov(b01, b01)) - 2 * (cov(a10, b10) + cov(a01, b01))
    return result(a1, b1, var)


def delong_unpaired(champion, champion_positive, challenger, challenger_positive):
    a1, a10, a01 = components(champion, champion_positive)
    b1, b10, b01 = components(challenger, challenger_positive)
    var = cov(a10, a10) + cov(a01, a01) + cov(b10, b10) + cov(b01, b01)
    return result(a1, b1, var)


def result(champion_auc, challenger_auc, var):
    se = np.sqrt(var)
    z = (challenger_auc - champion_auc) / se
    return {"championAuc": champion_auc, "challengerAuc": challenger_auc, "standardError": se,
            "z": z, "pValueBetter": norm.sf(z), "pValueWorse": norm.cdf(z)}


def proportions(correct1, rows1, correct2, rows2):
    p1, p2 = correct1 / rows1, correct2 / rows2
    pooled = (correct1 + correct2) / (rows1 + rows2)
    z = (p2 - p1) / np.sqrt(pooled * (1 - pooled) * (1 / rows1 + 1 / rows2))
    return {"z": z, "pValueBetter": norm.sf(z), "pValueWorse": norm.cdf(z)}


def scores_for(rng, positive, strength, decimals):
    return np.round(1 / (1 + np.exp(-(strength * (positive * 2 - 1) + rng.normal(0, 1, len(positive))))),
                    decimals)


def main():
    rng = np.random.default_rng(20261202)
    mc = [{"b": b, "c": c, **mcnemar(b, c)} for b, c in
          [(0, 0), (5, 0), (0, 5), (12, 8), (40, 25), (71, 40), (300, 260), (5000, 4800), (3, 10),
           (1, 1), (60, 60)]]
    paired = []
    for n, a_strength, b_strength, decimals in [(300, 0.8, 1.0, 2), (500, 1.0, 1.0, 6), (200, 1.2, 0.7, 3)]:
        positive = rng.random(n) < 0.4
        shared = rng.normal(0, 1, n)
        champion = np.round(1 / (1 + np.exp(-(a_strength * (positive * 2 - 1) + shared))), decimals)
        challenger = np.round(1 / (1 + np.exp(-(b_strength * (positive * 2 - 1) + 0.7 * shared
                                                  + 0.7 * rng.normal(0, 1, n)))), decimals)
        paired.append({"champion": list(champion), "challenger": list(challenger),
                       "positive": [bool(p) for p in positive],
                       **delong_paired(champion, challenger, positive)})
    unpaired = []
    for n1, n2, decimals in [(400, 150, 2), (250, 300, 6)]:
        p1, p2 = rng.random(n1) < 0.3, rng.random(n2) < 0.35
        s1, s2 = scores_for(rng, p1, 1.0, decimals), scores_for(rng, p2, 0.8, decimals)
        unpaired.append({"champion": list(s1), "championPositive": [bool(p) for p in p1],
                         "challenger": list(s2), "challengerPositive": [bool(p) for p in p2],
                         **delong_unpaired(s1, p1, s2, p2)})
    props = [{"correct1": a, "rows1": b, "correct2": c, "rows2": d, **proportions(a, b, c, d)}
             for a, b, c, d in [(800, 1000, 830, 1000), (170, 200, 40, 50), (900, 1000, 80, 100)]]
    with open(OUT, "w") as f:
        json.dump({"mcnemar": mc, "delongPaired": paired, "delongUnpaired": unpaired,
                   "proportions": props}, f)
        f.write("\n")
    print("wrote", os.path.normpath(OUT))


if __name__ == "__main__":
    main()
