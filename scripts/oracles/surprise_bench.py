#!/usr/bin/env python3
"""Rating-model benchmark: RecLab vs Surprise 1.1.5 vs LibMF 0.9.2, same data, same run.

For each dataset, RecLab's seeded 75/25 hold-out (seed 0, rows exported by
`rating-bench split`) is given to every tool. Rounds are interleaved
(RecLab, Surprise, LibMF, RecLab, …) and each side's best fit time over the
rounds is kept, because timings on the shared 2-core machine swing with host
load. Test RMSE is reported for each side (a faster result with worse RMSE
does not count). Each side's median over the rounds is reported too (the
summary in BENCHMARKS.md uses medians), and its peak RSS: RecLab's is its own
process (load, split, fit, predict); the peers run inside this Python process,
so theirs is this process's peak so far (data frames and Surprise's trainset
included).

On sets larger than --extrapolate-above ratings, Surprise SVD is not fitted for
20 epochs: it is fitted once for each of a few epoch counts (--extrapolate-epochs,
default 1,3,5) and its 20-epoch fit time is extrapolated from the least-squares
line through those times; no RMSE then.

Usage (from the package root, after `swift build -c release --product RatingBench`):
    scripts/oracles/surprise_bench.py [--data DIR ...] [--rounds 3] [--skip-slow]
        [--cases svd,svdpp,knn] [--json FILE]
Prints a Markdown table (paste into BENCHMARKS.md `## Rating models`) and JSON lines;
--json FILE also writes every row (medians, bests, RMSE, peak RSS) as a JSON list
(scripts/bench-peers reads it).
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import tempfile
import time

import numpy as np
import pandas as pd
import surprise
from surprise import SVD, SVDpp, KNNBaseline, KNNBasic, Dataset, Reader
from libmf import mf

TUTORIAL = dict(n_factors=100, n_epochs=20, lr_all=0.005, reg_all=0.02, init_std_dev=0.1)


def reclab(bench, data, test_path, kind, params):
    args = ["/usr/bin/time", "-f", "RSS_KB %M", bench, "fit", "--data", data, "--test", test_path, "--kind", kind,
            "--seed", "0"]
    args += [f"{k}={v}" for k, v in params.items()]
    p = subprocess.run(args, check=True, capture_output=True, text=True)
    r = json.loads(p.stdout.strip().splitlines()[-1])
    rss = [ln for ln in p.stderr.splitlines() if ln.startswith("RSS_KB ")]
    if rss:  # peak RSS of the whole RecLab process (data load, split, fit, predict)
        r["peak_rss_mb"] = int(rss[-1].split()[1]) / 1024
    return r


def peak_rss_mb():
    """This Python process's peak RSS so far (data frames, Surprise trainset and every peer run so far)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def surprise_fit(make, trainset, testset):
    algo = make()
    c0 = time.process_time()
    t0 = time.perf_counter()
    algo.fit(trainset)
    t1 = time.perf_counter()
    c1 = time.process_time()
    preds = algo.test(testset)
    t2 = time.perf_counter()
    return dict(fit_seconds=t1 - t0, fit_cpu_seconds=c1 - c0, predict_seconds=t2 - t1,
                rmse=surprise.accuracy.rmse(preds, verbose=False), peak_rss_mb=peak_rss_mb())


def surprise_svd_extrapolated(trainset, epochs):
    """Surprise SVD on a set too large to fit 20 epochs in a benchmark: fits once
    with each epoch count in `epochs` (same settings otherwise), fits a line
    t(e) = t0 + e·slope to the fit times by least squares and extrapolates it to
    20 epochs. Three counts (default 1, 3, 5) rather than two: one 1-epoch and
    one 3-epoch fit gave 56.5 s, 69.9 s and 91.6 s for the 20M set on one day.
    No test RMSE (the model after a few epochs is not the 20-epoch model)."""
    runs = []
    for e in epochs:
        algo = SVD(random_state=0, **dict(TUTORIAL, n_epochs=e))
        c0, t0 = time.process_time(), time.perf_counter()
        algo.fit(trainset)
        runs.append((e, time.perf_counter() - t0, time.process_time() - c0))

    def at20(k):
        xs = [r[0] for r in runs]
        ys = [r[k] for r in runs]
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
        return my + (20 - mx) * slope

    wall, cpu = at20(1), at20(2)
    counts = ", ".join(str(e) for e in epochs)
    return dict(fit_seconds=wall, fit_cpu_seconds=cpu, predict_seconds=float("nan"), rmse=float("nan"),
                peak_rss_mb=peak_rss_mb(), extrapolated=f"by a least-squares line through fits of {counts} epochs")


