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
import os
import sys
from collections import Counter

import numpy as np
import scipy
from scipy import stats
from scipy.spatial import distance
from scipy.special import rel_entr

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "reference-values.json")


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
    """A stored list, a generator object expanded here exactly as Java expands it, or
    {"concat": [spec, ...]} joining such parts."""
    if isinstance(spec, dict) and "concat" in spec:
        return np.concatenate([sample(part) for part in spec["concat"]])
    if isinstance(spec, dict):
        return expand(spec)
    return np.asarray(spec, dtype=np.float64)


def stored(values):
    """How a sample of categories is written: the list itself, or for long samples the count of
    each category ({"counts": {...}}); the order of values does not affect any statistic here."""
    if len(values) <= 500:
        return values
    return {"counts": dict(sorted(Counter(values).items()))}


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
            if max(n, m) <= 10000 and n * m > 5_000_000 and d > 0.2:
                continue  # p underflows to 0 here, and the band recursion is at its slowest
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


# --------------------------------------------------------------------------------------------
# Chi-square goodness of fit, as Evidently's "chisquare" stattest (_chi_stat_test) runs it:
#   keys   = the union of the values seen in either sample (missing values dropped)
#   k_norm = len(current) / len(reference)
#   f_exp  = [reference_count[key] * k_norm for key in keys]
#   f_obs  = [current_count[key] for key in keys]
#   p      = scipy.stats.chisquare(f_obs, f_exp).pvalue;   drift when p < threshold
# A category seen only in the current sample has f_exp = 0, so its term (and the statistic) is
# infinite and the p-value 0. With a single category the degrees of freedom are 0 and scipy
# returns NaN (recorded here as such; the Java test documents what it returns instead).
# Cramer's V is computed on the 2 x k table [reference counts; current counts].
# --------------------------------------------------------------------------------------------
def evidently_chisquare(ref, cur):
    keys = sorted(set(ref) | set(cur), key=lambda v: (str(type(v)), v))
    rc = Counter(ref)
    cc = Counter(cur)
    k_norm = len(cur) / len(ref)
    f_exp = [rc[k] * k_norm for k in keys]
    f_obs = [cc[k] for k in keys]
    with np.errstate(divide="ignore", invalid="ignore"):
        res = stats.chisquare(f_obs, f_exp)
    table = np.array([[rc[k] for k in keys], [cc[k] for k in keys]], dtype=np.float64)
    if len(keys) > 1:
        chi2, _, _, _ = stats.chi2_contingency(table, correction=False)
        v = math.sqrt(chi2 / table.sum())
    else:
        v = 0.0
    return fl(res.statistic), fl(res.pvalue), len(keys), v


def chisquare_case(name, ref, cur):
    kind = "numeric" if isinstance(ref[0], float) else "categorical"
    stat, p, k, v = evidently_chisquare(ref, cur)
    return {"name": name, "kind": kind, "reference": stored(ref), "current": stored(cur),
            "statistic": stat, "pvalue": p, "categories": k, "cramers_v": fl(v)}


def categories(n, labels, probs):
    return [str(v) for v in rng.choice(labels, size=n, p=probs)]


def chisquare_cases():
    cases = []
    abc = ["a", "b", "c"]
    cases.append(chisquare_case("same proportions", categories(300, abc, [0.5, 0.3, 0.2]),
                                categories(200, abc, [0.5, 0.3, 0.2])))
    cases.append(chisquare_case("shifted proportions", categories(300, abc, [0.5, 0.3, 0.2]),
                                categories(250, abc, [0.3, 0.3, 0.4])))
    cases.append(chisquare_case("unseen category in current",
                                categories(100, abc, [0.5, 0.3, 0.2]),
                                categories(80, ["a", "b", "c", "d"], [0.4, 0.3, 0.2, 0.1])))
    cases.append(chisquare_case("category vanished from current",
                                categories(100, ["a", "b", "c", "d"], [0.4, 0.3, 0.2, 0.1]),
                                categories(90, abc, [0.5, 0.3, 0.2])))
    cases.append(chisquare_case("constant identical columns", ["x"] * 12, ["x"] * 7))
    cases.append(chisquare_case("constant different columns", ["x"] * 12, ["y"] * 7))
    cases.append(chisquare_case("tiny samples", ["a", "b", "a"], ["b", "b"]))
    cases.append(chisquare_case("tiny samples same values", ["a", "b", "c", "a"], ["c", "b", "a"]))
    cases.append(chisquare_case("numeric values as categories",
                                [float(v) for v in rng.poisson(2, 400)],
                                [float(v) for v in rng.poisson(2.3, 350)]))
    cases.append(chisquare_case("numeric with negative zero", [0.0, 1.0, -0.0, 2.0, 1.0, 0.0],
                                [1.0, 0.0, 2.0, 2.0, -0.0]))
    cases.append(chisquare_case("two values", categories(500, ["yes", "no"], [0.7, 0.3]),
                                categories(400, ["yes", "no"], [0.65, 0.35])))
    many = [f"c{i:02d}" for i in range(40)]
    w = np.arange(1, 41, dtype=float)
    cases.append(chisquare_case("forty categories large samples",
                                categories(20000, many, w / w.sum()),
                                categories(15000, many, (w ** 1.05) / (w ** 1.05).sum())))
    cases.append(chisquare_case("forty categories far apart",
                                categories(3000, many, w / w.sum()),
                                categories(3000, many, w[::-1] / w.sum())))
    return cases


