#!/usr/bin/env python3
"""Reference scores of the `ease` ranking model: Steck's EASE^R closed form in
NumPy (float64) on a small generated rating set.

The rating rows (user, movie, value) are written into the fixture, so the
Swift test fits on exactly these rows. The interaction matrix X is 1 where a
user rated a movie (any value, a repeated rating once); then

    G = X.T @ X + lambda * I;  P = inv(G);  B = P / (-diag(P));  diag(B) = 0
    scores = X @ B

for each lambda. The last user and the last movie have no rating (cold), so
their scores are 0.

Usage:
  .venv-bench/bin/python scripts/oracles/numpy_ease.py \\
      --out Tests/RecLabModelsTests/Fixtures/numpy_ease.json
"""
import argparse, json, platform
import numpy as np

ap = argparse.ArgumentParser()
ap.add_argument("--out", required=True)
ap.add_argument("--seed", type=int, default=17)
args = ap.parse_args()

USERS, MOVIES, LAMBDAS = 41, 26, [500.0, 2.5]
rng = np.random.default_rng(args.seed)
rows = []
for u in range(USERS - 1):
    movies = np.flatnonzero(rng.random(MOVIES - 1) < 0.3)
    for m in movies:
        rows.append((u, int(m), float(rng.integers(1, 11)) / 2))
# Two repeated ratings: binarised once.
rows += [(rows[0][0], rows[0][1], 1.0), (rows[5][0], rows[5][1], 5.0)]

X = np.zeros((USERS, MOVIES))
for u, m, _ in rows:
    X[u, m] = 1.0
scores = {}
for lam in LAMBDAS:
    G = X.T @ X + lam * np.eye(MOVIES)
    P = np.linalg.inv(G)
    B = P / (-np.diag(P))
    np.fill_diagonal(B, 0.0)
    scores[str(lam)] = (X @ B).tolist()

out = {
    "tool": {"python": platform.python_version(), "numpy": np.__version__},
    "command": f".venv-bench/bin/python scripts/oracles/numpy_ease.py --out Tests/RecLabModelsTests/Fixtures/numpy_ease.json --seed {args.seed}",
    "users": USERS, "movies": MOVIES,
    "ratings": [list(r) for r in rows],
    "lambdas": LAMBDAS,
    "scores": scores,
}
with open(args.out, "w") as f:
    json.dump(out, f)
    f.write("\n")
