#!/usr/bin/env python3
"""Peer for the whole-tutorial benchmark: experiments/article.yaml done the way a
data scientist would do it in Python, step by step, with the same settings.

Steps (the yaml's sections, in its order; no filters in article.yaml):
  1. data      pandas reads of movies.csv, tags.csv, ratings.csv; rating histogram
               and activity counts (the report's data section).
  2. content   per rated movie, its tags joined with its genres ->
               TfidfVectorizer(stop_words='english') -> TruncatedSVD(200).
  3. collab    movie x user rating matrix (missing = 0, scipy sparse: faster for
               scikit-learn than the tutorial's dense frame) -> TruncatedSVD(200).
  4. similar   cosine top 10 for the yaml's queries in the content space, the collab
               space and the hybrid (mean of the two cosines).
  5. models    Surprise train_test_split(test_size=0.25, random_state=42), then
               SVD(100 factors, 20 epochs, lr 0.005, reg 0.02, init N(0, 0.1)),
               the memory-based latent k-NN (k = 40; collab latent rebuilt from the
               training ratings only, as RecLab does; plain numpy), and
               BaselineOnly(ALS); RMSE and MAE on the test 25 %.
  6. recommend top 10 unrated movies for user 1 by the SVD.
  7. charts    matplotlib (Agg, 900 x 560): explained variance (content, collab),
               rating histogram, activity distributions, model comparison; and a
               small Markdown report. Not drawn: the per-epoch learning curves
               RecLab's report has (Surprise does not expose per-epoch RMSE
               without refitting), so the Python side does slightly less work.

Usage:
  .venv-bench/bin/python scripts/bench/tutorial_python.py DATA_DIR/ml-latest-small OUT_DIR
Prints one JSON line: total seconds (imports included), import seconds, per-step
seconds, CPU seconds, peak RSS, each model's RMSE / MAE, the similar lists' heads.
The RecLab side (`reclab run experiments/article.yaml --force --out DIR`) is timed
by scripts/bench-peers, interleaved with this script.
"""
import json
import os
import resource
import sys
import time

T0 = time.perf_counter()
C0 = time.process_time()
import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import scipy.sparse as sp  # noqa: E402
import sklearn  # noqa: E402
import surprise  # noqa: E402
from sklearn.decomposition import TruncatedSVD  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from surprise import SVD, BaselineOnly, Dataset, Reader, accuracy  # noqa: E402
from surprise.model_selection import train_test_split  # noqa: E402

IMPORT_S = time.perf_counter() - T0
SEED = 42
QUERIES = ["Inception (2010)"]
TOP = 10
COMPONENTS = 200


def unit_rows(x):
    n = np.linalg.norm(x, axis=1, keepdims=True)
    n[n == 0] = 1
    return x / n


def latent_knn_predict(latent_unit, train_u, train_i, train_r, test_u, test_i, k, fallback):
    """r̂(u, i) = Σ s_ij r_uj / Σ s_ij over the k most similar (s_ij > 0) movies j the
    user rated in training, s_ij = cosine of the latent rows; the training mean when
    the user or the movie is unknown or no neighbour has a positive similarity."""
    pred = np.full(len(test_u), fallback)
    order = np.argsort(train_u, kind="stable")
    tu, ti, tr = train_u[order], train_i[order], train_r[order]
    bounds = np.searchsorted(tu, np.arange(tu.max() + 2))
    test_order = np.argsort(test_u, kind="stable")
    su = test_u[test_order]
    tb = np.searchsorted(su, np.unique(su))
    tb = np.append(tb, len(su))
    for a, b in zip(tb[:-1], tb[1:]):
        u = su[a]
        if u < 0 or u + 1 >= len(bounds):
            continue
        lo, hi = bounds[u], bounds[u + 1]
        if hi == lo:
            continue
        rows = test_order[a:b]
        items = test_i[rows]
        known = items >= 0
        if not known.any():
            continue
        rows, items = rows[known], items[known]
        s = latent_unit[items] @ latent_unit[ti[lo:hi]].T  # (tests of u) x (rated by u)
        s[s <= 0] = 0
        if s.shape[1] > k:
            idx = np.argpartition(-s, k - 1, axis=1)[:, :k]
            s = np.take_along_axis(s, idx, axis=1)
            r = tr[lo:hi][idx]
        else:
            r = np.broadcast_to(tr[lo:hi], s.shape)
        den = s.sum(axis=1)
        ok = den > 0
        pred[rows[ok]] = (s[ok] * r[ok]).sum(axis=1) / den[ok]
    return pred