def chi2_sf_cases():
    out = []
    for df in [1, 2, 3, 4, 5, 7, 10, 19, 39, 100, 999, 5000]:
        for ratio in [0.0, 0.01, 0.2, 0.5, 0.9, 1.0, 1.1, 1.5, 2.0, 3.0, 5.0, 10.0, 30.0]:
            x = ratio * df
            out.append({"x": fl(x), "df": df, "sf": fl(stats.chi2.sf(x, df))})
    for x in [50.0, 200.0, 700.0, 1300.0]:
        out.append({"x": x, "df": 1, "sf": fl(stats.chi2.sf(x, 1))})
    return out


# --------------------------------------------------------------------------------------------
# Two-proportion Z-test, as Evidently's "z" stattest (_z_stat_test):
#   both samples constant with the same value -> p = 1
#   otherwise keys are sorted, the first key maps to 0 and the other to 1, and
#   p1 = mean(ref), p2 = mean(cur), P = (p1 n1 + p2 n2) / (n1 + n2)
#   z  = (p1 - p2) / sqrt(P (1 - P) (1/n1 + 1/n2)),  p = 2 (1 - Phi(|z|))
# Evidently's 1 - Phi loses all relative precision below ~1e-16; "pvalue" below is the same
# quantity computed accurately as 2 * norm.sf(|z|), "pvalue_evidently" is Evidently's literal
# expression. Cohen's h = |2 asin(sqrt(p1)) - 2 asin(sqrt(p2))|.
# --------------------------------------------------------------------------------------------
def evidently_z(ref, cur):
    if len(set(ref)) == 1 and len(set(cur)) == 1 and ref[0] == cur[0]:
        return 0.0, 1.0, 1.0, 0.0
    keys = sorted(set(ref) | set(cur))
    r = np.array([0 if v == keys[0] else 1 for v in ref], dtype=float)
    c = np.array([0 if v == keys[0] else 1 for v in cur], dtype=float)
    n1, n2 = len(r), len(c)
    p1 = float(sum(r)) / n1
    p2 = float(sum(c)) / n2
    pooled = float(p1 * n1 + p2 * n2) / (n1 + n2)
    z = (p1 - p2) / np.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2))
    p_evidently = 2 * (1 - stats.norm.cdf(np.abs(z)))
    p = 2 * stats.norm.sf(np.abs(z))
    h = abs(2 * math.asin(math.sqrt(p1)) - 2 * math.asin(math.sqrt(p2)))
    return fl(z), fl(p), fl(p_evidently), h


def z_case(name, ref, cur):
    kind = "numeric" if isinstance(ref[0], float) else "categorical"
    z, p, pe, h = evidently_z(ref, cur)
    return {"name": name, "kind": kind, "reference": stored(ref), "current": stored(cur),
            "statistic": z, "pvalue": p, "pvalue_evidently": pe, "cohens_h": fl(h)}


