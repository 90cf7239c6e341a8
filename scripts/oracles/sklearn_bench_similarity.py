#!/usr/bin/env python3
"""Benchmark RecLab's similarity pipeline against scikit-learn in the same run.

content: the tutorial's content pipeline on ml-latest-small, end to end —
  scikit-learn side (in-process, imports excluded): pandas reads of movies,
  tags and ratings -> metadata -> TfidfVectorizer(stop_words='english') ->
  TruncatedSVD(200) on the sparse TF-IDF (the tutorial densifies it first,
  which is slower; we give scikit-learn the faster sparse path) -> cosine ->
  top 10. RecLab side: the whole `reclab similar "Toy Story (1995)" --method
  content` process (start-up, CSV loading, the content *and* the collab
  latent spaces, top 10), so RecLab does strictly more work. Interleaved,
  best of --repeats. Also RecLab's content pipeline alone (`reclab svd
  --matrix content --query ...`: load, metadata, TF-IDF, SVD, top 10) with
  scikit-learn's SVD settings and with RecLab's more accurate defaults; RecLab
  reads its binary dataset cache (written by the first load) except in the
  --no-cache line, which parses the CSV files as pandas does.
collab: TruncatedSVD(200) of a synthetic ML-20M-shaped movie x user matrix
  (27,000 x 138,000, 20M non-zeros, skewed popularity, low-rank ratings),
  generated once from --seed into a triplet file both tools read; times the
  SVD only (not file reading) and reports each process's peak RSS.

Both modes print each side's best and median; --json FILE also writes the
medians, CPU times, peak RSS and accuracy (cumulative explained variance at
200 components; top-10 overlap for content) as JSON (scripts/bench-peers reads it).

Usage:
  .venv-bench/bin/python scripts/oracles/sklearn_bench_similarity.py content --reclab .build/release/reclab
  .venv-bench/bin/python scripts/oracles/sklearn_bench_similarity.py collab --reclab .build/release/reclab
"""
import argparse, json, os, resource, statistics, subprocess, sys, time
import numpy as np

DATA = os.environ.get("RECLAB_DATA_DIR", "data")  # reclab's own default data root


def sklearn_content(path):
    import pandas as pd
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.decomposition import TruncatedSVD
    from sklearn.metrics.pairwise import cosine_similarity
    t, c = time.perf_counter(), time.process_time()
    movies = pd.read_csv(f"{path}/movies.csv")
    tags = pd.read_csv(f"{path}/tags.csv")
    ratings = pd.read_csv(f"{path}/ratings.csv")
    movies = movies[movies.movieId.isin(ratings.movieId.unique())].reset_index(drop=True)
    tag_text = tags.groupby("movieId", sort=False)["tag"].apply(lambda x: " ".join(x.astype(str)))
    meta = movies.movieId.map(tag_text).fillna("") + " " + movies.genres.str.replace("|", " ", regex=False)
    X = TfidfVectorizer(stop_words="english").fit_transform(meta)
    svd = TruncatedSVD(n_components=200, random_state=42)
    latent = svd.fit_transform(X)
    q = int(np.flatnonzero(movies.title.values == "Toy Story (1995)")[0])
    s = cosine_similarity(latent, latent[q:q + 1]).ravel()
    top = [i for i in np.argsort(-s) if i != q][:10]
    sklearn_content.cumulative = float(svd.explained_variance_ratio_.sum())
    return time.perf_counter() - t, time.process_time() - c, movies.title.values[top].tolist()


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def timed(args):
    """Runs args under /usr/bin/time; returns (completed process, peak RSS in MB of that process alone).
    The child's own ru_maxrss is not used: Linux carries the spawning Python process's peak
    over into a child started with vfork + exec, so it would report at least the parent's size."""
    p = subprocess.run(["/usr/bin/time", "-f", "RSS_KB %M"] + args, check=True, capture_output=True, text=True)
    kb = [ln for ln in p.stderr.splitlines() if ln.startswith("RSS_KB ")]
    return p, (int(kb[-1].split()[1]) / 1024 if kb else None)


def reclab_run(args):
    t, c = time.perf_counter(), children_cpu()
    p, rss = timed(args)
    out = json.loads(p.stdout)
    if rss is not None:
        out["peak_rss_mb"] = rss
    return time.perf_counter() - t, children_cpu() - c, out


