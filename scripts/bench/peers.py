#!/usr/bin/env python3
"""Driver of scripts/bench-peers: runs the per-area benchmark scripts (each times
RecLab and its peer interleaved, in the same run), reads the JSON each writes,
and prints one Markdown summary table (measurement | RecLab | peer | ratio |
target | accuracy each side | met?), also written to --out.

Called by scripts/bench-peers after it has set up the virtualenv, built
reclab and RatingBench in release mode and generated the data; not meant to be
run alone (`scripts/bench-peers --help` documents the options).
"""
import argparse
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PY = sys.executable
RECLAB = os.path.join(ROOT, ".build/release/reclab")
BENCH = os.path.join(ROOT, ".build/release/RatingBench")
TARGETS = {"pandas": 3.0, "scikit-learn": 5.0, "Surprise": 10.0, "LibMF": 0.7}
RMSE_TOL = 0.005       # RecLab's RMSE may exceed the peer's by at most this and still count
VARIANCE_TOL = 0.005   # cumulative explained variance at 200 components: same, other direction


def log(msg):
    print(f"[bench-peers {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def load():
    return " ".join(open("/proc/loadavg").read().split()[:3])


def run(cmd, env=None, **kw):
    log("$ " + " ".join(shlex.quote(c) for c in cmd))
    t = time.perf_counter()
    p = subprocess.run(cmd, env=env, cwd=ROOT, text=True, **kw)
    if p.returncode != 0:
        raise SystemExit(f"bench-peers: command failed ({p.returncode}): {' '.join(cmd)}")
    log(f"  done in {time.perf_counter() - t:.0f} s, load average {load()}")
    return p


class Table:
    def __init__(self):
        self.rows = []

    def add(self, measurement, reclab, peer_name, peer, ratio, target, acc_reclab, acc_peer, accuracy_ok, note="",
            cpu_ratio=None):
        if target is None or ratio is None:
            met = "–"
        elif ratio >= target and accuracy_ok:
            met = "yes"
        elif ratio >= target:
            met = "**no: faster but less accurate**"
        else:
            met = "no" if accuracy_ok else "no (and less accurate)"
        self.rows.append(dict(measurement=measurement, reclab=reclab, peer_name=peer_name, peer=peer,
                              ratio=ratio, target=target, acc_reclab=acc_reclab, acc_peer=acc_peer, met=met,
                              note=note, cpu_ratio=cpu_ratio))

    def markdown(self):
        out = ["| measurement | RecLab | peer | ratio | target | accuracy RecLab | accuracy peer | met? |",
               "|---|---|---|---:|---:|---|---|---|"]
        for r in self.rows:
            ratio = "–" if r["ratio"] is None else f"**{r['ratio']:.1f}×**"
            if r["cpu_ratio"] is not None:
                ratio += f" (CPU {r['cpu_ratio']:.1f}×)"
            target = "–" if r["target"] is None else f"≥ {r['target']:g}×"
            meas = r["measurement"] + (f" ({r['note']})" if r["note"] else "")
            out.append(f"| {meas} | {r['reclab']} | {r['peer_name']}: {r['peer']} | {ratio} | {target} | "
                       f"{r['acc_reclab']} | {r['acc_peer']} | {r['met']} |")
        return "\n".join(out)


def s(x, unit="s"):
    if x is None:
        return "n/a"
    return f"{x:.3f} {unit}" if x < 10 else f"{x:.1f} {unit}"


def mb(x):
    return "" if not x else f", {x:.0f} MB"


# ---------------------------------------------------------------- sections

def csv_section(a, table, tmp):
    out = os.path.join(tmp, "csv.json")
    env = dict(os.environ, PYTHON=PY, RUNS=str(a.csv_runs), SKIP_BUILD="1", BENCH_JSON=out,
               RECLAB_BENCH_DATA=a.dir, SKIP_20M="1" if a.quick else "0")
    run([os.path.join(ROOT, "scripts/bench-data")], env=env)
    d = json.load(open(out))
    for key, label in (("csv20m", f"CSV parse, 20M synthetic ratings.csv ({d['csv20m']['rows']:,} rows; RecLab loads the whole folder)"),
                       ("small", f"CSV parse, ml-latest-small ({d['small']['rows']:,} ratings; RecLab loads the whole folder)")):
        r = d[key]
        if r["reclab_median"] is None:
            continue
        # The target is the 20M parse; ml-latest-small is for information.
        table.add(label, s(r["reclab_median"]) + mb(r["reclab_rss_mb"]), "pandas.read_csv",
                  s(r["pandas_median"]) + mb(r["pandas_rss_mb"]), r["pandas_median"] / r["reclab_median"],
                  TARGETS["pandas"] if key == "csv20m" else None, "every row, validated", "every row", True,
                  note=f"median of {d['runs']}")


def content_section(a, table, tmp):
    out = os.path.join(tmp, "content.json")
    run([PY, "scripts/oracles/sklearn_bench_similarity.py", "content", "--reclab", RECLAB,
         "--repeats", str(a.repeats), "--json", out])
    rows = {r["side"]: r for r in json.load(open(out))}
    sk = rows["scikit-learn"]
    for side, label in (("reclab content (p=100, q=8)", "TF-IDF + SVD(200) + top 10, ml-latest-small, RecLab defaults (whole process)"),
                        ("reclab content (p=10, q=5)", "same, scikit-learn's SVD settings (10 oversamples, 5 power iterations)")):
        r = rows[side]
        ok = r["cumulative200"] is not None and r["cumulative200"] >= sk["cumulative200"] - VARIANCE_TOL
        table.add(label, s(r["median_wall"]) + f" (CPU {s(r['median_cpu'])})" + mb(r["peak_rss_mb"]),
                  "scikit-learn (in process, imports excluded)",
                  s(sk["median_wall"]) + f" (CPU {s(sk['median_cpu'])})" + mb(sk["peak_rss_mb"]),
                  sk["median_wall"] / r["median_wall"], TARGETS["scikit-learn"],
                  cpu_ratio=sk["median_cpu"] / r["median_cpu"], acc_reclab=
                  f"cum. var. {r['cumulative200']:.4f}; top 10: {r['top10_overlap_with_sklearn']}/10 shared",
                  acc_peer=f"cum. var. {sk['cumulative200']:.4f}", accuracy_ok=ok, note=f"median of {r['runs']}")


def collab_section(a, table, tmp):
    out = os.path.join(tmp, "collab.json")
    run([PY, "scripts/oracles/sklearn_bench_similarity.py", "collab", "--reclab", RECLAB,
         "--repeats", str(a.collab_repeats), "--matrix", os.path.join(a.dir, "synth-27k-138k-20m.bin"), "--json", out])
    rows = {r["side"]: r for r in json.load(open(out))}
    sk, rl = rows["scikit-learn"], rows["reclab"]
    table.add("collab TruncatedSVD(200), 27,000 × 138,000, 20M non-zeros (SVD only)",
              s(rl["median_wall"]) + mb(rl["peak_rss_mb"]), "scikit-learn TruncatedSVD",
              s(sk["median_wall"]) + mb(sk["peak_rss_mb"]), sk["median_wall"] / rl["median_wall"],
              TARGETS["scikit-learn"], f"cum. var. {rl['cumulative200']:.5f}", f"cum. var. {sk['cumulative200']:.5f}",
              rl["cumulative200"] >= sk["cumulative200"] - VARIANCE_TOL, note=f"median of {rl['runs']}")


def rating_rows(path):
    return json.load(open(path))


def noise_floor(datasets, name):
    """The best achievable RMSE that `reclab data synth` recorded for a synthetic set, if any."""
    for d in datasets:
        if os.path.basename(os.path.normpath(d)) == name:
            try:
                return float(json.load(open(os.path.join(d, "planted-model.json")))["noiseFloorRMSE"])
            except (OSError, KeyError, ValueError):
                return None
    return None


def rating_section(a, table, tmp, datasets, cases, rounds, tag):
    out = os.path.join(tmp, f"rating-{tag}.json")
    cmd = [PY, "scripts/oracles/surprise_bench.py", "--bench", BENCH, "--rounds", str(rounds),
           "--cases", cases, "--json", out, "--data", *datasets]
    run(cmd)
    rows = rating_rows(out)
    by = {}
    for r in rows:
        by.setdefault((r["data"], r["case"]), {})[r["side"]] = r

    def acc(r):
        return "not measured (extrapolated)" if r["rmse"] != r["rmse"] else f"RMSE {r['rmse']:.4f}"

    def fmt(r):
        return f"{s(r['median_fit_seconds'])} (CPU {s(r['median_fit_cpu_seconds'])}){mb(r['peak_rss_mb'])}"

    for (data, case), sides in by.items():
        rl_name = "RecLab 1 thread" if "RecLab 1 thread" in sides else "RecLab"
        rl = sides[rl_name]
        par = sides.get("RecLab parallel (2 cores)")
        for side, r in sides.items():
            if side.startswith("RecLab"):
                continue
            peer = "LibMF" if side.startswith("LibMF") else "Surprise"
            mine = par if (side == "LibMF 2 threads" and par) else rl
            mine_label = "RecLab parallel (2 threads)" if mine is par else rl_name
            extrap = r.get("extrapolated")
            ok = True if r["rmse"] != r["rmse"] else mine["rmse"] <= r["rmse"] + RMSE_TOL
            # Per-thread targets compare one thread with one thread; 2 threads vs 2 threads is informative.
            target = TARGETS[peer] if not side.endswith("2 threads") else None
            note = f"{mine_label} vs {side}, median of {mine['runs']}/{r['runs']}, {mine['n_train']:,} training ratings"
            if extrap:
                note += f"; Surprise's 20-epoch time extrapolated {extrap}"
            floor = noise_floor(datasets, data)
            if floor is not None:
                note += f"; planted noise floor RMSE {floor:.4f}"
            table.add(f"{case} fit, {data}", fmt(mine), side, fmt(r),
                      r["median_fit_seconds"] / mine["median_fit_seconds"], target, acc(mine), acc(r), ok, note=note,
                      cpu_ratio=r["median_fit_cpu_seconds"] / mine["median_fit_cpu_seconds"])


def tutorial_section(a, table, tmp):
    """The whole tutorial: `reclab run experiments/article.yaml --force --out DIR` (which
    also writes the report and its charts) vs scripts/bench/tutorial_python.py,
    interleaved, a.repeats rounds, whole processes (start-up and imports included)."""
    data = os.path.join(os.environ["RECLAB_DATA_DIR"], "ml-latest-small")
    walls = {"reclab": [], "python": []}
    cpus = {"reclab": [], "python": []}
    rss = {"reclab": 0, "python": 0}
    py_res, rl_res = None, None
    for i in range(a.repeats):
        for side in ("python", "reclab"):
            outdir = os.path.join(tmp, f"tutorial-{side}-{i}")
            if side == "python":
                cmd = [PY, "scripts/bench/tutorial_python.py", data, outdir]
            else:
                cmd = [RECLAB, "run", "experiments/article.yaml", "--force", "--out", outdir]
            timed = ["/usr/bin/time", "-f", "TIME %e %U %S %M"] + cmd
            log("$ " + " ".join(shlex.quote(c) for c in timed))
            p = subprocess.run(timed, cwd=ROOT, text=True, capture_output=True)
            if p.returncode != 0:
                sys.stderr.write(p.stderr[-3000:])
                raise SystemExit(f"bench-peers: tutorial {side} failed ({p.returncode})")
            line = [ln for ln in p.stderr.splitlines() if ln.startswith("TIME ")][-1].split()
            walls[side].append(float(line[1])); cpus[side].append(float(line[2]) + float(line[3]))
            rss[side] = max(rss[side], int(line[4]) / 1024)
            if side == "python":
                py_res = json.loads(p.stdout.strip().splitlines()[-1])
            else:
                rl_res = json.load(open(os.path.join(outdir, "results", "run.json")))
            shutil.rmtree(outdir, ignore_errors=True)  # charts, reports and saved models: ~20 MB a run
            log(f"  tutorial {side}: {walls[side][-1]:.2f} s wall, {cpus[side][-1]:.2f} s CPU, load {load()}")
    rl_rmse = {}
    for t in rl_res.get("trials", []):
        if t.get("status") == "ok" and "rmse" in t.get("metrics", {}):
            rl_rmse[t["model"]] = t["metrics"]["rmse"]
    names = {"svd": "svd", "baseline_als": "baseline", "latent_knn": "latent-knn"}
    acc_r = "; ".join(f"{names.get(k, k)} {v:.4f}" for k, v in sorted(rl_rmse.items()))
    acc_p = "; ".join(f"{k} {v['rmse']:.4f}" for k, v in sorted(py_res["results"].items()))
    svd_ok = rl_rmse.get("svd", 9) <= py_res["results"]["svd"]["rmse"] + 0.015
    mr, mp = statistics.median(walls["reclab"]), statistics.median(walls["python"])
    table.add("whole tutorial (article.yaml): load, TF-IDF + SVD(200), collab SVD(200), similar lists, "
              "SVD / latent k-NN / baseline on 75/25, top 10, charts + report",
              f"{s(mr)} (CPU {s(statistics.median(cpus['reclab']))}){mb(rss['reclab'])}",
              "Python pipeline (pandas, scikit-learn, Surprise, numpy, matplotlib; imports included)",
              f"{s(mp)} (CPU {s(statistics.median(cpus['python']))}){mb(rss['python'])}",
              mp / mr, None, "RMSE " + acc_r, "RMSE " + acc_p, svd_ok,
              cpu_ratio=statistics.median(cpus["python"]) / statistics.median(cpus["reclab"]),
              note=f"median of {a.repeats}, whole processes; the two sides draw different 75/25 splits, so their "
                   f"RMSEs differ by split noise (SVD counted as matched within 0.015)")
    return dict(python_steps=py_res["steps"], python_import_s=py_res["import_s"])


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--repeats", type=int, required=True)
    ap.add_argument("--csv-runs", type=int, required=True)
    ap.add_argument("--collab-repeats", type=int, default=3)
    ap.add_argument("--dir", required=True, help="scratch data folder")
    ap.add_argument("--out", required=True, help="Markdown file to write")
    ap.add_argument("--only", default="csv,content,collab,svd,knn,tutorial")
    a = ap.parse_args()
    only = set(a.only.split(","))
    tmp = tempfile.mkdtemp(prefix="bench-peers-", dir=a.dir)
    small = os.path.join(os.environ["RECLAB_DATA_DIR"], "ml-latest-small")
    table = Table()
    t0 = time.time()
    load0 = load()
    extras = {}
    # Small sets first, the long 20M runs last; the table is rewritten after every section,
    # so an interrupted full run still leaves what it measured.
    steps = []
    if "content" in only:
        steps.append(("content", lambda: content_section(a, table, tmp)))
    if "svd" in only:
        steps.append(("svd ml-latest-small", lambda: rating_section(a, table, tmp, [small], "svd", max(a.repeats, 5), "svd-small")))
    if "knn" in only:
        steps.append(("knn", lambda: rating_section(a, table, tmp, [small], "knn", min(a.repeats, 3), "knn-small")))
    if "tutorial" in only:
        steps.append(("tutorial", lambda: extras.update(tutorial_section(a, table, tmp) or {})))
    if "csv" in only:
        steps.append(("csv", lambda: csv_section(a, table, tmp)))
    if "svd" in only and not a.quick:
        steps.append(("svd synth-2m", lambda: rating_section(a, table, tmp, [os.path.join(a.dir, "synth-2m")], "svd", a.repeats, "svd-2m")))
        steps.append(("svd synth-20m", lambda: rating_section(a, table, tmp, [os.path.join(a.dir, "synth-20m")], "svd", 1, "svd-20m")))
    if "collab" in only and not a.quick:
        steps.append(("collab", lambda: collab_section(a, table, tmp)))
    done = []
    for name, step in steps:
        step()
        done.append(f"{name} {load().split()[0]}")
        write(a, table, extras, t0, load0, done, len(done) == len(steps))


def write(a, table, extras, t0, load0, done, final):
    def version(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True).stdout.strip().splitlines()[0]
        except Exception:
            return "?"

    peers = subprocess.run([PY, "-c", "import numpy, pandas, sklearn, surprise, scipy, matplotlib, importlib.metadata as m;"
                            "print(f'numpy {numpy.__version__}, pandas {pandas.__version__}, scikit-learn {sklearn.__version__}, "
                            "scikit-surprise {surprise.__version__}, libmf {m.version(\"libmf\")}, scipy {scipy.__version__}, "
                            "matplotlib {matplotlib.__version__}')"], capture_output=True, text=True).stdout.strip()
    cpu = next((ln.split(":", 1)[1].strip() for ln in open("/proc/cpuinfo") if ln.startswith("model name")), "?")
    mem = next((ln.split()[1] for ln in open("/proc/meminfo") if ln.startswith("MemTotal")), "0")
    head = [
        f"Run of {time.strftime('%Y-%m-%d %H:%M', time.gmtime(t0))}–{time.strftime('%H:%M', time.gmtime())} UTC, "
        f"`scripts/bench-peers{' --quick' if a.quick else ''}` ({'quick' if a.quick else 'full'} mode) at commit "
        f"{version(['git', '-C', ROOT, 'describe', '--always', '--dirty'])}, "
        f"load average {load0} at the start and {load()} at the end.",
        f"Machine: {os.cpu_count()} CPUs ({cpu}), {int(mem) / 1024 / 1024:.0f} GiB, {platform.platform()}; "
        f"{version(['swift', '--version'])}; Python {platform.python_version()} ({peers}); "
        f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')} for both sides.",
        "",
        "Times are medians of interleaved runs (wall, with CPU = user + sys where measured) and peak RSS; "
        "ratio = peer time / RecLab time, wall (CPU in brackets: the per-thread figure for single-threaded "
        "work, less disturbed by host load). *met?* (judged on the wall ratio) needs the ratio at or above the target **and** RecLab's "
        f"accuracy no worse than the peer's (RMSE within +{RMSE_TOL}, cumulative explained variance within "
        f"−{VARIANCE_TOL}); a faster result with worse accuracy is flagged.",
        "",
    ]
    head.insert(2, f"Sections in run order, with the 1-minute load average at the end of each: {', '.join(done)}.")
    if not final:
        head.insert(0, "**Partial** (interrupted or still running).\n")
    md = "\n".join(head) + "\n" + table.markdown() + "\n"
    if extras.get("python_steps"):
        md += ("\nPython tutorial, seconds per step of its last run (imports "
               f"{extras['python_import_s']:.2f} s): "
               + ", ".join(f"{k} {v:.2f}" for k, v in extras["python_steps"].items()) + ".\n")
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(a.out, "w") as f:
        f.write(md)
    if final:
        print(md)
    log(f"table written to {a.out} ({'final' if final else 'partial'}); {time.time() - t0:.0f} s so far")


if __name__ == "__main__":
    main()