def z_cases():
    yn = ["no", "yes"]
    cases = []
    cases.append(z_case("same share", categories(400, yn, [0.6, 0.4]), categories(300, yn, [0.6, 0.4])))
    cases.append(z_case("shifted share", categories(400, yn, [0.6, 0.4]), categories(300, yn, [0.4, 0.6])))
    cases.append(z_case("constant identical", ["yes"] * 9, ["yes"] * 4))
    cases.append(z_case("constant different", ["no"] * 9, ["yes"] * 4))
    cases.append(z_case("one value unseen in current", categories(50, yn, [0.9, 0.1]), ["no"] * 30))
    cases.append(z_case("tiny", ["a", "b"], ["b", "b", "a"]))
    cases.append(z_case("binary numeric", [float(v) for v in rng.binomial(1, 0.2, 1000)],
                        [float(v) for v in rng.binomial(1, 0.25, 800)]))
    cases.append(z_case("large samples small shift",
                        categories(200000, yn, [0.5, 0.5]), categories(150000, yn, [0.49, 0.51])))
    cases.append(z_case("large samples large shift (tiny p)",
                        categories(20000, yn, [0.5, 0.5]), categories(20000, yn, [0.4, 0.6])))
    return cases


def normal_sf_cases():
    return [{"z": z, "sf": fl(stats.norm.sf(z))}
            for z in [-8.0, -3.0, -1.0, -0.1, 0.0, 1e-8, 0.3, 1.0, 1.96, 2.5, 4.0, 6.0, 9.0, 15.0,
                      25.0, 37.0]]


# --------------------------------------------------------------------------------------------
# Binning for PSI and Jensen-Shannon, as Evidently's get_binned_data does it:
#   numeric feature with more than 20 distinct reference values:
#       edges = numpy.histogram_bin_edges(concat(reference, current), bins="sturges")
#       shares = numpy.histogram(sample, edges)[0] / len(sample)
#   otherwise (categorical, or numeric with at most 20 distinct reference values):
#       one bin per value of the union of both samples, shares = count / len(sample)
#   PSI fills empty bins (feel_zeroes=True): each zero share becomes 0.0001, or
#       min(non-zero share) / 1e6 when that minimum is <= 0.0001;
#   Jensen-Shannon does not (feel_zeroes=False).
# PSI = sum((ref - cur) * ln(ref / cur))                       (Evidently's "psi")
# JS  = scipy.spatial.distance.jensenshannon(ref, cur)  (natural log; Evidently's default)
# --------------------------------------------------------------------------------------------
def fill_zeroes(shares):
    shares = shares.copy()
    nonzero = shares[shares != 0]
    fill = nonzero.min() / 10 ** 6 if nonzero.min() <= 0.0001 else 0.0001
    np.place(shares, shares == 0, fill)
    return shares


def binned(ref, cur, numeric):
    if numeric and len(set(ref)) > 20:
        edges = np.histogram_bin_edges(np.concatenate([ref, cur]), bins="sturges")
        r = np.histogram(ref, edges)[0] / len(ref)
        c = np.histogram(cur, edges)[0] / len(cur)
        return r, c, len(edges) - 1
    keys = sorted(set(ref) | set(cur))
    rc = Counter(ref)
    cc = Counter(cur)
    r = np.array([rc[k] / len(ref) for k in keys])
    c = np.array([cc[k] / len(cur) for k in keys])
    return r, c, len(keys)


def binned_case(name, ref, cur):
    numeric = not isinstance(ref, list) or isinstance(ref[0], float)
    values_r = list(sample(ref)) if numeric else ref
    values_c = list(sample(cur)) if numeric else cur
    r, c, bins = binned(np.asarray(values_r) if numeric else values_r,
                        np.asarray(values_c) if numeric else values_c, numeric)
    rf, cf = fill_zeroes(r), fill_zeroes(c)
    psi = 0.0
    for a, b in zip(rf, cf):
        psi += (a - b) * np.log(a / b)
    js = distance.jensenshannon(r, c)
    stored_r = ref if isinstance(ref, dict) or numeric else stored(ref)
    stored_c = cur if isinstance(cur, dict) or numeric else stored(cur)
    return {"name": name, "kind": "numeric" if numeric else "categorical",
            "reference": stored_r, "current": stored_c, "bins": bins,
            "psi": fl(psi), "jensenshannon": fl(js)}