def main(path, out):
    os.makedirs(out, exist_ok=True)
    steps = {}
    t = time.perf_counter()
    movies = pd.read_csv(f"{path}/movies.csv")
    tags = pd.read_csv(f"{path}/tags.csv")
    ratings = pd.read_csv(f"{path}/ratings.csv")
    hist = ratings.rating.value_counts().sort_index()
    per_user = ratings.groupby("userId").size()
    per_movie = ratings.groupby("movieId").size()
    steps["data"] = time.perf_counter() - t

    # Step 1: content latent over the rated movies.
    t = time.perf_counter()
    rated = movies[movies.movieId.isin(ratings.movieId.unique())].reset_index(drop=True)
    tag_text = tags.groupby("movieId", sort=False)["tag"].apply(lambda x: " ".join(x.astype(str)))
    meta = rated.movieId.map(tag_text).fillna("") + " " + rated.genres.str.replace("|", " ", regex=False)
    tfidf = TfidfVectorizer(stop_words="english").fit_transform(meta)
    content_svd = TruncatedSVD(n_components=COMPONENTS, random_state=SEED)
    content = content_svd.fit_transform(tfidf)
    steps["content"] = time.perf_counter() - t

    # Step 2: collab latent of the movie x user matrix (missing = 0).
    t = time.perf_counter()
    mrow = pd.Index(rated.movieId)
    ucol = pd.Index(np.sort(ratings.userId.unique()))
    X = sp.csr_matrix((ratings.rating.to_numpy(np.float64),
                       (mrow.get_indexer(ratings.movieId), ucol.get_indexer(ratings.userId))),
                      shape=(len(mrow), len(ucol)))
    collab_svd = TruncatedSVD(n_components=COMPONENTS, random_state=SEED)
    collab = collab_svd.fit_transform(X)
    steps["collab"] = time.perf_counter() - t

    # Step 3: similar movies, content / collab / hybrid.
    t = time.perf_counter()
    cu, ku = unit_rows(content), unit_rows(collab)
    similar = {}
    for q in QUERIES:
        hits = np.flatnonzero(rated.title.str.lower().values == q.lower())
        if len(hits) == 0:
            sys.exit(f"query {q!r}: no such title")
        i = int(hits[0])
        sc, sk = cu @ cu[i], ku @ ku[i]
        for name, s in (("content", sc), ("collab", sk), ("hybrid", 0.5 * sc + 0.5 * sk)):
            s = s.copy()
            s[i] = -np.inf
            top = np.argsort(-s, kind="stable")[:TOP]
            similar[f"{q}/{name}"] = [(rated.title[j], float(s[j])) for j in top]
    steps["similar"] = time.perf_counter() - t

    # Step 4: models on a 75/25 split.
    t = time.perf_counter()
    data = Dataset.load_from_df(ratings[["userId", "movieId", "rating"]], Reader(rating_scale=(0.5, 5.0)))
    trainset, testset = train_test_split(data, test_size=0.25, random_state=SEED)
    steps["split"] = time.perf_counter() - t
    results = {}
    t = time.perf_counter()
    svd = SVD(n_factors=100, n_epochs=20, lr_all=0.005, reg_all=0.02, init_std_dev=0.1, random_state=SEED)
    svd.fit(trainset)
    preds = svd.test(testset)
    results["svd"] = dict(rmse=accuracy.rmse(preds, verbose=False), mae=accuracy.mae(preds, verbose=False))
    steps["svd"] = time.perf_counter() - t

    t = time.perf_counter()
    base = BaselineOnly(bsl_options={"method": "als", "n_epochs": 10, "reg_u": 15, "reg_i": 10}, verbose=False)
    base.fit(trainset)
    preds = base.test(testset)
    results["baseline"] = dict(rmse=accuracy.rmse(preds, verbose=False), mae=accuracy.mae(preds, verbose=False))
    steps["baseline"] = time.perf_counter() - t

    t = time.perf_counter()
    # Training triples in Surprise's inner ids; the collab latent of the training ratings only.
    tr = np.array([(u, i, r) for u, i, r in trainset.all_ratings()])
    tr_u, tr_i, tr_r = tr[:, 0].astype(np.int64), tr[:, 1].astype(np.int64), tr[:, 2]
    Xtr = sp.csr_matrix((tr_r, (tr_i, tr_u)), shape=(trainset.n_items, trainset.n_users))
    ncomp = min(COMPONENTS, min(Xtr.shape) - 1)
    train_latent = unit_rows(TruncatedSVD(n_components=ncomp, random_state=SEED).fit_transform(Xtr))
    inner_u = lambda raw: trainset._raw2inner_id_users.get(raw, -1)  # noqa: E731
    inner_i = lambda raw: trainset._raw2inner_id_items.get(raw, -1)  # noqa: E731
    te_u = np.array([inner_u(u) for u, _, _ in testset])
    te_i = np.array([inner_i(i) for _, i, _ in testset])
    te_r = np.array([r for _, _, r in testset])
    p = latent_knn_predict(train_latent, tr_u, tr_i, tr_r, te_u, te_i, 40, trainset.global_mean)
    results["latent-knn"] = dict(rmse=float(np.sqrt(np.mean((p - te_r) ** 2))), mae=float(np.mean(np.abs(p - te_r))))
    steps["latent_knn"] = time.perf_counter() - t

    # Step 5: top 10 unrated movies for user 1 by the SVD.
    t = time.perf_counter()
    seen = set(ratings.movieId[ratings.userId == 1])
    cand = [m for m in movies.movieId if m not in seen]
    est = np.array([svd.predict(1, m).est for m in cand])
    top_user = [int(cand[j]) for j in np.argsort(-est, kind="stable")[:10]]
    steps["recommend"] = time.perf_counter() - t

    # Charts and a small Markdown report.
    t = time.perf_counter()

    def fig():
        return plt.figure(figsize=(9, 5.6), dpi=100)

    charts = 0
    for name, model in (("content", content_svd), ("collab", collab_svd)):
        f = fig()
        y = np.cumsum(model.explained_variance_ratio_) * 100
        plt.plot(np.arange(1, len(y) + 1), y, "r.-")
        plt.xlabel("Singular value components"); plt.ylabel("Cumulative percent of variance")
        f.savefig(os.path.join(out, f"explained-variance-{name}.png")); plt.close(f); charts += 1
    f = fig(); plt.bar(hist.index, hist.values, width=0.4)
    f.savefig(os.path.join(out, "rating-histogram.png")); plt.close(f); charts += 1
    f = fig()
    for s in (per_user, per_movie):
        c = np.bincount(np.floor(np.log2(s.values)).astype(int))
        plt.loglog(2.0 ** np.arange(len(c)), c, "o-", base=2)
    f.savefig(os.path.join(out, "activity-distributions.png")); plt.close(f); charts += 1
    f = fig()
    names = sorted(results, key=lambda m: results[m]["rmse"])
    plt.bar(range(len(names)), [results[m]["rmse"] for m in names]); plt.xticks(range(len(names)), names)
    f.savefig(os.path.join(out, "model-comparison-rmse.png")); plt.close(f); charts += 1
    with open(os.path.join(out, "report.md"), "w") as fh:
        fh.write("# article (Python)\n\n| Model | RMSE | MAE |\n|---|---:|---:|\n")
        for m in names:
            fh.write(f"| {m} | {results[m]['rmse']:.4f} | {results[m]['mae']:.4f} |\n")
        for key, lst in similar.items():
            fh.write(f"\n## {key}\n\n" + "".join(f"1. {title} ({s:.3f})\n" for title, s in lst))
        fh.write("\n## Top 10 for user 1 by svd\n\n" + "".join(f"1. {m}\n" for m in top_user))
    steps["charts_report"] = time.perf_counter() - t

    print(json.dumps({
        "total_s": round(time.perf_counter() - T0, 3), "import_s": round(IMPORT_S, 3),
        "cpu_s": round(time.process_time() - C0, 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "steps": {k: round(v, 3) for k, v in steps.items()},
        "results": {m: {k: round(v, 4) for k, v in r.items()} for m, r in results.items()},
        "content_shape": list(tfidf.shape), "collab_shape": list(X.shape), "charts": charts,
        "content_cumvar200": round(float(content_svd.explained_variance_ratio_.sum()), 4),
        "collab_cumvar200": round(float(collab_svd.explained_variance_ratio_.sum()), 4),
        "similar_head": {k: v[0][0] for k, v in similar.items()},
        "versions": {"pandas": pd.__version__, "scikit-learn": sklearn.__version__,
                     "surprise": surprise.__version__, "numpy": np.__version__,
                     "matplotlib": matplotlib.__version__},
    }))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
