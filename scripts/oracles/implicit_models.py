#!/usr/bin/env python3
"""Reference ranking quality of the `als_implicit` and `bpr` models: the
`implicit` library (CPU, float32, one thread) on the real MovieLens
ml-latest-small, over several seeds.

Rows: training = the rows of ratings.csv whose 0-based index is not a multiple
of 5 (file order), test = the others. The training matrix is binary (1 where a
user rated a movie, any value). A test rating >= 4.0 is relevant.

Metrics, with RecLab's definitions (Sources/RecLabEvaluation/Metrics/TopNMetrics.swift):
each user's list is the 10 movies of highest score x_u . y_i among the movies
of ratings.csv the user did not rate in training (ties by smaller movieId);
precision@10 = hits / 10, recall@10 = hits / |relevant|, NDCG@10 = DCG / IDCG
with binary gains and discount 1 / log2(rank + 1); each averaged over the
users with at least one relevant test rating.

Models (the same parameters as the Swift test, Tests/RecLabModelsTests/RankingImplicitTests.swift):
- als_implicit: implicit.cpu.als.AlternatingLeastSquares with alpha = 1 + A,
  since implicit weights an observed cell by alpha * value and RecLab's
  confidence is 1 + A (see Sources/RecLabModels/Rating/Ranking/ALSImplicit.swift);
- bpr: implicit.cpu.bpr.BayesianPersonalizedRanking.
Per model the fixture holds each seed's metrics, their mean and their
seed-to-seed standard deviation (ddof = 1).

Usage (OpenBLAS single-threaded, as implicit recommends; writes the fixture):
  OPENBLAS_NUM_THREADS=1 .venv-bench/bin/python scripts/oracles/implicit_models.py \\
      --data $RECLAB_DATA_DIR/ml-latest-small \\
      --out Tests/RecLabModelsTests/Fixtures/implicit_ranking.json
"""
import argparse, json, platform, sys, time
import numpy as np, pandas as pd, scipy, scipy.sparse as sp
import implicit
from implicit.cpu.als import AlternatingLeastSquares
from implicit.cpu.bpr import BayesianPersonalizedRanking

K = 10
THRESHOLD = 4.0
MODELS = {
    "als_implicit": {"factors": 32, "regularization": 0.05, "alpha": 9.0, "iterations": 10, "cg_steps": 3},
    "bpr": {"factors": 32, "learning_rate": 0.05, "regularization": 0.01, "iterations": 30,
            "verify_negative_samples": True},
}


def load(path):
    ratings = pd.read_csv(f"{path}/ratings.csv")
    movie_ids = np.sort(ratings.movieId.unique())
    user_ids = np.sort(ratings.userId.unique())
    ratings["u"] = np.searchsorted(user_ids, ratings.userId)
    ratings["m"] = np.searchsorted(movie_ids, ratings.movieId)
    is_test = np.arange(len(ratings)) % 5 == 0
    return ratings[~is_test], ratings[is_test], len(user_ids), len(movie_ids)


def make_model(kind, params, seed):
    if kind == "als_implicit":
        m = AlternatingLeastSquares(factors=params["factors"], regularization=params["regularization"],
                                    alpha=1.0 + params["alpha"], iterations=params["iterations"],
                                    random_state=seed, num_threads=1)
        m.cg_steps = params["cg_steps"]
        return m
    return BayesianPersonalizedRanking(factors=params["factors"], learning_rate=params["learning_rate"],
                                       regularization=params["regularization"], iterations=params["iterations"],
                                       verify_negative_samples=params["verify_negative_samples"],
                                       random_state=seed, num_threads=1)


def metrics(scores, train_matrix, relevant):
    """precision, recall, NDCG at K averaged over users with a relevant test movie."""
    p = r = n = 0.0
    users = 0
    discount = 1.0 / np.log2(np.arange(K) + 2.0)
    movies = scores.shape[1]
    for u, rel in relevant.items():
        s = scores[u].astype(np.float64).copy()
        s[train_matrix.indices[train_matrix.indptr[u]:train_matrix.indptr[u + 1]]] = -np.inf
        # Highest score first, ties by smaller movie index (= smaller movieId).
        top = np.lexsort((np.arange(movies), -s))[:K]
        hits = np.array([m in rel for m in top], dtype=float)
        idcg = discount[:min(K, len(rel))].sum()
        p += hits.sum() / K
        r += hits.sum() / len(rel)
        n += (hits * discount).sum() / idcg
        users += 1
    return {"precision": p / users, "recall": r / users, "ndcg": n / users, "users": users}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seeds", type=int, default=5)
    args = ap.parse_args()

    train, test, n_users, n_movies = load(args.data)
    x = sp.csr_matrix((np.ones(len(train), dtype=np.float32), (train.u.values, train.m.values)),
                      shape=(n_users, n_movies))
    x.sum_duplicates()
    x.data[:] = 1.0
    x.sort_indices()
    relevant = {}
    for u, m in test[test.rating >= THRESHOLD][["u", "m"]].itertuples(index=False):
        relevant.setdefault(int(u), set()).add(int(m))

    out = {
        "tool": {"python": platform.python_version(), "implicit": implicit.__version__, "numpy": np.__version__,
                 "scipy": scipy.__version__, "pandas": pd.__version__},
        "command": "OPENBLAS_NUM_THREADS=1 .venv-bench/bin/python scripts/oracles/implicit_models.py "
                   "--data $RECLAB_DATA_DIR/ml-latest-small --out Tests/RecLabModelsTests/Fixtures/implicit_ranking.json "
                   f"--seeds {args.seeds}",
        "rows": "training: row index % 5 != 0 (0-based, ratings.csv order); test: the others",
        "training_count": int(len(train)),
        "k": K, "threshold": THRESHOLD,
        "models": {},
    }
    for kind, params in MODELS.items():
        runs = []
        for seed in range(args.seeds):
            model = make_model(kind, params, seed)
            t = time.perf_counter()
            model.fit(x, show_progress=False)
            seconds = time.perf_counter() - t
            scores = model.user_factors @ model.item_factors.T
            runs.append(metrics(scores, x, relevant) | {"seed": seed, "fit_seconds": seconds})
            print(kind, runs[-1], file=sys.stderr)
        summary = {}
        for name in ["precision", "recall", "ndcg"]:
            v = np.array([run[name] for run in runs])
            summary[name] = {"mean": float(v.mean()), "sd": float(v.std(ddof=1)) if len(v) > 1 else 0.0}
        out["models"][kind] = {"parameters": params, "seeds": runs, "summary": summary,
                               "users": runs[0]["users"]}
    with open(args.out, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