def binned_cases():
    cases = []
    cases.append(binned_case("normal shift 0.5", rounded(rng.normal(0, 1, 400)), rounded(rng.normal(0.5, 1, 300))))
    cases.append(binned_case("normal no shift", rounded(rng.normal(0, 1, 500)), rounded(rng.normal(0, 1, 500))))
    cases.append(binned_case("exponential vs wider", rounded(rng.exponential(1, 250)), rounded(rng.exponential(2, 260))))
    cases.append(binned_case("current outside reference range",
                             rounded(rng.uniform(0, 1, 100)), rounded(rng.uniform(0.8, 3, 60))))
    cases.append(binned_case("few numeric values as categories",
                             [float(v) for v in rng.poisson(3, 200)], [float(v) for v in rng.poisson(4, 150)]))
    cases.append(binned_case("numeric value unseen in reference", [1.0, 2.0, 2.0, 3.0], [2.0, 4.0, 4.0]))
    cases.append(binned_case("constant identical columns", [7.0] * 10, [7.0] * 4))
    cases.append(binned_case("constant different columns", [7.0] * 10, [8.0] * 4))
    cases.append(binned_case("categorical with unseen category",
                             categories(300, ["a", "b", "c"], [0.5, 0.3, 0.2]),
                             categories(200, ["a", "b", "c", "d"], [0.4, 0.3, 0.2, 0.1])))
    cases.append(binned_case("categorical tiny", ["x", "y"], ["y", "y", "z"]))
    cases.append(binned_case("large numeric 20000 vs 15000",
                             modular(20000, 7919, 3, 20011), modular(15000, 6997, 11, 15013, 1.1, 0.05)))
    # A reference of 20,000 with a single outlier bin: the smallest non-zero share is 5e-5, so
    # empty bins are filled with 5e-5 / 1e6 instead of 0.0001.
    cases.append(binned_case("smallest share below 0.0001",
                             {"concat": [modular(19999, 7919, 3, 20011), [5.0]]},
                             modular(3000, 6997, 11, 3001, 1.5, 0.0)))
    cases.append(binned_case("32 values in total (a power of two)",
                             [float(v) for v in range(25)], [0.5, 3.25, 40.0, 41.0, 2.0, 2.0, 7.5]))
    return cases


def sturges_cases():
    """numpy.histogram_bin_edges(values, bins='sturges') on assorted inputs, and the counts of
    numpy.histogram(values, edges)."""
    out = []
    inputs = [
        [1.0],
        [3.0, 3.0, 3.0],
        [0.0, 1.0],
        [float(v) for v in range(16)],
        [float(v) for v in range(32)],
        [float(v) for v in range(1024)],
        [float(v) * 0.1 for v in range(1000)],
        rounded(rng.normal(0, 1, 777)),
        rounded(rng.normal(1e6, 1, 64)),
        [-5.5, -1.25, 0.0, 2.0, 2.0, 2.0, 9.75],
        [1e-300, 2e-300, 3e-300, 5e-300],
        rounded(rng.lognormal(0, 2, 2048), 5),
    ]
    for values in inputs:
        a = np.asarray(values, dtype=np.float64)
        edges = np.histogram_bin_edges(a, bins="sturges")
        counts = np.histogram(a, edges)[0]
        out.append({"values": values, "edges": [fl(e) for e in edges], "counts": [int(c) for c in counts]})
    return out


# --------------------------------------------------------------------------------------------
# Normalised Wasserstein-1, as Evidently's "wasserstein" stattest:
#   wasserstein_distance(reference, current) / max(numpy.std(reference), 0.001), drift at >= 0.1
# "distance" is scipy.stats.wasserstein_distance itself; weighted cases check the weighted form.
# --------------------------------------------------------------------------------------------
def wasserstein_case(name, ref, cur):
    r = sample(ref)
    c = sample(cur)
    d = stats.wasserstein_distance(r, c)
    norm = max(np.std(r), 0.001)
    return {"name": name, "reference": ref, "current": cur, "distance": fl(d),
            "std": fl(np.std(r)), "statistic": fl(d / norm)}


