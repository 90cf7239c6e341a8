#!/usr/bin/env python3
"""Reference top-N lists of the `most_popular` ranking model, by pandas, on
the real MovieLens ml-latest-small.

Training rows: the rows of ratings.csv whose 0-based row index is not a
multiple of 5 (file order). A movie's popularity is its number of distinct
training users; a user's list is the --n most popular movies the user did not
rate in training, ties broken by smaller movieId.

Usage (writes the JSON fixture RecLab's tests read):
  .venv-bench/bin/python scripts/oracles/pandas_most_popular.py \\
      --data $RECLAB_DATA_DIR/ml-latest-small \\
      --out Tests/RecLabModelsTests/Fixtures/pandas_most_popular.json
"""
import argparse, json, platform, sys
import numpy as np, pandas as pd

USERS = [1, 2, 100, 414, 610]

ap = argparse.ArgumentParser()
ap.add_argument("--data", required=True)
ap.add_argument("--out", required=True)
ap.add_argument("--n", type=int, default=20)
args = ap.parse_args()

ratings = pd.read_csv(f"{args.data}/ratings.csv")
train = ratings[np.arange(len(ratings)) % 5 != 0]
counts = (train.drop_duplicates(["userId", "movieId"]).groupby("movieId").size()
          .rename("count").reset_index().sort_values(["count", "movieId"], ascending=[False, True]))
lists = {}
for u in USERS:
    seen = set(train.loc[train.userId == u, "movieId"])
    top = counts[~counts.movieId.isin(seen)].head(args.n)
    lists[str(u)] = {"movie_ids": top.movieId.tolist(), "counts": top["count"].tolist()}
overall = counts.head(args.n)
out = {
    "tool": {"python": platform.python_version(), "pandas": pd.__version__, "numpy": np.__version__},
    "command": ".venv-bench/bin/python scripts/oracles/pandas_most_popular.py --data $RECLAB_DATA_DIR/ml-latest-small "
               f"--out Tests/RecLabModelsTests/Fixtures/pandas_most_popular.json --n {args.n}",
    "training_rows": "row index % 5 != 0 (0-based, ratings.csv order)",
    "n": args.n,
    "training_count": int(len(train)),
    "overall": {"movie_ids": overall.movieId.tolist(), "counts": overall["count"].tolist()},
    "users": lists,
}
with open(args.out, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print(f"wrote {args.out}", file=sys.stderr)
