#!/usr/bin/env python3
"""Surprise oracle for RecLab's rating models.

Fits every Surprise model RecLab also has on ml-latest-small, on the exact
train/test rows RecLab uses (RecLab's seeded 75/25 hold-out for seeds 0, 1, 2,
exported by `rating-bench split`), and records each test RMSE in
Tests/RecLabModelsTests/Fixtures/surprise_rmse.json with the tool versions and
the command. RecLab's tests assert their mean RMSE over the seeds is within
±0.01 of these.

Usage (from the package root, after `swift build -c release --product RatingBench`):
    scripts/oracles/surprise_models.py [--data DIR] [--bench .build/release/RatingBench] [--out FILE]

Surprise is never a runtime dependency of RecLab; this only produces the fixture.
"""
import argparse
import hashlib
import json
import os
import platform
import subprocess
import sys
import tempfile
import time

import numpy as np
import pandas as pd
import surprise
from surprise import (SVD, SVDpp, NMF, BaselineOnly, NormalPredictor, KNNBasic, KNNWithMeans, KNNWithZScore,
                      KNNBaseline, SlopeOne, CoClustering, Dataset, Reader)

SEEDS = [0, 1, 2]

# (RecLab kind, RecLab parameters, Surprise constructor). Parameters are
# Surprise's names; the k-NN sim_options / bsl_options are flattened as RecLab
# does (sim, user_based, min_support, shrinkage).
TUTORIAL_SVD = dict(n_factors=100, n_epochs=20, lr_all=0.005, reg_all=0.02, init_std_dev=0.1)


def models(seed):
    return [
        ("svd", TUTORIAL_SVD, lambda: SVD(random_state=seed, **TUTORIAL_SVD)),
        ("svd", dict(biased=False), lambda: SVD(biased=False, random_state=seed)),
        ("svdpp", {}, lambda: SVDpp(random_state=seed, cache_ratings=True)),
        ("nmf", {}, lambda: NMF(random_state=seed)),
        ("baseline_als", {}, lambda: BaselineOnly(bsl_options=dict(method="als"), verbose=False)),
        ("baseline_sgd", {}, lambda: BaselineOnly(bsl_options=dict(method="sgd"), verbose=False)),
        ("normal_predictor", {}, lambda: NormalPredictor()),
        ("knn_basic", {}, lambda: KNNBasic(verbose=False)),
        ("knn_with_means", {}, lambda: KNNWithMeans(verbose=False)),
        ("knn_with_zscore", {}, lambda: KNNWithZScore(verbose=False)),
        ("knn_baseline", {}, lambda: KNNBaseline(verbose=False)),
        ("knn_basic", dict(sim="cosine", user_based=False),
         lambda: KNNBasic(sim_options=dict(name="cosine", user_based=False), verbose=False)),
        ("knn_with_means", dict(sim="pearson", user_based=True),
         lambda: KNNWithMeans(sim_options=dict(name="pearson", user_based=True), verbose=False)),
        ("knn_baseline", dict(sim="pearson_baseline", user_based=False),
         lambda: KNNBaseline(sim_options=dict(name="pearson_baseline", user_based=False), verbose=False)),
        # Surprise 1.1.5 declares these two models' ratings `cdef int` (half stars truncated);
        # RecLab reproduces that only with surprise_int_ratings (its default uses the ratings as given).
        ("slope_one", dict(surprise_int_ratings=True), lambda: SlopeOne()),
        ("co_clustering", dict(surprise_int_ratings=True), lambda: CoClustering(random_state=seed)),
    ]


def md5(path):
    h = hashlib.md5()
    with open(path, "rb") as f:
        h.update(f.read())
    return h.hexdigest()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(os.environ.get("RECLAB_DATA_DIR", "../shared/data"), "ml-latest-small"))
    ap.add_argument("--bench", default=".build/release/RatingBench")
    ap.add_argument("--out", default="Tests/RecLabModelsTests/Fixtures/surprise_rmse.json")
    ap.add_argument("--only", default=None,
                    help="comma-separated kinds to run; their entries replace those in the existing --out file")
    args = ap.parse_args()

    ratings_csv = os.path.join(args.data, "ratings.csv")
    df = pd.read_csv(ratings_csv)
    reader = Reader(rating_scale=(0.5, 5.0))
    tmp = tempfile.mkdtemp(prefix="reclab-splits-")
    splits = {}
    for seed in SEEDS:
        path = os.path.join(tmp, f"seed{seed}.txt")
        subprocess.run([args.bench, "split", "--data", args.data, "--seed", str(seed), "--out", path],
                       check=True, capture_output=True)
        test_rows = np.loadtxt(path, dtype=np.int64)
        mask = np.zeros(len(df), dtype=bool)
        mask[test_rows] = True
        train_df = df[~mask]  # file order, as RecLab trains
        test_df = df[mask]
        trainset = Dataset.load_from_df(train_df[["userId", "movieId", "rating"]], reader).build_full_trainset()
        testset = list(zip(test_df.userId, test_df.movieId, test_df.rating.astype(float)))
        splits[seed] = (trainset, testset, md5(path), len(test_rows))

    results = []
    for idx, (kind, params, _) in enumerate(models(0)):
        if args.only and kind not in args.only.split(","):
            continue
        rmses, secs = [], []
        for seed in SEEDS:
            trainset, testset, _, _ = splits[seed]
            algo = models(seed)[idx][2]()
            np.random.seed(seed)  # NormalPredictor draws from NumPy's global generator
            t0 = time.perf_counter()
            algo.fit(trainset)
            secs.append(time.perf_counter() - t0)
            preds = algo.test(testset)
            rmses.append(surprise.accuracy.rmse(preds, verbose=False))
        entry = dict(kind=kind, parameters=params, surprise=type(algo).__name__, rmse=rmses,
                     mean_rmse=float(np.mean(rmses)), fit_seconds=secs)
        print(json.dumps(entry), flush=True)
        results.append(entry)

    if args.only and os.path.exists(args.out):
        with open(args.out) as f:
            old = json.load(f)["models"]
        done = {(r["kind"], json.dumps(r["parameters"], sort_keys=True)) for r in results}
        results = [r for r in old if (r["kind"], json.dumps(r["parameters"], sort_keys=True)) not in done] + results
    out = dict(
        description="Surprise test RMSE on ml-latest-small with RecLab's seeded 75/25 hold-out rows",
        citation="Derived from MovieLens ml-latest-small (GroupLens, research use). F. Maxwell Harper and Joseph A. Konstan. 2015. The MovieLens Datasets: History and Context. ACM TiiS 5, 4: 19. https://doi.org/10.1145/2827872",
        tools=dict(surprise=surprise.__version__, numpy=np.__version__, pandas=pd.__version__,
                   python=platform.python_version()),
        command="scripts/oracles/surprise_models.py --data $RECLAB_DATA_DIR/ml-latest-small",
        dataset=dict(name="ml-latest-small", ratings=len(df), ratings_csv_md5=md5(ratings_csv)),
        split=dict(method="SplitStrategy.randomHoldOut(testFraction: 0.25), rows exported by `rating-bench split`",
                   seeds=SEEDS, test_rows_md5={str(s): splits[s][2] for s in SEEDS},
                   test_counts={str(s): splits[s][3] for s in SEEDS}),
        models=results,
    )
    with open(args.out, "w") as f:
        json.dump(out, f, indent=2)
        f.write("\n")
    print("wrote", args.out)


if __name__ == "__main__":
    sys.exit(main())