def wasserstein_cases():
    cases = []
    cases.append(wasserstein_case("tiny", [0.0, 1.0, 3.0], [5.0, 6.0, 8.0]))
    cases.append(wasserstein_case("single values", [1.0], [2.5]))
    cases.append(wasserstein_case("ties", [1.0, 1.0, 2.0, 2.0, 2.0, 3.0], [1.0, 2.0, 2.0, 4.0]))
    cases.append(wasserstein_case("constant reference (std floored at 0.001)", [2.0] * 6, [2.0, 2.0, 2.001]))
    cases.append(wasserstein_case("constant identical", [2.0] * 6, [2.0] * 3))
    cases.append(wasserstein_case("normal shift", rounded(rng.normal(0, 2, 300)), rounded(rng.normal(0.3, 2, 200))))
    cases.append(wasserstein_case("normal no shift", rounded(rng.normal(5, 1, 1000)), rounded(rng.normal(5, 1, 900))))
    cases.append(wasserstein_case("large 20000 vs 15000",
                                  modular(20000, 7919, 3, 20011), modular(15000, 6997, 11, 15013, 1.1, 0.05)))
    return cases


def wasserstein_weighted_cases():
    out = []
    for (u, uw, v, vw) in [
        ([0.0, 1.0, 3.0], [1.0, 2.0, 1.0], [5.0, 6.0, 8.0], [1.0, 1.0, 4.0]),
        ([1.0, 2.0, 2.0, 7.0], [0.5, 0.25, 0.25, 3.0], [2.0, 3.0], [10.0, 1.0]),
        (rounded(rng.normal(0, 1, 50)), [float(w) for w in rng.randint(1, 9, 50)],
         rounded(rng.normal(0.2, 1, 40)), [float(w) for w in rng.randint(1, 9, 40)]),
    ]:
        out.append({"u": u, "u_weights": uw, "v": v, "v_weights": vw,
                    "distance": fl(stats.wasserstein_distance(u, v, uw, vw))})
    return out


def jensenshannon_vectors():
    """scipy.spatial.distance.jensenshannon on raw vectors (normalised by scipy), natural log and base 2."""
    out = []
    for p, q in [([0.5, 0.5], [0.5, 0.5]), ([1.0, 0.0], [0.0, 1.0]), ([3, 1, 0, 2], [1, 1, 1, 1]),
                 ([0.1, 0.2, 0.7], [0.3, 0.3, 0.4]), ([10, 0, 5], [0, 4, 7])]:
        out.append({"p": [float(x) for x in p], "q": [float(x) for x in q],
                    "e": fl(distance.jensenshannon(p, q)), "base2": fl(distance.jensenshannon(p, q, 2.0))})
    return out


# --------------------------------------------------------------------------------------------
# Anderson-Darling k-sample test with k = 2, scipy.stats.anderson_ksamp([reference, current])
# (midrank=True): "statistic" is scipy's normalised A2, "pvalue" its interpolated significance
# level, capped at 0.25 and floored at 0.001 as scipy documents.
# Cramer-von Mises two-sample test, scipy.stats.cramervonmises_2samp(reference, current) with
# method='auto' (exact when both samples have at most 20 values, asymptotic otherwise); cases
# with "method": "asymptotic" force the asymptotic p-value on small samples too.
# Both report the same effect size in the Java code (root-mean-square ECDF difference over the
# pooled sample), computed here as "rms_ecdf".
# --------------------------------------------------------------------------------------------
def rms_ecdf(r, c):
    pooled = np.concatenate([r, c])
    fr = np.searchsorted(np.sort(r), pooled, side="right") / len(r)
    fc = np.searchsorted(np.sort(c), pooled, side="right") / len(c)
    return math.sqrt(np.mean((fr - fc) ** 2))


def anderson_case(name, ref, cur):
    r = sample(ref)
    c = sample(cur)
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = stats.anderson_ksamp([r, c])
    return {"name": name, "reference": ref, "current": cur, "statistic": fl(res.statistic),
            "pvalue": fl(res.significance_level), "rms_ecdf": fl(rms_ecdf(r, c))}


def cvm_case(name, ref, cur, method="auto"):
    r = sample(ref)
    c = sample(cur)
    res = stats.cramervonmises_2samp(r, c, method=method)
    return {"name": name, "reference": ref, "current": cur, "method": method,
            "statistic": fl(res.statistic), "pvalue": fl(res.pvalue), "rms_ecdf": fl(rms_ecdf(r, c))}