def content(a):
    path = f"{DATA}/ml-latest-small"
    q = "Toy Story (1995)"
    sides = {
        # content only, scikit-learn's SVD settings (oversamples 10, 5 power iterations)
        "reclab content (p=10, q=5)": [a.reclab, "svd", "--matrix", "content", "--method", "randomized",
                                       "--oversamples", "10", "--power-iterations", "5", "--query", q, "--json"],
        # the same, parsing the CSV files every time (no binary dataset cache)
        "reclab content (p=10, q=5, --no-cache)": [a.reclab, "svd", "--matrix", "content", "--method", "randomized",
                                                   "--oversamples", "10", "--power-iterations", "5", "--query", q,
                                                   "--no-cache", "--json"],
        # content only, RecLab's accurate defaults (oversamples 100, 8 power iterations)
        "reclab content (p=100, q=8)": [a.reclab, "svd", "--matrix", "content", "--method", "randomized",
                                        "--oversamples", "100", "--power-iterations", "8", "--query", q, "--json"],
        # the whole CLI: content + collab latent spaces, defaults, top 10
        "reclab similar (content + collab)": [a.reclab, "similar", q, "--method", "content", "--json"],
    }
    walls = {"scikit-learn": [], **{k: [] for k in sides}}
    cpus = {k: [] for k in walls}
    acc = {}
    for r in range(a.repeats):
        tp, cp, tops = sklearn_content(path)
        walls["scikit-learn"].append(tp); cpus["scikit-learn"].append(cp)
        acc["scikit-learn"] = dict(cumulative200=sklearn_content.cumulative, top=tops,
                                   peak_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        line = [f"scikit-learn {tp:.3f} s (cpu {cp:.3f})"]
        for name, args in sides.items():
            t, c, out = reclab_run(args)
            walls[name].append(t); cpus[name].append(c)
            acc[name] = dict(cumulative200=out.get("cumulative", {}).get("200"),
                             top=[n["title"] for n in out.get("neighbours", [])], peak_rss_mb=out.get("peak_rss_mb"))
            line.append(f"{name} {t:.3f} s (cpu {c:.3f})")
        print(f"run {r + 1}: " + ", ".join(line))
    best = {k: min(v) for k, v in walls.items()}
    cpu = {k: min(v) for k, v in cpus.items()}
    med = {k: statistics.median(v) for k, v in walls.items()}
    medc = {k: statistics.median(v) for k, v in cpus.items()}
    for name in sides:
        print(f"best wall: scikit-learn {best['scikit-learn']:.3f} s vs {name} {best[name]:.3f} s: "
              f"{best['scikit-learn'] / best[name]:.1f}x; best CPU (user + sys): {cpu['scikit-learn']:.3f} s vs "
              f"{cpu[name]:.3f} s: {cpu['scikit-learn'] / cpu[name]:.1f}x; median wall {med['scikit-learn']:.3f} s vs "
              f"{med[name]:.3f} s: {med['scikit-learn'] / med[name]:.1f}x")
    if a.json:
        sk_top = acc["scikit-learn"]["top"]
        rows = [dict(side=k, runs=len(walls[k]), median_wall=med[k], best_wall=best[k], median_cpu=medc[k],
                     best_cpu=cpu[k], cumulative200=acc[k]["cumulative200"], peak_rss_mb=acc[k]["peak_rss_mb"],
                     top10_overlap_with_sklearn=len(set(acc[k]["top"]) & set(sk_top)))
                for k in walls]
        json.dump(rows, open(a.json, "w"), indent=1)


def generate(path, seed, rows=27_000, cols=138_000, nnz=20_000_000):
    rng = np.random.default_rng(seed)
    want = int(nnz * 1.3)
    movie = np.minimum((rows * rng.random(want) ** 2.5).astype(np.int64), rows - 1)
    user = np.minimum((cols * rng.random(want) ** 1.5).astype(np.int64), cols - 1)
    key = np.unique(movie * cols + user)
    key = rng.permutation(key)[:nnz]
    if len(key) < nnz:
        sys.exit(f"only {len(key)} distinct pairs; raise the oversampling")
    movie, user = (key // cols).astype(np.int32), (key % cols).astype(np.int32)
    a = rng.normal(0, 1 / np.sqrt(5), (rows, 5)).astype(np.float32)
    b = rng.normal(0, 1 / np.sqrt(5), (cols, 5)).astype(np.float32)
    val = 3.5 + 0.9 * np.einsum("ij,ij->i", a[movie], b[user]) + rng.normal(0, 0.6, nnz)
    val = np.clip(np.round(val * 2) / 2, 0.5, 5).astype(np.float32)
    with open(path, "wb") as f:
        np.array([rows, cols, nnz], dtype="<i8").tofile(f)
        movie.astype("<i4").tofile(f); user.astype("<i4").tofile(f); val.astype("<f4").tofile(f)


def sklearn_collab(path, seed):
    """Runs in a child process so its peak RSS is its own."""
    code = f"""
import numpy as np, scipy.sparse as sp, time, resource, json
from sklearn.decomposition import TruncatedSVD
raw = open({path!r}, 'rb').read()
rows, cols, nnz = np.frombuffer(raw[:24], '<i8')
r = np.frombuffer(raw, '<i4', nnz, 24); c = np.frombuffer(raw, '<i4', nnz, 24 + 4 * nnz)
v = np.frombuffer(raw, '<f4', nnz, 24 + 8 * nnz)
X = sp.csr_matrix((v, (r, c)), shape=(rows, cols)); del raw, r, c, v
t = time.perf_counter()
svd = TruncatedSVD(n_components=200, random_state={seed})
svd.fit_transform(X)
el = time.perf_counter() - t
cum = np.cumsum(svd.explained_variance_ratio_)
print(json.dumps({{"svd_seconds": el, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "cumulative": {{str(k): float(cum[k - 1]) for k in (10, 25, 50, 100, 150, 200)}}}}))
"""
    p, rss = timed([sys.executable, "-c", code])
    out = json.loads(p.stdout)
    if rss is not None:
        out["peak_rss_mb"] = rss
    return out


def collab(a):
    path = a.matrix
    if not os.path.exists(path):
        t = time.perf_counter()
        generate(path, a.seed)
        print(f"generated {path} in {time.perf_counter() - t:.1f} s")
    results = []
    for r in range(a.repeats):
        p, rss = timed([a.reclab, "svd", "--triplets", path, "--components", "200", "--method", "randomized", "--json"])
        rl = json.loads(p.stdout)
        if rss is not None:
            rl["peak_rss_mb"] = rss
        py = sklearn_collab(path, a.seed)
        print(f"run {r + 1}: scikit-learn {py['svd_seconds']:.1f} s (peak {py['peak_rss_mb']:.0f} MB), "
              f"reclab {rl['svd_seconds']:.1f} s (peak {rl['peak_rss_mb']:.0f} MB)")
        results.append((py, rl))
    bp = min(p["svd_seconds"] for p, _ in results)
    br = min(r["svd_seconds"] for _, r in results)
    print(f"best: scikit-learn {bp:.1f} s, reclab {br:.1f} s, ratio {bp / br:.1f}x")
    mp = statistics.median(p["svd_seconds"] for p, _ in results)
    mr = statistics.median(r["svd_seconds"] for _, r in results)
    print(f"median: scikit-learn {mp:.1f} s, reclab {mr:.1f} s, ratio {mp / mr:.1f}x")
    if a.json:
        rows = [dict(side=side, runs=len(results), median_wall=statistics.median(x[i]["svd_seconds"] for x in results),
                     best_wall=min(x[i]["svd_seconds"] for x in results),
                     peak_rss_mb=max(x[i]["peak_rss_mb"] for x in results),
                     cumulative200=float(results[-1][i]["cumulative"]["200"]))
                for i, side in enumerate(("scikit-learn", "reclab"))]
        json.dump(rows, open(a.json, "w"), indent=1)
    print("cumulative explained variance sklearn:", results[-1][0]["cumulative"])
    print("cumulative explained variance reclab: ", results[-1][1]["cumulative"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["content", "collab"])
    ap.add_argument("--reclab", default=".build/release/reclab")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--matrix", default=os.path.join(os.environ.get("RECLAB_BENCH_DIR", ".bench-data"),
                                                     "synth-27k-138k-20m.bin"))
    ap.add_argument("--json", help="write each side's medians, peak RSS and accuracy to this file")
    a = ap.parse_args()
    content(a) if a.mode == "content" else collab(a)


if __name__ == "__main__":
    main()
