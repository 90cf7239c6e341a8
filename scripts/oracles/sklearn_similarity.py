#!/usr/bin/env python3
"""Reference figures for RecLab's similarity models (tutorial steps 1-3) from
scikit-learn, on the real MovieLens ml-latest-small.

The pipeline follows the tutorial: movies kept = movies with at least one
rating (of users with >= --min-user-ratings ratings); metadata = the movie's
tags joined by spaces (tags.csv order) + " " + its genres with '|' -> ' ';
TfidfVectorizer(stop_words='english'); TruncatedSVD(200) of the TF-IDF matrix
(content) and of the movie x user rating matrix with missing = 0 (collab);
cosine similarity; hybrid = mean of the two.

Besides scikit-learn's randomized TruncatedSVD (random_state=--seed), it also
computes an exact SVD (numpy.linalg.svd of the dense matrix, float64) of both
matrices, so that RecLab can be compared with the exact answer too.

Usage (writes the JSON fixture RecLab's tests read):
  .venv-bench/bin/python scripts/oracles/sklearn_similarity.py \
      --data $RECLAB_DATA_DIR/ml-latest-small \
      --out Tests/RecLabModelsTests/Fixtures/sklearn_similarity.json
"""
import argparse, json, sys, platform
import numpy as np, pandas as pd, scipy, sklearn
from sklearn.feature_extraction.text import TfidfVectorizer, ENGLISH_STOP_WORDS
from sklearn.decomposition import TruncatedSVD
from sklearn.metrics.pairwise import cosine_similarity
import scipy.sparse as sp

CHECKPOINTS = [10, 25, 50, 100, 150, 200]
QUERIES = ["Inception (2010)", "Toy Story (1995)", "Matrix, The (1999)", "Pulp Fiction (1994)",
           "Forrest Gump (1994)", "Dark Knight, The (2008)"]
ROW_MOVIE_IDS = [1, 2571, 79132, 296, 260]
TOP_STORED = 30
# TfidfVectorizer option variants checked on the same metadata (RecLab names in comments).
VARIANTS = {
    "min_df=2": dict(stop_words="english", min_df=2),                 # minDF .count(2)
    "min_df=0.001": dict(stop_words="english", min_df=0.001),         # minDF .fraction(0.001)
    "max_df=0.05": dict(stop_words="english", max_df=0.05),           # maxDF .fraction(0.05)
    "max_df=100": dict(stop_words="english", max_df=100),             # maxDF .count(100)
    "sublinear_tf": dict(stop_words="english", sublinear_tf=True),
    "ngram_range=(1,2)": dict(stop_words="english", ngram_range=(1, 2)),
    "no_stop_words": dict(),
}
# Tokenizer corner cases: accents, combining marks, CJK, digits, underscores, apostrophes.
ANALYZER_CASES = ["Amélie (2001) Sci-Fi|Film-Noir", "e\u0301cole NAÏVE café_au_lait 3D x2 a1",
                  "Leon: The Professional don't stop", "千と千尋の神隠し 2001 Ünïcödé", "İstanbul ΣΊΣΥΦΟΣ straße",
                  "the and of it", "R2-D2 C-3PO ½ ² ٣٤ Ⅻ"]


def explained_ratio(transformed, total_var):
    return np.var(transformed, axis=0) / total_var


def total_column_variance(x):
    x = sp.csr_matrix(x, dtype=np.float64)
    mean = np.asarray(x.mean(axis=0)).ravel()
    mean_sq = np.asarray(x.multiply(x).mean(axis=0)).ravel()
    return float((mean_sq - mean ** 2).sum())


def exact_latent(x, k):
    dense = x.toarray() if sp.issparse(x) else np.asarray(x)
    u, s, vt = np.linalg.svd(dense.astype(np.float64), full_matrices=False)
    return u[:, :k] * s[:k], s[:k]


