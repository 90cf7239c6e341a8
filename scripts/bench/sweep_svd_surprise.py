#!/usr/bin/env python3
"""Peer for the experiment runner benchmark: the sweep of experiments/sweep-svd.yaml
(SVD n_factors x lr_all x reg_all = 27 configurations, plus BaselineOnly ALS, each
on 3 hold-out splits of 25 %) written as the plain Surprise loop a data scientist
would write, timed end to end (load + split + fit + test RMSE).

Usage: .venv-bench/bin/python scripts/bench/sweep_svd_surprise.py $RECLAB_DATA_DIR/ml-latest-small
Prints one JSON line: seconds, trials, best RMSE, versions.
"""
import itertools, json, sys, time

import pandas as pd
import surprise
from surprise import SVD, BaselineOnly, Dataset, Reader, accuracy
from surprise.model_selection import train_test_split

t0 = time.perf_counter()
folder = sys.argv[1]
ratings = pd.read_csv(f"{folder}/ratings.csv")
data = Dataset.load_from_df(ratings[["userId", "movieId", "rating"]], Reader(rating_scale=(0.5, 5.0)))
trials, best = 0, 9.0
for seed in [0, 1, 2]:
    train, test = train_test_split(data, test_size=0.25, random_state=seed)
    for f, lr, reg in itertools.product([50, 100, 200], [0.002, 0.005, 0.01], [0.02, 0.05, 0.1]):
        algo = SVD(n_factors=f, n_epochs=20, lr_all=lr, reg_all=reg, init_std_dev=0.1, random_state=seed)
        algo.fit(train)
        best = min(best, accuracy.rmse(algo.test(test), verbose=False))
        trials += 1
    algo = BaselineOnly(bsl_options={"method": "als"}, verbose=False)
    algo.fit(train)
    accuracy.rmse(algo.test(test), verbose=False)
    trials += 1
print(json.dumps({"tool": "surprise", "version": surprise.__version__, "pandas": pd.__version__,
                  "trials": trials, "seconds": round(time.perf_counter() - t0, 2), "best_rmse": round(best, 4)}))
