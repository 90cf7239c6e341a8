#!/usr/bin/env python3
"""pandas oracle for RecLab's top-N metrics under the ranking protocol.

Writes Tests/RecLabEvaluationTests/Fixtures/ranking_metrics.json: a small
seeded dataset (rows of user, movie, rating, split), and for the
`most_popular` model (score = distinct training users of the movie, ties by
smaller movie id) the precision, recall, NDCG, MAP, MRR, hit rate, coverage
and average popularity at K 3 and 10 under three protocols: relevance 4 with
training movies excluded, relevance `any` with them excluded, and `any` with
them kept. The lists and the metrics are computed here with pandas
(group-bys over a long table of ranked candidates), independently of the
Swift code, from the definitions in TopNMetrics.swift (LensKit's and
RecBole's for precision, recall, NDCG with binary gains, MRR and hit rate;
AP normalised by min(K, relevant), RecBole's convention).

Versions: Python 3.11.7, numpy 1.26.4, pandas 3.0.6.
Run from the package root:
    .venv-bench/bin/python scripts/oracles/ranking_metrics.py
"""
import json
import math

import numpy as np
import pandas as pd

USERS, MOVIES, SEED = 40, 60, 2024
OUT = "Tests/RecLabEvaluationTests/Fixtures/ranking_metrics.json"


def dataset():
    rng = np.random.default_rng(SEED)
    rows = []
    for u in range(USERS):
        for m in range(MOVIES):
            # Popular low ids: a skewed catalogue, so most_popular is a real yardstick.
            if rng.random() < 0.55 * math.exp(-m / 25) + 0.03:
                rating = float(rng.integers(1, 11)) / 2
                rows.append((u, m, rating, "test" if rng.random() < 0.25 else "train"))
    return pd.DataFrame(rows, columns=["user", "movie", "rating", "split"])


def metrics(df, k, threshold, exclude_train):
    train, test = df[df.split == "train"], df[df.split == "test"]
    counts = train.groupby("movie").user.nunique().reindex(range(MOVIES), fill_value=0)
    users = sorted(test.user.unique())
    # Every (user, candidate movie) pair with its score, ranked per user.
    grid = pd.MultiIndex.from_product([users, range(MOVIES)], names=["user", "movie"]).to_frame(index=False)
    if exclude_train:
        seen = train[["user", "movie"]].assign(seen=True)
        grid = grid.merge(seen, on=["user", "movie"], how="left")
        grid = grid[grid.seen.isna()].drop(columns="seen")
    grid["score"] = grid.movie.map(counts)
    grid = grid.sort_values(["user", "score", "movie"], ascending=[True, False, True])
    grid["rank"] = grid.groupby("user").cumcount() + 1
    top = grid[grid["rank"] <= k]
    rel = test if threshold is None else test[test.rating >= threshold]
    rel = rel[["user", "movie"]].assign(relevant=True)
    top = top.merge(rel, on=["user", "movie"], how="left")
    top["relevant"] = top.relevant.fillna(False).astype(bool)
    n_rel = rel.groupby("user").size()
    averaged = [u for u in users if n_rel.get(u, 0) > 0]

    per = []
    for u in averaged:
        t = top[top.user == u].sort_values("rank")
        hits_at = t["rank"][t.relevant].tolist()
        r = int(n_rel[u])
        dcg = sum(1 / math.log2(x + 1) for x in hits_at)
        idcg = sum(1 / math.log2(x + 1) for x in range(1, min(k, r) + 1))
        ap = sum((i + 1) / x for i, x in enumerate(hits_at)) / min(k, r)
        per.append(dict(precision=len(hits_at) / k, recall=len(hits_at) / r, ndcg=dcg / idcg,
                        map=ap, mrr=1 / hits_at[0] if hits_at else 0.0, hit_rate=1.0 if hits_at else 0.0))
    out = pd.DataFrame(per).mean().to_dict()
    out["users"] = len(averaged)
    out["coverage"] = top.movie.nunique() / MOVIES
    out["popularity"] = top.groupby("user").score.mean().mean()
    return out


def main():
    df = dataset()
    cases = []
    for name, threshold, exclude in [("threshold 4", 4.0, True), ("any", None, True), ("any, training kept", None, False)]:
        for k in (3, 10):
            cases.append(dict(protocol=name, relevance=threshold, exclude_train=exclude, k=k,
                              metrics={key: float(v) for key, v in metrics(df, k, threshold, exclude).items()}))
    rows = [[int(u), int(m), float(r), s == "test"] for u, m, r, s in df.itertuples(index=False)]
    with open(OUT, "w") as f:
        json.dump(dict(generator="scripts/oracles/ranking_metrics.py", numpy=np.__version__, pandas=pd.__version__,
                       users=USERS, movies=MOVIES, rows=rows, cases=cases), f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