def top_lists(titles, ids, content, collab, qrow):
    c = cosine_similarity(content, content[qrow:qrow + 1]).ravel()
    l = cosine_similarity(collab, collab[qrow:qrow + 1]).ravel()
    h = (c + l) / 2.0
    out = {}
    for name, score in [("content", c), ("collab", l), ("hybrid", h)]:
        order = np.lexsort((np.arange(len(score)), -score))  # score desc, then row asc
        order = [i for i in order if i != qrow][:TOP_STORED]
        out[name] = [{"movieId": int(ids[i]), "title": titles[i], "content": float(c[i]),
                      "collab": float(l[i]), "hybrid": float(h[i])} for i in order]
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--components", type=int, default=200)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--min-user-ratings", type=int, default=0)
    a = ap.parse_args()

    movies = pd.read_csv(f"{a.data}/movies.csv")
    tags = pd.read_csv(f"{a.data}/tags.csv")
    ratings = pd.read_csv(f"{a.data}/ratings.csv")
    movies["genres"] = movies["genres"].str.replace("|", " ", regex=False)
    ratings = ratings.groupby("userId").filter(lambda g: len(g) >= a.min_user_ratings)
    movies = movies[movies.movieId.isin(ratings.movieId.unique())].reset_index(drop=True)
    tag_text = tags.groupby("movieId", sort=False)["tag"].apply(lambda t: " ".join(t.astype(str)))
    movies["tag"] = movies.movieId.map(tag_text).fillna("")
    movies["metadata"] = movies["tag"] + " " + movies["genres"]

    tfidf = TfidfVectorizer(stop_words="english")
    X = tfidf.fit_transform(movies["metadata"]).tocsr()
    X.sort_indices()
    vocab = tfidf.get_feature_names_out().tolist()

    pivot = ratings.pivot(index="movieId", columns="userId", values="rating").fillna(0)
    pivot = pivot.loc[movies.movieId]  # same row order as the content matrix
    R = sp.csr_matrix(pivot.values)

    k = a.components
    svd_c = TruncatedSVD(n_components=k, random_state=a.seed)
    content = svd_c.fit_transform(X)
    svd_l = TruncatedSVD(n_components=k, random_state=a.seed)
    collab = svd_l.fit_transform(R)
    content_exact, sc = exact_latent(X, k)
    collab_exact, sl = exact_latent(R, k)
    tv_c, tv_l = total_column_variance(X), total_column_variance(R)

    def curve(ratios):
        cum = np.cumsum(ratios)
        return {str(c): float(cum[c - 1]) for c in CHECKPOINTS if c <= len(cum)}

    titles = movies.title.tolist()
    ids = movies.movieId.tolist()
    row_of = {t: i for i, t in reversed(list(enumerate(titles)))}
    rows = {}
    for mid in ROW_MOVIE_IDS:
        i = ids.index(mid)
        lo, hi = X.indptr[i], X.indptr[i + 1]
        rows[str(mid)] = {"metadata": movies.metadata[i], "indices": X.indices[lo:hi].tolist(),
                          "values": X.data[lo:hi].tolist()}
    fixture = {
        "tool": {"python": platform.python_version(), "scikit-learn": sklearn.__version__,
                 "numpy": np.__version__, "scipy": scipy.__version__, "pandas": pd.__version__},
        "command": ".venv-bench/bin/python scripts/oracles/sklearn_similarity.py --data $RECLAB_DATA_DIR/ml-latest-small "
                   f"--out Tests/RecLabModelsTests/Fixtures/sklearn_similarity.json --components {k} --seed {a.seed} "
                   f"--min-user-ratings {a.min_user_ratings}",
        "components": k, "seed": a.seed, "min_user_ratings": a.min_user_ratings,
        "stop_words": sorted(ENGLISH_STOP_WORDS),
        "movie_ids": ids,
        "tfidf": {"rows": X.shape[0], "cols": X.shape[1], "nnz": int(X.nnz), "vocabulary": vocab,
                  "row_nnz": np.diff(X.indptr).tolist(),
                  "row_sums": [float(v) for v in np.asarray(X.sum(axis=1)).ravel()],
                  "sample_rows": rows},
        "collab_matrix": {"rows": R.shape[0], "cols": R.shape[1], "nnz": int(R.nnz)},
        "explained_variance": {
            "content_sklearn": curve(svd_c.explained_variance_ratio_),
            "content_exact": curve(explained_ratio(content_exact, tv_c)),
            "collab_sklearn": curve(svd_l.explained_variance_ratio_),
            "collab_exact": curve(explained_ratio(collab_exact, tv_l)),
        },
        "singular_values": {"content_exact_first10": sc[:10].tolist(), "collab_exact_first10": sl[:10].tolist()},
        "similar": {}, "similar_exact": {},
    }
    import hashlib
    fixture["tfidf_variants"] = {}
    n = X.shape[0]
    for name, kw in VARIANTS.items():
        V = TfidfVectorizer(**kw)
        Y = V.fit_transform(movies["metadata"]).tocsr()
        voc = V.get_feature_names_out().tolist()
        rs = np.asarray(Y.sum(axis=1)).ravel()
        fixture["tfidf_variants"][name] = {
            "cols": Y.shape[1], "nnz": int(Y.nnz),
            "vocabulary_md5": hashlib.md5("\n".join(voc).encode("utf-8")).hexdigest(),
            "value_sum": float(rs.sum()), "weighted_row_sum": float((rs * np.arange(1, n + 1)).sum() / n)}
    fixture["analyzer_cases"] = [{"text": t, "stop_words": sw,
                                  "terms": TfidfVectorizer(stop_words="english" if sw else None).build_analyzer()(t)}
                                 for t in ANALYZER_CASES for sw in (True, False)]
    for q in QUERIES:
        if q not in row_of:
            print(f"query {q!r} not found", file=sys.stderr)
            continue
        fixture["similar"][q] = top_lists(titles, ids, content, collab, row_of[q])
        fixture["similar_exact"][q] = top_lists(titles, ids, content_exact, collab_exact, row_of[q])
    with open(a.out, "w") as f:
        json.dump(fixture, f, indent=None, separators=(",", ":"))
    print(f"tfidf {X.shape} nnz {X.nnz}; collab {R.shape} nnz {R.nnz}")
    for key, v in fixture["explained_variance"].items():
        print(key, v)


if __name__ == "__main__":
    main()