def ecdf_cases(make):
    cases = []
    cases.append(make("tiny", [0.1, 0.7, 1.3], [0.4, 2.2, 2.5]))
    cases.append(make("tiny with ties", [1.0, 2.0, 2.0, 3.0], [2.0, 3.0, 3.0, 4.0, 4.0]))
    cases.append(make("small shifted", rounded(rng.normal(0, 1, 15)), rounded(rng.normal(1.0, 1, 12))))
    cases.append(make("small identical distribution", rounded(rng.normal(0, 1, 20)), rounded(rng.normal(0, 1, 20))))
    cases.append(make("medium no shift", rounded(rng.normal(0, 1, 150)), rounded(rng.normal(0, 1, 120))))
    cases.append(make("medium small shift", rounded(rng.normal(0, 1, 200)), rounded(rng.normal(0.25, 1, 180))))
    cases.append(make("medium large shift", rounded(rng.normal(0, 1, 90)), rounded(rng.normal(1.5, 1, 110))))
    cases.append(make("integer ties", [float(v) for v in rng.poisson(4, 80)], [float(v) for v in rng.poisson(4.5, 70)]))
    cases.append(make("large 20000 vs 15000",
                      modular(20000, 7919, 3, 20011), modular(15000, 6997, 11, 15013, 1.0, 0.01)))
    cases.append(make("unequal 3000 vs 25", modular(3000, 7919, 3, 3001), modular(25, 7, 2, 29, 1.0, 0.1)))
    return cases


def anderson_cases():
    return ecdf_cases(anderson_case)


def cvm_cases():
    cases = ecdf_cases(cvm_case)
    cases.append(cvm_case("tiny asymptotic", [0.1, 0.7, 1.3], [0.4, 2.2, 2.5], "asymptotic"))
    cases.append(cvm_case("small with ties asymptotic", [1.0, 2.0, 2.0, 3.0], [2.0, 3.0, 3.0, 4.0, 4.0], "asymptotic"))
    cases.append(cvm_case("exact 20 vs 19", rounded(rng.normal(0, 1, 20)), rounded(rng.normal(0.6, 1, 19))))
    cases.append(cvm_case("exact 2 vs 2", [1.0, 2.0], [3.0, 4.0]))
    cases.append(cvm_case("exact 7 vs 6 interleaved", rounded(rng.normal(0, 1, 7)), rounded(rng.normal(0, 1, 6))))
    cases.append(cvm_case("constant identical columns", [3.0] * 25, [3.0] * 30))
    return cases


def cvm_limit_cases():
    from scipy.special import kve
    from scipy.stats._hypotests import _cdf_cvm_inf
    kv = [{"q": q, "kve": fl(kve(0.25, q))} for q in [1e-4, 0.003, 0.05, 0.5, 1.0, 2.5, 10.0, 40.0, 300.0, 5000.0]]
    cdf = [{"x": x, "cdf": fl(_cdf_cvm_inf(x))} for x in [0.003, 0.01, 0.05, 0.1, 0.2, 0.3, 0.461, 0.7, 1.0, 1.5, 2.5]]
    return {"kve_quarter": kv, "cdf_inf": cdf}


def main():
    ref = {
        "generator": "mlops-core/src/test/resources/drift/generate_reference.py",
        "python": sys.version.split()[0],
        "scipy": scipy.__version__,
        "numpy": np.__version__,
        "ks": ks_cases(),
        "ks_pvalue": ks_pvalue_cases(),
        "kstwo_sf": kstwo_cases(),
        "chisquare": chisquare_cases(),
        "chi2_sf": chi2_sf_cases(),
        "ztest": z_cases(),
        "normal_sf": normal_sf_cases(),
        "binned": binned_cases(),
        "sturges": sturges_cases(),
        "wasserstein": wasserstein_cases(),
        "wasserstein_weighted": wasserstein_weighted_cases(),
        "jensenshannon_vectors": jensenshannon_vectors(),
        "anderson": anderson_cases(),
        "cvm": cvm_cases(),
        "cvm_limit": cvm_limit_cases(),
    }
    # One line per case keeps the file small and its diffs readable.
    with open(OUT, "w") as f:
        f.write("{\n")
        items = list(ref.items())
        for i, (key, value) in enumerate(items):
            f.write(json.dumps(key) + ": ")
            if isinstance(value, list):
                f.write("[\n")
                f.write(",\n".join("  " + json.dumps(case, separators=(",", ":")) for case in value))
                f.write("\n]")
            else:
                f.write(json.dumps(value))
            f.write(",\n" if i < len(items) - 1 else "\n")
        f.write("}\n")


if __name__ == "__main__":
    main()
