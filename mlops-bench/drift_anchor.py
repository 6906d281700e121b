#!/usr/bin/python3
"""The scipy side of `mlops-bench/compare.sh drift` (see docs/benchmarks.md).

    /usr/bin/python3 drift_anchor.py DIR ROWS FEATURES REPEATS

Reads the columns DriftComparison wrote (DIR/reference.f64, DIR/current.f64: column after column,
little-endian doubles) and computes, per feature, what a Python user computes for the SDK's two
reports: Evidently's normalised Wasserstein distance, scipy.stats.wasserstein_distance(reference,
current) / numpy.std(reference), and scipy.stats.ks_2samp(reference, current). Each full pass
over the features is timed (REPEATS times); one line per pass ("scipy wasserstein 1 12.345 s"),
and each feature's statistic and p-value go to DIR/scipy-wasserstein.tsv and DIR/scipy-ks.tsv.
"""

import os
import sys
import time

import numpy as np
from scipy import stats


def load(path, rows, features):
    return np.fromfile(path, dtype="<f8").reshape(features, rows)


def wasserstein(reference, current):
    distance = stats.wasserstein_distance(reference, current)
    return distance / max(np.std(reference), 0.001), None


def ks(reference, current):
    result = stats.ks_2samp(reference, current)
    return result.statistic, result.pvalue


def main():
    directory, rows, features, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    reference = load(os.path.join(directory, "reference.f64"), rows, features)
    current = load(os.path.join(directory, "current.f64"), rows, features)
    for kind, test in (("wasserstein", wasserstein), ("ks", ks)):
        for r in range(1, repeats + 1):
            start = time.perf_counter()
            results = [test(reference[f], current[f]) for f in range(features)]
            print(f"scipy {kind} {r} {time.perf_counter() - start:.3f} s", flush=True)
        with open(os.path.join(directory, f"scipy-{kind}.tsv"), "w") as out:
            for f, (statistic, p) in enumerate(results):
                out.write(f"x{f}\t{kind}\t{statistic!r}\t{'' if p is None else repr(p)}\n")


if __name__ == "__main__":
    main()