def libmf_fit(threads, train_arr, test_arr, test_y):
    # No biases in LibMF's model; L2 regularisation and AdaGrad learning rate as LibMF defines them.
    engine = mf.MF(k=100, nr_iters=20, nr_threads=threads, lambda_p1=0.0, lambda_q1=0.0, lambda_p2=0.05,
                   lambda_q2=0.05, eta=0.05, quiet=True)
    c0 = time.process_time()
    t0 = time.perf_counter()
    engine.fit(train_arr)
    t1 = time.perf_counter()
    c1 = time.process_time()
    pred = engine.predict(np.asfortranarray(test_arr))  # column-major or LibMF reads garbage
    rmse = float(np.sqrt(np.mean((np.clip(pred, 0.5, 5.0) - test_y) ** 2)))
    return dict(fit_seconds=t1 - t0, fit_cpu_seconds=c1 - c0, predict_seconds=time.perf_counter() - t1, rmse=rmse,
                peak_rss_mb=peak_rss_mb())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", nargs="+",
                    default=[os.path.join(os.environ.get("RECLAB_DATA_DIR", "../shared/data"), "ml-latest-small")])
    ap.add_argument("--bench", default=".build/release/RatingBench")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--skip-slow", action="store_true", help="skip Surprise SVD++ and k-NN on large sets")
    ap.add_argument("--svd-only", action="store_true", help="only the SVD comparison (same as --cases svd)")
    ap.add_argument("--cases", default="svd,svdpp,knn", help="comma-separated subset of svd, svdpp, knn")
    ap.add_argument("--no-libmf", action="store_true", help="leave LibMF out")
    ap.add_argument("--extrapolate-above", type=int, default=5_000_000,
                    help="ratings above which Surprise SVD's 20-epoch time is extrapolated")
    ap.add_argument("--extrapolate-epochs", default="1,3,5",
                    help="the epoch counts (two or more) Surprise is fitted with then")
    ap.add_argument("--json", help="write every row as a JSON list to this file")
    args = ap.parse_args()
    cases_wanted = {"svd"} if args.svd_only else set(args.cases.split(","))
    extra = tuple(int(x) for x in args.extrapolate_epochs.split(","))

    rows = []
    for data in args.data:
        name = os.path.basename(os.path.normpath(data))
        df = pd.read_csv(os.path.join(data, "ratings.csv"))
        tmp = tempfile.mkdtemp(prefix="reclab-bench-")
        test_path = os.path.join(tmp, "test.txt")
        subprocess.run([args.bench, "split", "--data", data, "--seed", "0", "--out", test_path], check=True,
                       capture_output=True)
        test_rows = np.loadtxt(test_path, dtype=np.int64)
        mask = np.zeros(len(df), dtype=bool)
        mask[test_rows] = True
        train_df, test_df = df[~mask], df[mask]
        reader = Reader(rating_scale=(0.5, 5.0))
        trainset = Dataset.load_from_df(train_df[["userId", "movieId", "rating"]], reader).build_full_trainset()
        large = len(df) > 500_000
        extrapolate = len(df) > args.extrapolate_above
        testset = [] if extrapolate else list(zip(test_df.userId, test_df.movieId, test_df.rating.astype(float)))
        uid = {u: k for k, u in enumerate(df.userId.unique())}
        iid = {m: k for k, m in enumerate(df.movieId.unique())}
        tr = np.column_stack([train_df.userId.map(uid), train_df.movieId.map(iid), train_df.rating]).astype(np.float32)
        te = np.column_stack([test_df.userId.map(uid), test_df.movieId.map(iid)]).astype(np.float32)
        te_y = test_df.rating.to_numpy(np.float64)
        n_train = len(train_df)
        del df

        surprise_svd = (("Surprise (20 epochs extrapolated)",
                         lambda: surprise_svd_extrapolated(trainset, extra)) if extrapolate else
                        ("Surprise", lambda: surprise_fit(lambda: SVD(random_state=0, **TUTORIAL), trainset, testset)))
        svd_sides = [
            ("RecLab 1 thread", lambda: reclab(args.bench, data, test_path, "svd", TUTORIAL)),
            ("RecLab parallel (2 cores)", lambda: reclab(args.bench, data, test_path, "svd", dict(TUTORIAL, parallel="true"))),
            surprise_svd,
        ]
        if not args.no_libmf:
            svd_sides += [("LibMF 1 thread", lambda: libmf_fit(1, tr, te, te_y)),
                          ("LibMF 2 threads", lambda: libmf_fit(2, tr, te, te_y))]
        cases = [("SVD 100f×20ep", svd_sides)] if "svd" in cases_wanted else []
        slow_ok = not (large and args.skip_slow) and not extrapolate
        if slow_ok and "svdpp" in cases_wanted:
            cases += [
                ("SVD++ 20f×20ep", [
                    ("RecLab 1 thread", lambda: reclab(args.bench, data, test_path, "svdpp", {})),
                    ("Surprise", lambda: surprise_fit(lambda: SVDpp(random_state=0, cache_ratings=True), trainset, testset)),
                ]),
            ]
        if slow_ok and "knn" in cases_wanted:
            cases += [
                ("item k-NN baseline, pearson_baseline", [
                    ("RecLab", lambda: reclab(args.bench, data, test_path, "knn_baseline",
                                              dict(sim="pearson_baseline", user_based="false"))),
                    ("Surprise", lambda: surprise_fit(lambda: KNNBaseline(sim_options=dict(name="pearson_baseline", user_based=False), verbose=False), trainset, testset)),
                ]),
                ("item k-NN basic, cosine", [
                    ("RecLab", lambda: reclab(args.bench, data, test_path, "knn_basic", dict(sim="cosine", user_based="false"))),
                    ("Surprise", lambda: surprise_fit(lambda: KNNBasic(sim_options=dict(name="cosine", user_based=False), verbose=False), trainset, testset)),
                ]),
            ]
        for case, sides in cases:
            runs = {}
            # SVD++ in Surprise takes minutes: one run of it; k-NN at most 3 rounds.
            n_rounds = args.rounds if case.startswith("SVD ") else min(args.rounds, 3)
            for _ in range(n_rounds):
                for label, run in sides:
                    if label.startswith("Surprise") and (case.startswith("SVD++") or extrapolate) and label in runs:
                        continue
                    runs.setdefault(label, []).append(run())
            for label, rs in runs.items():
                med = {k: statistics.median(r[k] for r in rs) for k in ("fit_seconds", "fit_cpu_seconds", "predict_seconds")}
                row = dict(data=name, case=case, side=label, n_train=n_train, runs=len(rs),
                           fit_seconds=min(r["fit_seconds"] for r in rs),
                           fit_cpu_seconds=min(r["fit_cpu_seconds"] for r in rs),
                           predict_seconds=min(r["predict_seconds"] for r in rs),
                           median_fit_seconds=med["fit_seconds"], median_fit_cpu_seconds=med["fit_cpu_seconds"],
                           median_predict_seconds=med["predict_seconds"],
                           rmse=rs[-1]["rmse"], peak_rss_mb=max(r.get("peak_rss_mb", 0) for r in rs),
                           extrapolated=rs[-1].get("extrapolated"))
                print(json.dumps(row), flush=True)
                rows.append(row)
        del trainset, testset

    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=1)
    print()
    print("| data | model | side | fit wall s (median / best) | fit CPU s (median) | predict s | test RMSE | peak RSS MB | RecLab 1-thread speed-up, medians (wall / CPU) |")
    print("|---|---|---|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        ref = next(r for r in rows if r["data"] == row["data"] and r["case"] == row["case"] and r["side"].startswith("RecLab"))
        if row["side"].startswith("RecLab"):
            ratio = ""
        else:
            ratio = (f"{row['median_fit_seconds'] / ref['median_fit_seconds']:.1f}× / "
                     f"{row['median_fit_cpu_seconds'] / ref['median_fit_cpu_seconds']:.1f}×")
        print(f"| {row['data']} | {row['case']} | {row['side']} | {row['median_fit_seconds']:.3f} / {row['fit_seconds']:.3f} | "
              f"{row['median_fit_cpu_seconds']:.3f} | {row['median_predict_seconds']:.3f} | {row['rmse']:.4f} | "
              f"{row['peak_rss_mb']:.0f} | {ratio} |")


if __name__ == "__main__":
    main()
