#!/usr/bin/env python3
"""Peer benchmark for `reclab report`: draw the same charts with matplotlib.

Reads a run's results (DIR/results/run.json, as written by `reclab run`), draws
the charts RecLab's report draws for it (explained variance, rating histogram,
activity, metric vs each swept parameter, heat map, learning curve, model
comparison) as 900×560 PNGs with matplotlib's Agg backend, and prints the
wall time. The RecLab side is timed by the shell loop in BENCHMARKS.md.

    .venv-bench/bin/python scripts/bench/report_charts.py DIR OUTDIR
"""
import json
import os
import sys
import time

t0 = time.perf_counter()
import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from scipy import stats  # noqa: E402

t_import = time.perf_counter() - t0


def fig():
    return plt.figure(figsize=(9, 5.6), dpi=100)


def main(src, out):
    os.makedirs(out, exist_ok=True)
    t1 = time.perf_counter()
    run = json.load(open(os.path.join(src, "results", "run.json")))
    n = 0
    sim = run.get("similarity") or {}
    for method in ("content", "collab"):
        ev = sim.get(method)
        if not ev:
            continue
        f = fig()
        y = np.cumsum(ev["ratios"]) * 100
        plt.plot(np.arange(1, len(y) + 1), y, "r.-")
        plt.xlabel("Singular value components"); plt.ylabel("Cumulative percent of variance")
        f.savefig(os.path.join(out, f"explained-variance-{method}.png")); plt.close(f); n += 1
    ds = (run.get("data") or {}).get("dataset")
    if ds:
        f = fig()
        h = ds["ratingHistogram"]
        plt.bar([b["value"] for b in h], [b["count"] for b in h], width=0.4)
        f.savefig(os.path.join(out, "rating-histogram.png")); plt.close(f); n += 1
        f = fig()
        for key in ("ratingsPerUser", "ratingsPerMovie"):
            bins = [b for b in ds[key]["bins"] if b["lower"] > 0]
            plt.loglog([b["lower"] for b in bins], [b["count"] for b in bins], "o-", base=2)
        f.savefig(os.path.join(out, "activity-distributions.png")); plt.close(f); n += 1
    # Metric vs parameter, heat map, learning curve, comparison: group trials by model + parameters.
    groups = {}
    for t in run["trials"]:
        if t["status"] != "ok" or "rmse" not in t["metrics"]:
            continue
        key = (t["model"], tuple(sorted((k, str(v)) for k, v in t["parameters"].items())))
        groups.setdefault(key, []).append(t)
    def ci(v):
        v = np.asarray(v)
        if len(v) < 2:
            return v.mean(), 0.0
        return v.mean(), stats.t.ppf(0.975, len(v) - 1) * v.std(ddof=1) / np.sqrt(len(v))
    models = sorted({k[0] for k in groups})
    best = []
    for m in models:
        cfgs = {k: [t["metrics"]["rmse"] for t in ts] for k, ts in groups.items() if k[0] == m}
        params = sorted({p for k in cfgs for p, _ in k[1]})
        varied = [p for p in params if len({dict(k[1])[p] for k in cfgs}) > 1]
        for p in varied:
            f = fig()
            other = [q for q in varied if q != p][:1]
            lines = {}
            for k, v in cfgs.items():
                d = dict(k[1])
                lines.setdefault(tuple(d[q] for q in other), []).append((float(d[p]), *ci(v)))
            for lab, pts in sorted(lines.items()):
                pts.sort()
                plt.errorbar([x for x, _, _ in pts], [y for _, y, _ in pts], yerr=[e for _, _, e in pts], marker="o", label=str(lab))
            plt.legend(); plt.xlabel(p); plt.ylabel("RMSE")
            f.savefig(os.path.join(out, f"rmse-vs-{p}-{m}.png")); plt.close(f); n += 1
        if len(varied) >= 2:
            xs = sorted({float(dict(k[1])[varied[0]]) for k in cfgs}); ys = sorted({float(dict(k[1])[varied[1]]) for k in cfgs})
            grid = np.full((len(ys), len(xs)), np.nan)
            for k, v in cfgs.items():
                d = dict(k[1]); i = xs.index(float(d[varied[0]])); j = ys.index(float(d[varied[1]]))
                grid[j, i] = np.nanmin([grid[j, i], np.mean(v)])
            f = fig(); plt.imshow(grid, origin="lower", cmap="Blues_r"); plt.colorbar()
            for j in range(len(ys)):
                for i in range(len(xs)):
                    plt.text(i, j, f"{grid[j, i]:.4f}", ha="center", va="center")
            f.savefig(os.path.join(out, f"heatmap-rmse-{m}.png")); plt.close(f); n += 1
        k_best = min(cfgs, key=lambda k: np.mean(cfgs[k]))
        best.append((m, *ci(cfgs[k_best])))
        curves = [t["learningCurve"] for t in groups[k_best] if t.get("learningCurve")]
        if curves:
            f = fig()
            ep = [p["epoch"] for p in curves[0]]
            plt.plot(ep, np.mean([[p["trainRMSE"] for p in c] for c in curves], axis=0), "o-", label="train RMSE")
            if "testRMSE" in curves[0][0]:
                plt.plot(ep, np.mean([[p["testRMSE"] for p in c] for c in curves], axis=0), "s-", label="test RMSE")
            plt.legend(); f.savefig(os.path.join(out, f"learning-curve-{m}.png")); plt.close(f); n += 1
    if len(best) >= 2:
        best.sort(key=lambda b: b[1])
        f = fig(); plt.bar(range(len(best)), [b[1] for b in best], yerr=[b[2] for b in best])
        plt.xticks(range(len(best)), [b[0] for b in best])
        f.savefig(os.path.join(out, "model-comparison-rmse.png")); plt.close(f); n += 1
    t_draw = time.perf_counter() - t1
    print(json.dumps({"charts": n, "import_s": round(t_import, 3), "draw_s": round(t_draw, 3),
                      "total_s": round(time.perf_counter() - t0, 3), "matplotlib": matplotlib.__version__}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
