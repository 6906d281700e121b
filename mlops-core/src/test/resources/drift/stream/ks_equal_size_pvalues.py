#!/usr/bin/python3
"""Reference p-values for KSWIN's exact two-sample Kolmogorov-Smirnov test of two samples of equal size.

For each size n and each statistic k/n, builds two samples whose statistic is exactly k/n and asks
scipy's public ks_2samp(method="exact") for the two-sided p-value. Run with Debian's python3-scipy:

    /usr/bin/python3 ks_equal_size_pvalues.py > ks-equal-size-pvalues.csv
"""
import warnings

import numpy as np
import scipy
from scipy.stats import ks_2samp

SIZES = [2, 3, 5, 10, 17, 30, 50, 100]

print(f"# scipy {scipy.__version__}: size,steps,statistic,pvalue")
for n in SIZES:
    x = np.arange(n, dtype=float)
    for k in range(0, n + 1):
        # Shifting one sample by k - 0.5 positions separates the ECDFs by exactly k/n (k = 0: equal).
        y = x + (k - 0.5 if k > 0 else 0.0)
        with warnings.catch_warnings():
            # Where scipy's exact computation gives up it falls back to the asymptotic p-value,
            # which is no reference for an exact test: such rows are left out.
            warnings.simplefilter("error")
            try:
                result = ks_2samp(x, y, method="exact")
            except RuntimeWarning:
                continue
        assert round(result.statistic * n) == k, (n, k, result.statistic)
        print(f"{n},{k},{result.statistic!r},{result.pvalue!r}")
