#!/usr/bin/env python3
"""SciPy oracle for RecLab's report statistics.

Writes Tests/RecLabReportTests/Fixtures/scipy_stats.json: Student t quantiles,
95 % confidence intervals (scipy.stats.t.interval), paired t-tests
(scipy.stats.ttest_rel), Welch's unequal-variance t-tests with their 95 %
intervals (scipy.stats.ttest_ind(equal_var=False).confidence_interval()) and Wilcoxon signed-rank tests (scipy.stats.wilcoxon,
all defaults: zero_method="wilcox", correction=False, method="auto"), each with
its inputs. Holm-adjusted p-values are computed here from their definition
(SciPy has no Holm function), as an independent implementation.

Run from the package root:
    .venv-bench/bin/python scripts/oracles/scipy_stats.py
"""
import json
import sys
import warnings

import numpy as np
import scipy
from scipy import stats

OUT = "Tests/RecLabReportTests/Fixtures/scipy_stats.json"
COMMAND = ".venv-bench/bin/python scripts/oracles/scipy_stats.py"


def f(x):
    x = float(x)
    return None if np.isnan(x) else x


def main():
    rng = np.random.RandomState(20260101)
    quantiles = []
    for df in [1, 2, 3, 4, 5, 9, 29, 100, 2.5]:
        for p in [0.975, 0.995, 0.9, 0.025, 0.6]:
            quantiles.append({"df": df, "p": p, "t": float(stats.t.ppf(p, df))})

    cis = []
    for n in [2, 3, 5, 10, 30]:
        x = (0.87 + 0.01 * rng.standard_normal(n)).round(6).tolist()
        lo, hi = stats.t.interval(0.95, n - 1, loc=np.mean(x), scale=stats.sem(x))
        cis.append({"x": x, "mean": float(np.mean(x)), "sd": float(np.std(x, ddof=1)),
                    "lower": float(lo), "upper": float(hi)})

    def pair(n, shift, scale=0.01, decimals=6):
        a = (0.87 + scale * rng.standard_normal(n)).round(decimals)
        b = (a + shift + scale * rng.standard_normal(n)).round(decimals)
        return a.tolist(), b.tolist()

    pairs = {
        "n3": pair(3, 0.005),
        "n5": pair(5, 0.01),
        "n8": pair(8, 0.0),
        "n10": pair(10, 0.004),
        "n20": pair(20, 0.002),
        "n30": pair(30, 0.003),
        "n60": pair(60, 0.001),
        "ties6": ([1, 2, 3, 4, 5, 6], [2, 1, 5, 2, 7, 4]),          # |d| = 1,1,2,2,2,2
        "zeros10": ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [1, 3, 3, 2, 8, 6, 4, 12, 9, 16]),
        "ties20": ([float(i % 7) for i in range(20)], [float((i * 3) % 5) for i in range(20)]),
        "ties60": (rng.randint(1, 6, 60).astype(float).tolist(), rng.randint(1, 6, 60).astype(float).tolist()),
        "rounded12": pair(12, 0.003, decimals=2),
    }
    ttests, wilcoxons = [], []
    for name, (a, b) in pairs.items():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            t = stats.ttest_rel(a, b)
            w = stats.wilcoxon(a, b)
        ttests.append({"name": name, "a": a, "b": b, "statistic": f(t.statistic), "p": f(t.pvalue)})
        wilcoxons.append({"name": name, "a": a, "b": b, "statistic": f(w.statistic), "p": f(w.pvalue)})

    welch = []
    for na, nb in [(3, 3), (3, 5), (10, 4), (30, 30)]:
        a = (0.87 + 0.01 * rng.standard_normal(na)).round(6).tolist()
        b = (0.872 + 0.02 * rng.standard_normal(nb)).round(6).tolist()
        r = stats.ttest_ind(a, b, equal_var=False)
        ci = r.confidence_interval(0.95)
        welch.append({"a": a, "b": b, "statistic": float(r.statistic), "p": float(r.pvalue), "df": float(r.df),
                      "lower": float(ci.low), "upper": float(ci.high)})

    holm = []
    for ps in [[0.01, 0.04, 0.03, 0.005], [0.2, 0.5, 0.01], [0.049, 0.051], [0.3]]:
        p = np.asarray(ps)
        order = np.argsort(p)
        m = len(p)
        adj = np.empty(m)
        running = 0.0
        for rank, i in enumerate(order):
            running = max(running, min(1.0, (m - rank) * p[i]))
            adj[i] = running
        holm.append({"p": ps, "adjusted": adj.tolist()})

    doc = {
        "generator": COMMAND,
        "versions": {"python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__},
        "wilcoxon_defaults": "zero_method='wilcox', correction=False, alternative='two-sided', method='auto'",
        "t_quantiles": quantiles,
        "confidence_intervals": cis,
        "paired_t": ttests,
        "wilcoxon": wilcoxons,
        "welch": welch,
        "holm": holm,
    }
    with open(OUT, "w") as fh:
        json.dump(doc, fh, indent=1, sort_keys=True)
        fh.write("\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
