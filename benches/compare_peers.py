#!/usr/bin/env python3
"""Compare dolgraph with networkx, igraph (+ leidenalg) and NetworKit.

Same edge-list files for every tool, one process at a time, each measured with
GNU time for peak memory and timed inside the process per stage.

    python3 benches/compare_peers.py --quick     # smoke test: gen100k, 1 run
    python3 benches/compare_peers.py             # higgs, gen1m, gen10m; 3 runs
    python3 benches/compare_peers.py --graphs higgs --algos pagerank,communities
                                     --tools dolgraph,igraph,networkit --runs 5

First run: creates a venv (default /tmp/dolgraph-peers-venv, --venv) with the
pinned benches/peers-requirements.txt, then re-executes itself inside it.
Inputs are made once and cached under the work dir (default /tmp/dolgraph-peers,
--work). Results: WORK/results/<stamp>/{results.json,results.csv,table.md}.

Inputs
  higgs   ../shared/data/snap-higgs-twitter/higgs-activity_time.txt.gz
  gen100k generated, 10k accounts / 100k interactions (seed 1)
  gen1m   generated, 100k accounts / 1M interactions (seed 1)
  gen10m  generated, 1M accounts / 10M interactions (seed 1)
Generated graphs come from `cargo run --release --example generate -- edges A E SEED FILE`
(run with CARGO_TARGET_DIR under the work dir, so target/ is not touched); if
cargo fails, a numpy port of the same SplitMix64 generator writes the file.

Every input is converted once to `source,target,weight` CSV (header included):
ids renumbered 0..n-1 (sorted by original id), self-loops dropped, duplicate
(a, b) pairs aggregated, weight = sum of dolgraph's default kind weights
(RT/RE/QT and kind-less rows 1.0, MT 0.5), so the weighted graph is the one
dolgraph itself builds from the raw file. dolgraph reads the same CSV with
`--format edge-csv` (a weight column multiplies the kind weight 1.0).
Communities run on a second file, the undirected projection
(weight of u-v = w(u->v) + w(v->u), one row per pair, u < v), read by every
tool, dolgraph included, so that all partitions are of one graph; modularity
(resolution 1, weighted) is then computed for every partition by one igraph
`Graph.modularity` call in a separate scoring process.

What is measured per (graph, algorithm, tool) row, median over --runs:
  load s     read the CSV into the tool's graph (inside the process)
  prep s     conversions the algorithm needs (NetworKit: drop weights for
             betweenness); 0 otherwise
  algo s     the algorithm alone (time.perf_counter around the call)
  process s  the whole process, start to exit (interpreter and imports too)
  peak RSS   GNU time's maximum resident set size of the process
  B/edge     peak RSS / edges of the graph the row runs on; `net` subtracts
             the tool's import-only RSS (measured once per tool)
dolgraph's stage times come from OUT/manifest.json `timings_ms`; a stage it
does not report yet is left blank, and its process time covers every stage it
runs (it computes all its metrics in one `analyze`). NetworKit (and dolgraph
with --dolgraph-threads) is run at each thread count given; the row shows the
one with the lowest median algorithm time. igraph, leidenalg and networkx are
single-threaded (OMP/BLAS pools set to 1).

Same precision: PageRank stops at an L1 change < --tol (1e-12, dolgraph's
rule) in NetworKit (Norm.L1_NORM, sinks distributed) and networkx
(tol = 1e-12 / n, its own rule being sum|dx| < n * tol); igraph's PRPACK has
a fixed internal tolerance (1e-10) that cannot be set. Every score vector is
compared (sum-normalised, L1) with networkx's, or igraph's when networkx did
not run: the `quality` column.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import hashlib
import json
import os
import platform
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
REQUIREMENTS = REPO / "benches" / "peers-requirements.txt"
DEFAULT_VENV = "/tmp/dolgraph-peers-venv"
DEFAULT_WORK = "/tmp/dolgraph-peers"
GNU_TIME = "/usr/bin/time"
CONVERT_VERSION = 1  # bump when the converted files' meaning changes

# dolgraph's default interaction weights (README, "Interaction weights").
KIND_WEIGHTS = {b"RT": 1.0, b"RE": 1.0, b"QT": 1.0, b"MT": 0.5}
DEFAULT_KIND_WEIGHT = 1.0

HIGGS = REPO.parent / "shared" / "data" / "snap-higgs-twitter" / "higgs-activity_time.txt.gz"
GRAPHS = {
    "higgs": {"source": "snap", "path": HIGGS},
    "gen100k": {"source": "generated", "accounts": 10_000, "interactions": 100_000, "seed": 1},
    "gen1m": {"source": "generated", "accounts": 100_000, "interactions": 1_000_000, "seed": 1},
    "gen10m": {"source": "generated", "accounts": 1_000_000, "interactions": 10_000_000, "seed": 1},
}

ALGOS = ("pagerank", "betweenness", "communities")
TOOLS = ("dolgraph", "igraph", "networkit", "networkx", "leidenalg")
# Rows per algorithm: (tool, variant). A variant is what the table calls it.
ROWS = {
    "pagerank": [("dolgraph", "pagerank"), ("igraph", "prpack"), ("networkit", "PageRank"),
                 ("networkx", "pagerank")],
    "betweenness": [("dolgraph", "exact"), ("igraph", "betweenness"),
                    ("networkit", "Betweenness"), ("networkx", "betweenness_centrality")],
    "communities": [("dolgraph", "leiden"), ("igraph", "multilevel"), ("igraph", "leiden"),
                    ("leidenalg", "ModularityVertexPartition"), ("networkit", "PLM"),
                    ("networkit", "ParallelLeiden")],
}
# Scores compared against the first of these that ran (sum-normalised, L1).
REFERENCE_ORDER = ("networkx", "igraph", "networkit", "dolgraph")

# --------------------------------------------------------------------------
# Programs run in the measured subprocesses. Each gets one JSON argument:
# {"algo", "variant", "file", "n", "threads", "tol", "seed", "leiden_iterations",
#  "result", "vector"}
# and writes {"load_s", "prep_s", "algo_s", ...} as JSON to ARGS["result"];
# the scores (pagerank, betweenness) or the membership (communities), indexed
# by node id, go to ARGS["vector"] (.npy) after the clock has stopped.
# algo "none" only imports the libraries: the import-only RSS baseline.

PRELUDE = r'''
import json, sys, time
ARGS = json.loads(sys.argv[1])
RESULT = {"load_s": None, "prep_s": 0.0, "algo_s": None}
clock = time.perf_counter

def finish(**extra):
    RESULT.update(extra)
    with open(ARGS["result"], "w") as f:
        json.dump(RESULT, f)
    sys.exit(0)

def save_vector(values):
    import numpy as np
    np.save(ARGS["vector"], np.asarray(values))

def read_edge_csv(path):
    """`source,target,weight` with a header -> (src, dst) int64 and weight
    float64 arrays, with numpy's C parser."""
    import numpy as np
    a = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float64, ndmin=2)
    return a[:, 0].astype(np.int64), a[:, 1].astype(np.int64), np.ascontiguousarray(a[:, 2])

def igraph_from_csv(path, n, directed):
    """igraph Graph with a `weight` edge attribute. A list of (int, int)
    tuples is python-igraph's fastest input (a numpy array is iterated row
    by row, 2-3x slower); attributes are Python lists in igraph."""
    import igraph as ig
    src, dst, w = read_edge_csv(path)
    g = ig.Graph(n=n, edges=list(zip(src.tolist(), dst.tolist())), directed=directed)
    g.es["weight"] = w.tolist()
    return g
'''

IGRAPH = PRELUDE + r'''
import random
import numpy as np  # used by the loader: imported before the clock
import igraph as ig
if ARGS["algo"] == "none":
    finish()
random.seed(ARGS["seed"])  # python-igraph draws from Python's `random`
t = clock()
g = igraph_from_csv(ARGS["file"], ARGS["n"], directed=ARGS["algo"] != "communities")
RESULT["load_s"] = clock() - t

algo, variant = ARGS["algo"], ARGS["variant"]
t = clock()
if algo == "pagerank":
    vec = g.pagerank(damping=0.85, directed=True, weights="weight", implementation="prpack")
elif algo == "betweenness":
    vec = g.betweenness(directed=True)  # hop distance: no weights
elif variant == "multilevel":
    vec = g.community_multilevel(weights="weight").membership
elif variant == "leiden":
    vec = g.community_leiden(objective_function="modularity", weights="weight",
                             resolution=1.0, n_iterations=ARGS["leiden_iterations"]).membership
else:
    raise SystemExit(f"igraph: unknown variant {variant}")
RESULT["algo_s"] = clock() - t
save_vector(vec)
finish()
'''

LEIDENALG = PRELUDE + r'''
import numpy as np  # used by the loader: imported before the clock
import igraph as ig
import leidenalg
if ARGS["algo"] == "none":
    finish()
t = clock()
g = igraph_from_csv(ARGS["file"], ARGS["n"], directed=False)
RESULT["load_s"] = clock() - t
t = clock()
part = leidenalg.find_partition(g, leidenalg.ModularityVertexPartition, weights="weight",
                                n_iterations=ARGS["leiden_iterations"], seed=ARGS["seed"])
RESULT["algo_s"] = clock() - t
save_vector(part.membership)
finish()
'''

NETWORKIT = PRELUDE + r'''
import numpy as np  # as in the other snippets (NetworKit imports it anyway)
import networkit as nk
if ARGS["algo"] == "none":
    finish()
nk.setNumberOfThreads(ARGS["threads"])
nk.engineering.setSeed(ARGS["seed"], True)
algo, variant = ARGS["algo"], ARGS["variant"]
t = clock()
# '#'-comments by default; the header line starts with 's', so skip lines starting with it.
reader = nk.graphio.EdgeListReader(",", 0, commentPrefix="s", continuous=True,
                                   directed=algo != "communities")
G = reader.read(ARGS["file"])
RESULT["load_s"] = clock() - t
extra = {"threads_used": nk.getCurrentNumberOfThreads()}
if algo == "betweenness":  # hop distance: an unweighted copy, else it runs Dijkstra
    t = clock()
    G = nk.graphtools.toUnweighted(G)
    RESULT["prep_s"] = clock() - t

SH = nk.centrality.SinkHandling
t = clock()
if algo == "pagerank":
    a = nk.centrality.PageRank(G, damp=0.85, tol=ARGS["tol"],
                               distributeSinks=getattr(SH, "DISTRIBUTE_SINKS", None) or SH.DistributeSinks)
    a.norm = nk.centrality.Norm.L1_NORM  # same stopping rule as dolgraph: L1 change < tol
    a.maxIterations = 100000
    a.run()
    extra["iterations"] = a.numberOfIterations()
elif algo == "betweenness":
    a = nk.centrality.Betweenness(G, normalized=True)
    a.run()
elif variant == "PLM":
    a = nk.community.PLM(G)
    a.run()
elif variant == "ParallelLeiden":
    a = nk.community.ParallelLeiden(G)
    a.run()
else:
    raise SystemExit(f"networkit: unknown variant {variant}")
RESULT["algo_s"] = clock() - t
if algo == "communities":
    save_vector(a.getPartition().getVector())
else:
    save_vector(a.scores())
finish(**extra)
'''

NETWORKX = PRELUDE + r'''
import networkx as nx
import scipy  # nx.pagerank uses scipy.sparse: import it before the clock
if ARGS["algo"] == "none":
    finish()
n = ARGS["n"]
t = clock()
G = nx.DiGraph() if ARGS["algo"] != "communities" else nx.Graph()
G.add_nodes_from(range(n))
with open(ARGS["file"]) as f:
    next(f)
    G.add_weighted_edges_from((int(a), int(b), float(c))
                              for a, b, c in (line.split(",") for line in f))
RESULT["load_s"] = clock() - t
t = clock()
if ARGS["algo"] == "pagerank":
    # networkx stops when sum |x - x_prev| < n * tol: tol / n is dolgraph's L1 rule.
    pr = nx.pagerank(G, alpha=0.85, weight="weight", tol=ARGS["tol"] / n, max_iter=100000)
    vec = [pr[i] for i in range(n)]
elif ARGS["algo"] == "betweenness":
    bc = nx.betweenness_centrality(G, normalized=True, weight=None)
    vec = [bc[i] for i in range(n)]
else:
    raise SystemExit("networkx: communities are not compared")
RESULT["algo_s"] = clock() - t
save_vector(vec)
finish()
'''

# Untimed: modularity of each membership on the undirected projection, and L1
# distance of sum-normalised score vectors to a reference vector.
SCORER = PRELUDE.replace("ARGS = json.loads(sys.argv[1])", "") + r'''
import numpy as np
import igraph as ig
job = json.load(open(sys.argv[1]))
out = {}
if job["kind"] == "communities":
    g = igraph_from_csv(job["file"], job["n"], directed=False)
    for key, path in job["vectors"].items():
        m = np.load(path).astype(np.int64)
        if m.shape[0] != job["n"] or (m < 0).any():
            out[key] = {"error": f"membership of {m.shape[0]} nodes for {job['n']}"}
            continue
        _, m = np.unique(m, return_inverse=True)
        out[key] = {"modularity": g.modularity(m.tolist(), weights="weight", resolution=1.0),
                    "communities": int(m.max()) + 1}
else:
    ref_key = job["reference"]
    def norm(v):
        v = np.asarray(v, dtype=np.float64)
        s = v.sum()
        return v / s if s else v
    ref = norm(np.load(job["vectors"][ref_key]))
    for key, path in job["vectors"].items():
        v = norm(np.load(path))
        if v.shape != ref.shape:
            out[key] = {"error": f"{v.shape[0]} scores for {ref.shape[0]} nodes"}
            continue
        out[key] = {"l1_vs_ref": float(np.abs(v - ref).sum()), "reference": ref_key}
json.dump(out, open(job["result"], "w"))
'''

SNIPPETS = {"igraph": IGRAPH, "leidenalg": LEIDENALG, "networkit": NETWORKIT,
            "networkx": NETWORKX, "scorer": SCORER}


# --------------------------------------------------------------------------
# Command line, venv


def parse_args(argv):
    p = argparse.ArgumentParser(
        description="Time dolgraph against networkx, igraph, leidenalg and NetworKit "
                    "on the same edge lists, one process at a time.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n\n", 2)[2] if __doc__ else None)
    p.add_argument("--graphs", default=None,
                   help=f"comma list of {','.join(GRAPHS)} (default higgs,gen1m,gen10m; --quick: gen100k)")
    p.add_argument("--algos", default=",".join(ALGOS), help=f"comma list of {','.join(ALGOS)}")
    p.add_argument("--tools", default=",".join(TOOLS), help=f"comma list of {','.join(TOOLS)}")
    p.add_argument("--runs", type=int, default=None, help="runs per row, median reported (default 3; --quick: 1)")
    p.add_argument("--timeout", type=float, default=None,
                   help="seconds per subprocess before it is killed and reported as a timeout (default 1800; --quick: 600)")
    p.add_argument("--quick", action="store_true",
                   help="smoke test: gen100k only (10k accounts, 100k edges), 1 run, no networkx betweenness")
    p.add_argument("--networkit-threads", default=None,
                   help="thread counts to try for NetworKit, best reported (default 1,NPROC)")
    p.add_argument("--dolgraph-threads", default="",
                   help="thread counts to try for dolgraph, best reported (default: its own default, all cores)")
    p.add_argument("--tol", type=float, default=1e-12,
                   help="PageRank stopping rule, L1 change between iterations (default 1e-12, dolgraph's)")
    p.add_argument("--seed", type=int, default=42, help="seed passed to the community detections")
    p.add_argument("--leiden-iterations", type=int, default=-1,
                   help="n_iterations of igraph's community_leiden and leidenalg (default -1: until stable)")
    p.add_argument("--networkx-betweenness-max-work", type=float, default=None,
                   help="run networkx's exact betweenness only when accounts x edges is at most this "
                        "(default 1.5e9: gen100k only, ~5 min; --quick: 0)")
    p.add_argument("--dolgraph", default=str(REPO / "target" / "release" / "dolgraph"),
                   help="dolgraph binary (default target/release/dolgraph; not built by this script)")
    p.add_argument("--venv", default=os.environ.get("DOLGRAPH_PEERS_VENV", DEFAULT_VENV))
    p.add_argument("--work", default=os.environ.get("DOLGRAPH_PEERS_WORK", DEFAULT_WORK))
    p.add_argument("--generator", choices=("cargo", "numpy"), default="cargo",
                   help="how generated graphs are written (default cargo, numpy port as fallback)")
    a = p.parse_args(argv)
    a.graphs = _list(a.graphs or ("gen100k" if a.quick else "higgs,gen1m,gen10m"), GRAPHS, "--graphs")
    a.algos = _list(a.algos, ALGOS, "--algos")
    a.tools = _list(a.tools, TOOLS, "--tools")
    a.runs = a.runs or (1 if a.quick else 3)
    a.timeout = a.timeout or (600.0 if a.quick else 1800.0)
    if a.networkx_betweenness_max_work is None:
        a.networkx_betweenness_max_work = 0.0 if a.quick else 1.5e9
    nproc = os.cpu_count() or 1
    a.networkit_threads = [int(x) for x in (a.networkit_threads or f"1,{nproc}").split(",")]
    a.networkit_threads = sorted(set(a.networkit_threads))
    a.dolgraph_threads = sorted({int(x) for x in a.dolgraph_threads.split(",") if x}) or [None]
    return a


def _list(text, allowed, flag):
    items = [x.strip() for x in text.split(",") if x.strip()]
    bad = [x for x in items if x not in allowed]
    if bad:
        sys.exit(f"{flag}: unknown {', '.join(bad)} (known: {', '.join(allowed)})")
    return items


def ensure_venv(venv: Path):
    """Create the venv and install the pinned peers on first use, then re-exec
    this script inside it (no-op when already there)."""
    if Path(sys.prefix).resolve() == venv.resolve():
        return
    py = venv / "bin" / "python"
    stamp = venv / ".requirements.sha256"
    want = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
    if not py.exists():
        print(f"creating venv {venv}", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    if not stamp.exists() or stamp.read_text().strip() != want:
        print(f"installing {REQUIREMENTS.name} into {venv}", file=sys.stderr)
        subprocess.run([str(py), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        "--only-binary=:all:", "-r", str(REQUIREMENTS)], check=True)
        stamp.write_text(want + "\n")
    os.environ["DOLGRAPH_PEERS_ARGV0"] = os.environ.get("DOLGRAPH_PEERS_ARGV0", _shown_command())
    os.execv(str(py), [str(py), str(Path(__file__).resolve()), *sys.argv[1:]])


def _shown_command():
    script = Path(sys.argv[0])
    try:
        script = script.resolve().relative_to(Path.cwd())
    except ValueError:
        pass
    return shlex.join(["python3", str(script), *sys.argv[1:]])


def ensure_gnu_time():
    ok = Path(GNU_TIME).exists() and subprocess.run(
        [GNU_TIME, "-v", "true"], capture_output=True).returncode == 0
    if ok:
        return
    print("GNU time missing: apt-get install -y time", file=sys.stderr)
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-q", "time"], check=False)
    if not Path(GNU_TIME).exists():
        sys.exit(f"{GNU_TIME} (GNU time) is needed: apt-get install -y time")


# --------------------------------------------------------------------------
# Inputs: generation and conversion to `source,target,weight`


def prepare_graph(name: str, args, work: Path) -> dict:
    """Return the graph's meta (files, sizes), converting it on first use."""
    gdir = work / "graphs"
    gdir.mkdir(parents=True, exist_ok=True)
    meta_path = gdir / f"{name}.meta.json"
    if meta_path.exists():
        meta = json.loads(meta_path.read_text())
        if (meta.get("version") == CONVERT_VERSION and Path(meta["directed_file"]).exists()
                and Path(meta["undirected_file"]).exists()):
            return meta
    spec = GRAPHS[name]
    if spec["source"] == "snap":
        raw = Path(spec["path"])
        if not raw.exists():
            raise FileNotFoundError(f"{raw} is missing")
        origin = {"file": str(raw), "sha256": _sha256(raw)}
    else:
        raw = gdir / f"{name}.snap.txt"
        origin = generate(spec, raw, args, work)
    print(f"[{name}] converting {raw.name} to source,target,weight ...", file=sys.stderr)
    t = time.perf_counter()
    meta = convert(raw, gdir / f"{name}.edges.csv", gdir / f"{name}.undirected.csv")
    meta.update(name=name, version=CONVERT_VERSION, origin=origin,
                kind_weights={k.decode(): v for k, v in KIND_WEIGHTS.items()} | {"other": DEFAULT_KIND_WEIGHT},
                convert_s=round(time.perf_counter() - t, 1))
    meta_path.write_text(json.dumps(meta, indent=1))
    return meta


def generate(spec: dict, out: Path, args, work: Path) -> dict:
    a, e, seed = spec["accounts"], spec["interactions"], spec["seed"]
    origin = {"generator": None, "accounts": a, "interactions": e, "seed": seed}
    if out.exists():
        stamp = out.with_suffix(".how")
        origin["generator"] = stamp.read_text().strip() if stamp.exists() else "cached"
        return origin
    tmp = out.with_suffix(".tmp")
    how = None
    if args.generator == "cargo" and shutil.which("cargo"):
        cmd = ["cargo", "run", "--release", "--quiet", "--example", "generate", "--", "edges", str(a), str(e), str(seed), str(tmp)]
        env = dict(os.environ, CARGO_TARGET_DIR=str(work / "cargo-target"))
        print(f"generating {out.name}: {shlex.join(cmd)} (CARGO_TARGET_DIR={env['CARGO_TARGET_DIR']})", file=sys.stderr)
        r = subprocess.run(cmd, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if r.returncode == 0 and tmp.exists():
            how = "cargo run --release --example generate"
        else:
            print(f"  cargo failed (exit {r.returncode}); using the numpy port instead:\n"
                  + "\n".join(r.stderr.strip().splitlines()[-8:]), file=sys.stderr)
    if how is None:
        print(f"generating {out.name} with the numpy port of benches/common/mod.rs", file=sys.stderr)
        with open(tmp, "w") as f:
            numpy_edge_list(f, a, e, seed)
        how = "numpy port of benches/common/mod.rs edge_list"
    tmp.rename(out)
    out.with_suffix(".how").write_text(how + "\n")
    origin["generator"] = how
    return origin


def numpy_edge_list(f, accounts: int, edges: int, seed: int, chunk: int = 1 << 20):
    """Same lines as benches/common/mod.rs `edge_list` (SplitMix64, 3 draws per
    edge: source, heavy-tailed target, kind). `powf` is done with math.pow (C
    libm, as Rust's) because numpy's vectorised power differs in the last bit."""
    import math
    import numpy as np
    golden = np.uint64(0x9E3779B97F4A7C15)

    def mix(z):
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))

    kinds = ["RT", "RT", "MT", "RE", "QT"]
    n = max(accounts, 1)
    expo = -1.0 / 1.2
    with np.errstate(over="ignore"):
        for start in range(0, edges, chunk):
            i = np.arange(start, min(edges, start + chunk), dtype=np.uint64)
            base = np.uint64(seed) + i * np.uint64(3) * golden
            src = mix(base + golden) % np.uint64(n)
            u = (mix(base + golden * np.uint64(2)) >> np.uint64(11)).astype(np.float64) / float(1 << 53)
            u = np.maximum(u, 1e-12).tolist()
            x = [(math.pow(v, expo) - 1.0) * (accounts / 50.0) for v in u]
            dst = np.minimum(np.array(x, dtype=np.float64).astype(np.uint64), np.uint64(accounts - 1))
            kind = mix(base + golden * np.uint64(3)) % np.uint64(5)
            f.write("".join(f"{s} {d} {1_700_000_000 + (start + j) // 10} {kinds[k]}\n"
                            for j, (s, d, k) in enumerate(zip(src.tolist(), dst.tolist(), kind.tolist()))))


def convert(raw: Path, directed_csv: Path, undirected_csv: Path) -> dict:
    """SNAP-style `a b [time] [KIND]` lines -> the two CSV files; see the module doc."""
    import numpy as np
    srcs, dsts, ws = [], [], []
    opener = gzip.open if raw.suffix == ".gz" else open
    with opener(raw, "rb") as f:
        while True:
            lines = f.readlines(64 << 20)
            if not lines:
                break
            toks = b" ".join(lines).split()
            if len(toks) == 4 * len(lines):  # fast path: every line has a kind
                a, b, k = toks[0::4], toks[1::4], toks[3::4]
            else:
                parts = [ln.split() for ln in lines if ln.strip() and not ln.startswith(b"#")]
                a = [p[0] for p in parts]
                b = [p[1] for p in parts]
                k = [p[3] if len(p) > 3 else b"" for p in parts]
            srcs.append(np.array(a).astype(np.int64))
            dsts.append(np.array(b).astype(np.int64))
            ws.append(np.array([KIND_WEIGHTS.get(x, DEFAULT_KIND_WEIGHT) for x in k], dtype=np.float64))
    src, dst, w = np.concatenate(srcs), np.concatenate(dsts), np.concatenate(ws)
    interactions = int(src.size)
    keep = src != dst
    self_loops = int(interactions - keep.sum())
    src, dst, w = src[keep], dst[keep], w[keep]
    ids, inv = np.unique(np.concatenate([src, dst]), return_inverse=True)
    n = int(ids.size)
    src, dst = inv[: src.size].astype(np.int64), inv[src.size:].astype(np.int64)
    key, inv = np.unique(src * n + dst, return_inverse=True)
    wsum = np.bincount(inv, weights=w)
    src, dst = key // n, key % n
    _write_edge_csv(directed_csv, src, dst, wsum)
    lo, hi = np.minimum(src, dst), np.maximum(src, dst)
    ukey, uinv = np.unique(lo * n + hi, return_inverse=True)
    uw = np.bincount(uinv, weights=wsum)
    _write_edge_csv(undirected_csv, ukey // n, ukey % n, uw)
    return {"directed_file": str(directed_csv), "undirected_file": str(undirected_csv),
            "accounts": n, "edges": int(key.size), "undirected_edges": int(ukey.size),
            "interactions": interactions, "self_loops_dropped": self_loops,
            "total_weight": float(wsum.sum())}


def _write_edge_csv(path: Path, src, dst, w, chunk: int = 1 << 20):
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w") as f:
        f.write("source,target,weight\n")
        for i in range(0, len(src), chunk):
            f.write("".join(f"{s},{t},{_fmt_weight(x)}\n" for s, t, x in
                            zip(src[i:i + chunk].tolist(), dst[i:i + chunk].tolist(), w[i:i + chunk].tolist())))
    tmp.rename(path)


def _fmt_weight(x: float) -> str:
    return str(int(x)) if x.is_integer() else repr(x)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


# --------------------------------------------------------------------------
# Measuring one process


def measure(cmd: list[str], timeout: float, env: dict | None = None) -> dict:
    """Run cmd under GNU time; wall seconds, peak RSS, exit code, output tails."""
    timefile = Path(os.environ["DOLGRAPH_PEERS_TMP"]) / "gnu-time.txt"
    full = [GNU_TIME, "-v", "-o", str(timefile), *cmd]
    t0 = time.perf_counter()
    p = subprocess.Popen(full, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         start_new_session=True, env=env)
    try:
        out, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)  # the group of the process started here
        p.communicate()
        return {"status": "timeout", "process_s": None, "peak_rss_kb": None, "exit": None}
    wall = time.perf_counter() - t0
    tv = timefile.read_text() if timefile.exists() else ""
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", tv)
    status = "ok" if p.returncode == 0 else "failed"
    return {"status": status, "exit": p.returncode, "process_s": wall,
            "peak_rss_kb": int(rss.group(1)) if rss else None,
            "stdout_tail": out[-2000:], "stderr_tail": err[-2000:]}


def python_env(threads: int) -> dict:
    """OpenMP/BLAS pools sized to the row's thread count (1 for igraph,
    networkx, leidenalg: they are single-threaded)."""
    env = dict(os.environ)
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env[var] = str(threads)
    return env


def run_python_tool(tool: str, algo: str, variant: str, graph_file: str, n: int, threads: int,
                    args, rundir: Path, tag: str) -> dict:
    script = Path(os.environ["DOLGRAPH_PEERS_TMP"]).parent / "snippets" / f"peer_{tool}.py"
    result, vector = rundir / f"{tag}.json", rundir / f"{tag}.npy"
    for p in (result, vector):
        p.unlink(missing_ok=True)
    job = {"algo": algo, "variant": variant, "file": graph_file, "n": n, "threads": threads,
           "tol": args.tol, "seed": args.seed, "leiden_iterations": args.leiden_iterations,
           "result": str(result), "vector": str(vector)}
    m = measure([sys.executable, str(script), json.dumps(job)], args.timeout, python_env(threads))
    if m["status"] == "ok":
        if result.exists():
            m.update(json.loads(result.read_text()))
        else:
            m["status"] = "failed"
            m["note"] = "no result file"
    if m["status"] == "failed":
        m["note"] = _last_line(m.get("stderr_tail"))
    if vector.exists():
        m["vector"] = str(vector)
    return m


def run_dolgraph(algo: str, graph_file: str, threads: int | None, args, rundir: Path, tag: str,
                 help_text: str) -> dict:
    out = rundir / "dolgraph-out"
    cmd = [args.dolgraph, "analyze", graph_file, "--out", str(out), "--quiet", "--force",
           "--format", "edge-csv"]
    if threads:
        cmd += ["--threads", str(threads)]
    if algo == "betweenness":
        cmd += ["--exact-betweenness-max", "100000000"]
    if algo == "communities" and "--seed" in help_text:
        cmd += ["--seed", str(args.seed)]
    m = measure(cmd, args.timeout)
    m["command"] = shlex.join(cmd)
    if m["status"] == "failed":
        err = m.get("stderr_tail") or ""
        if m["exit"] == 2 and "unexpected argument" in err:
            m["status"] = "n/a (flag missing)"
        m["note"] = _last_line(err.split("\n\n")[0])
        return m
    if m["status"] != "ok":
        return m
    manifest = json.loads((out / "manifest.json").read_text())
    tm = {k: v / 1000.0 for k, v in (manifest.get("timings_ms") or {}).items()
          if isinstance(v, (int, float))}
    m["timings_s"] = tm
    m["load_s"] = tm.get("read", tm.get("ingest_and_build"))
    m["algo_s"] = tm.get(algo)
    m["threads_used"] = threads or os.cpu_count()
    notes = []
    if algo == "pagerank" and isinstance(manifest.get("pagerank"), dict):
        m["iterations"] = manifest["pagerank"].get("iterations")
        tol = (manifest["pagerank"].get("settings") or {}).get("tolerance")
        if tol is not None and tol != args.tol:
            notes.append(f"dolgraph's own PageRank tolerance is {tol:g} (peers: {args.tol:g})")
    found = _find_key(manifest, "modularity")
    if found is not None:
        m["manifest_modularity"] = found
    shutil.copy(out / "manifest.json", rundir / f"{tag}.manifest.json")
    m["note"] = "; ".join(notes)
    column = {"pagerank": "pagerank", "betweenness": "betweenness", "communities": "community"}[algo]
    vec = _dolgraph_column(out / "accounts.csv", column, rundir / f"{tag}.npy")
    if vec:
        m["vector"] = vec
    elif algo == "communities":
        m["note"] = "; ".join(filter(None, [m["note"], "no `community` column in accounts.csv"]))
    return m


def _dolgraph_column(accounts_csv: Path, column: str, dest: Path) -> str | None:
    """accounts.csv column -> .npy indexed by our node id (the `handle`, the
    edge-list token). Missing accounts get NaN."""
    import numpy as np
    with open(accounts_csv, newline="") as f:
        r = csv.reader(f)
        head = next(r)
        if column not in head:
            return None
        ih, ic = head.index("handle" if "handle" in head else "id"), head.index(column)
        pairs = [(int(row[ih]), row[ic]) for row in r]
    n = max((p[0] for p in pairs), default=-1) + 1
    v = np.full(n, np.nan)
    for i, x in pairs:
        v[i] = float(x) if x else np.nan
    np.save(dest, v)
    return str(dest)


def _find_key(obj, key):
    if isinstance(obj, dict):
        if key in obj and isinstance(obj[key], (int, float)):
            return obj[key]
        for v in obj.values():
            r = _find_key(v, key)
            if r is not None:
                return r
    return None


def _last_line(text: str | None) -> str:
    lines = [ln.strip() for ln in (text or "").strip().splitlines() if ln.strip()]
    return lines[-1][:200] if lines else ""


# --------------------------------------------------------------------------
# The benchmark


def variants_for(tool: str, args) -> list[int | None]:
    if tool == "networkit":
        return args.networkit_threads
    if tool == "dolgraph":
        return args.dolgraph_threads
    return [1]


def run_block(gname: str, meta: dict, algo: str, args, rundir: Path, baselines: dict,
              help_text: str) -> list[dict]:
    """All rows of one (graph, algorithm), runs interleaved (run 1 of every row,
    then run 2, ...) so that drift on the machine spreads over all tools."""
    gfile = meta["undirected_file"] if algo == "communities" else meta["directed_file"]
    edges = meta["undirected_edges"] if algo == "communities" else meta["edges"]
    n = meta["accounts"]
    cells = []  # one per (tool, variant, threads)
    for tool, variant in ROWS[algo]:
        if tool not in args.tools:
            continue
        for threads in variants_for(tool, args):
            cell = {"graph": gname, "algorithm": algo, "tool": tool, "variant": variant,
                    "threads": threads, "edges": edges, "runs": [], "skip": None}
            if tool == "networkx" and algo == "betweenness" and n * edges > args.networkx_betweenness_max_work:
                cell["skip"] = (f"skipped (accounts x edges {n * edges:.1e} > "
                                f"--networkx-betweenness-max-work {args.networkx_betweenness_max_work:.1e})")
            if tool == "dolgraph" and not Path(args.dolgraph).exists():
                cell["skip"] = f"skipped ({args.dolgraph} missing: cargo build --release)"
            cells.append(cell)
    for r in range(args.runs):
        for cell in cells:
            if cell["skip"] or (cell["runs"] and cell["runs"][-1]["status"] != "ok"):
                continue
            tool, threads = cell["tool"], cell["threads"]
            tag = f"{gname}-{algo}-{tool}-{cell['variant']}-t{threads}-r{r}"
            label = f"[{gname} {algo}] {tool} {cell['variant']} threads={threads or 'default'} run {r + 1}/{args.runs}"
            print(label + " ...", end="", file=sys.stderr, flush=True)
            if tool == "dolgraph":
                m = run_dolgraph(algo, gfile, threads, args, rundir, tag, help_text)
            else:
                m = run_python_tool(tool, algo, cell["variant"], gfile, n, threads, args, rundir, tag)
            cell["runs"].append(m)
            shown = m["status"] if m["status"] != "ok" else \
                f"load {_f(m.get('load_s'))} s, algo {_f(m.get('algo_s'))} s, process {_f(m['process_s'])} s, " \
                f"{(m['peak_rss_kb'] or 0) / 1024:.0f} MB"
            print(" " + shown + (f" ({m['note']})" if m.get("note") and m["status"] != "ok" else ""),
                  file=sys.stderr, flush=True)
    score(cells, algo, gfile, n, rundir, args)
    rows = []
    for tool, variant in dict.fromkeys((c["tool"], c["variant"]) for c in cells):
        group = [c for c in cells if (c["tool"], c["variant"]) == (tool, variant)]
        rows.append(summarise(group, baselines.get(tool)))
    return rows


def score(cells, algo, gfile, n, rundir, args):
    """Modularity of every run's membership, or L1 distance of every run's
    scores to the reference tool's, in one untimed process."""
    vectors = {}
    for ci, cell in enumerate(cells):
        for ri, m in enumerate(cell["runs"]):
            if m["status"] == "ok" and m.get("vector"):
                vectors[f"{ci}:{ri}"] = m["vector"]
    if not vectors:
        return
    job = {"kind": algo, "file": gfile, "n": n, "vectors": vectors,
           "result": str(rundir / "score.json")}
    if algo != "communities":
        by_tool = {cells[int(k.split(':')[0])]["tool"]: k for k in sorted(vectors)}
        ref_tool = next((t for t in REFERENCE_ORDER if t in by_tool), None)
        job["reference"] = by_tool[ref_tool]
    jpath = rundir / "score-job.json"
    jpath.write_text(json.dumps(job))
    script = Path(os.environ["DOLGRAPH_PEERS_TMP"]).parent / "snippets" / "peer_scorer.py"
    r = subprocess.run([sys.executable, str(script), str(jpath)], capture_output=True, text=True,
                       env=python_env(1))
    if r.returncode != 0:
        print(f"scoring failed: {_last_line(r.stderr)}", file=sys.stderr)
        return
    res = json.loads(Path(job["result"]).read_text())
    for key, val in res.items():
        ci, ri = map(int, key.split(":"))
        m = cells[ci]["runs"][ri]
        m.update({k: v for k, v in val.items() if k != "reference"})
        if "reference" in val:
            m["reference"] = cells[int(val["reference"].split(":")[0])]["tool"]
    for path in vectors.values():
        Path(path).unlink(missing_ok=True)


def summarise(group: list[dict], baseline_kb: int | None) -> dict:
    """One table row from a tool's cells (one per thread count): medians over
    runs; the thread count with the lowest median algorithm time wins."""
    def med(runs, key):
        vals = [m[key] for m in runs if m.get(key) is not None]
        return statistics.median(vals) if vals else None

    best, best_t = None, None
    for cell in group:
        ok = [m for m in cell["runs"] if m["status"] == "ok"]
        if cell["skip"] or not ok or len(ok) < len(cell["runs"]):
            continue
        key = med(ok, "algo_s") if med(ok, "algo_s") is not None else med(ok, "process_s")
        if best is None or key < best_t:
            best, best_t = cell, key
    first = group[0]
    row = {k: first[k] for k in ("graph", "algorithm", "tool", "variant", "edges")}
    row["tried_threads"] = [c["threads"] for c in group]
    row["all"] = [{k: v for k, v in c.items() if k != "skip"} | {"skip": c["skip"]} for c in group]
    if best is None:
        bad = next((c for c in group if c["skip"]), None)
        if bad:
            row["status"] = bad["skip"]
        else:
            last = next((c["runs"][-1] for c in group if c["runs"] and c["runs"][-1]["status"] != "ok"), None)
            row["status"] = last["status"] if last else "no run"
            if last and last["status"] == "timeout":
                row["status"] = f"timeout (> {int(ARGS.timeout)} s)"
            row["note"] = (last or {}).get("note", "")
        return row
    ok = best["runs"]
    row["status"] = "ok"
    row["threads"] = best["threads"]
    for key in ("load_s", "prep_s", "algo_s", "process_s", "peak_rss_kb", "modularity",
                "l1_vs_ref", "iterations", "communities", "manifest_modularity"):
        row[key] = med(ok, key)
    row["reference"] = ok[-1].get("reference")
    notes = sorted({m.get("note") for m in ok if m.get("note")})
    if first["tool"] == "dolgraph":
        notes += dolgraph_stage_notes(ok, first["algorithm"])
    row["note"] = "; ".join(notes)
    if row["peak_rss_kb"]:
        row["bytes_per_edge"] = row["peak_rss_kb"] * 1024 / max(first["edges"], 1)
        if baseline_kb:
            row["bytes_per_edge_net"] = (row["peak_rss_kb"] - baseline_kb) * 1024 / max(first["edges"], 1)
        row["baseline_rss_kb"] = baseline_kb
    return row


def dolgraph_stage_notes(runs: list[dict], algo: str) -> list[str]:
    """Say what else dolgraph's process time holds, from the median stage
    times of its manifest (it computes every metric in one `analyze`)."""
    keys = dict.fromkeys(k for m in runs for k in m.get("timings_s", {}))
    tm = {k: statistics.median(m["timings_s"][k] for m in runs if k in m.get("timings_s", {})) for k in keys}
    process = statistics.median(m["process_s"] for m in runs)
    notes = []
    if algo not in tm:
        notes.append(f"no `{algo}` in timings_ms")
    others = {k: v for k, v in tm.items() if k not in ("read", "ingest_and_build", algo) and v >= 0.1 * process}
    if others:
        notes.append("process includes " + ", ".join(f"{k} {v:.2f} s" for k, v in others.items()))
    return notes


def import_baselines(tools, args, rundir) -> dict:
    """Peak RSS of each tool's process doing nothing but start (imports)."""
    out = {}
    for tool in tools:
        if tool == "dolgraph":
            if Path(args.dolgraph).exists():
                m = measure([args.dolgraph, "--version"], 60)
                out[tool] = m["peak_rss_kb"]
            continue
        m = run_python_tool(tool, "none", "", "", 0, 1, args, rundir, f"baseline-{tool}")
        out[tool] = m["peak_rss_kb"] if m["status"] == "ok" else None
    return out


# --------------------------------------------------------------------------
# Report


def machine() -> dict:
    cpu = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gib = None
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                mem_gib = int(line.split()[1]) / 1048576
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "memory_gib": round(mem_gib, 1) if mem_gib else None,
            "cpu": cpu, "kernel": platform.release(), "python": platform.python_version(),
            "load_average_at_start": os.getloadavg()[0]}


def versions(args) -> dict:
    from importlib.metadata import version, PackageNotFoundError
    v = {}
    for pkg in ("networkx", "igraph", "leidenalg", "networkit", "numpy", "scipy"):
        try:
            v[pkg] = version(pkg)
        except PackageNotFoundError:
            v[pkg] = None
    b = Path(args.dolgraph)
    if b.exists():
        r = subprocess.run([str(b), "--version"], capture_output=True, text=True)
        git = subprocess.run(["git", "-C", str(REPO), "describe", "--always", "--dirty"],
                             capture_output=True, text=True)
        v["dolgraph"] = (r.stdout.strip().removeprefix("dolgraph ") + f" (git {git.stdout.strip() or '?'}, binary "
                         f"{dt.datetime.fromtimestamp(b.stat().st_mtime):%Y-%m-%d %H:%M}, "
                         f"sha256 {_sha256(b)[:12]})")
    return v


def _f(x, digits=3):
    if x is None:
        return ""
    if x >= 100:
        return f"{x:.0f}"
    if x >= 10:
        return f"{x:.1f}"
    return f"{x:.{digits}f}" if x >= 0.01 else f"{x:.4f}"


TOOL_LABEL = {
    ("dolgraph", "pagerank"): "dolgraph", ("dolgraph", "exact"): "dolgraph",
    ("dolgraph", "leiden"): "dolgraph Leiden",
    ("igraph", "prpack"): "igraph PRPACK", ("igraph", "betweenness"): "igraph",
    ("igraph", "multilevel"): "igraph Louvain (multilevel)",
    ("igraph", "leiden"): "igraph Leiden (to convergence)",
    ("leidenalg", "ModularityVertexPartition"): "leidenalg (to convergence)",
    ("networkit", "PageRank"): "NetworKit", ("networkit", "Betweenness"): "NetworKit",
    ("networkit", "PLM"): "NetworKit PLM", ("networkit", "ParallelLeiden"): "NetworKit ParallelLeiden",
    ("networkx", "pagerank"): "networkx", ("networkx", "betweenness_centrality"): "networkx",
}
ALGO_LABEL = {"pagerank": "PageRank", "betweenness": "exact betweenness", "communities": "communities"}


def table(rows: list[dict]) -> str:
    head = ["graph", "algorithm", "tool", "threads", "load s", "prep s", "algo s", "process s",
            "peak RSS MB", "B/edge", "B/edge net", "quality", "note"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        label = TOOL_LABEL.get((r["tool"], r["variant"]), f"{r['tool']} {r['variant']}")
        if ARGS.leiden_iterations != -1:
            label = label.replace("(to convergence)", f"({ARGS.leiden_iterations} iterations)")
        if r["status"] != "ok":
            cells = [r["graph"], ALGO_LABEL[r["algorithm"]], label, "", "", "", r["status"], "", "", "", "", "",
                     r.get("note", "")]
        else:
            thr = r["threads"]
            if r["tool"] == "dolgraph":
                thr = f"{thr}" if len(r["tried_threads"]) > 1 or r["tried_threads"][0] else f"{os.cpu_count()} (default)"
            if len(r["tried_threads"]) > 1:
                thr = f"{thr} (best of {','.join(map(str, r['tried_threads']))})"
            quality = ""
            if r["algorithm"] == "communities":
                if r.get("modularity") is not None:
                    quality = f"Q={r['modularity']:.4f}"
                elif r.get("manifest_modularity") is not None:
                    quality = f"Q={r['manifest_modularity']:.4f} (manifest)"
            elif r.get("l1_vs_ref") is not None and r.get("reference") != r["tool"]:
                quality = f"L1 vs {r['reference']} {r['l1_vs_ref']:.1e}"
            elif r.get("reference") == r["tool"]:
                quality = "reference"
            algo_s = _f(r.get("algo_s")) if r.get("algo_s") is not None else "n/a"
            cells = [r["graph"], ALGO_LABEL[r["algorithm"]], label, str(thr), _f(r.get("load_s")),
                     _f(r.get("prep_s")) if r.get("prep_s") else "", algo_s, _f(r.get("process_s")),
                     f"{r['peak_rss_kb'] / 1024:.0f}" if r.get("peak_rss_kb") else "",
                     f"{r['bytes_per_edge']:.0f}" if r.get("bytes_per_edge") else "",
                     f"{r['bytes_per_edge_net']:.0f}" if r.get("bytes_per_edge_net") else "",
                     quality, r.get("note", "")]
        lines.append("| " + " | ".join(str(c).replace("|", "/") for c in cells) + " |")
    return "\n".join(lines)


def graph_table(metas: dict) -> str:
    lines = ["| graph | accounts | directed edges | undirected edges | interactions | from |", "|---|---|---|---|---|---|"]
    for name, m in metas.items():
        o = m["origin"]
        src = Path(o["file"]).name if "file" in o else f"{o['generator']}, seed {o['seed']}"
        lines.append(f"| {name} | {m['accounts']:,} | {m['edges']:,} | {m['undirected_edges']:,} | "
                     f"{m['interactions']:,} | {src} |")
    return "\n".join(lines)


def write_results(rows, metas, info, rundir: Path) -> None:
    (rundir / "results.json").write_text(json.dumps({**info, "graphs": metas, "rows": rows}, indent=1))
    keys = ["graph", "algorithm", "tool", "variant", "status", "threads", "tried_threads", "edges",
            "load_s", "prep_s", "algo_s", "process_s", "peak_rss_kb", "bytes_per_edge",
            "bytes_per_edge_net", "baseline_rss_kb", "modularity", "communities", "l1_vs_ref",
            "reference", "iterations", "note"]
    with open(rundir / "results.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(keys)
        for r in rows:
            w.writerow(["" if r.get(k) is None else r.get(k) for k in keys])
        # every run, for the record
    with open(rundir / "runs.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["graph", "algorithm", "tool", "variant", "threads", "run", "status", "load_s",
                    "prep_s", "algo_s", "process_s", "peak_rss_kb", "modularity", "l1_vs_ref"])
        for r in rows:
            for c in r["all"]:
                for i, m in enumerate(c["runs"]):
                    w.writerow([r["graph"], r["algorithm"], r["tool"], r["variant"], c["threads"], i + 1,
                                m["status"]] + ["" if m.get(k) is None else m[k] for k in
                                                ("load_s", "prep_s", "algo_s", "process_s",
                                                 "peak_rss_kb", "modularity", "l1_vs_ref")])


ARGS = None


def main(argv):
    global ARGS
    args = ARGS = parse_args(argv)
    ensure_venv(Path(args.venv))
    ensure_gnu_time()
    work = Path(args.work)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    rundir = work / "results" / stamp
    rundir.mkdir(parents=True, exist_ok=True)
    os.environ["DOLGRAPH_PEERS_TMP"] = str(work / "tmp")
    (work / "tmp").mkdir(exist_ok=True)
    (work / "snippets").mkdir(exist_ok=True)
    for name, code in SNIPPETS.items():
        (work / "snippets" / f"peer_{name}.py").write_text(code)

    command = os.environ.get("DOLGRAPH_PEERS_ARGV0") or _shown_command()
    info = {"command": command, "started": dt.datetime.now().isoformat(timespec="seconds"),
            "machine": machine(), "versions": versions(args),
            "settings": {"runs": args.runs, "timeout_s": args.timeout, "tol": args.tol,
                         "seed": args.seed, "leiden_iterations": args.leiden_iterations, "networkit_threads": args.networkit_threads,
                         "dolgraph_threads": args.dolgraph_threads}}
    print(json.dumps(info, indent=1), file=sys.stderr)
    help_text = ""
    if Path(args.dolgraph).exists():
        help_text = subprocess.run([args.dolgraph, "analyze", "--help"], capture_output=True, text=True).stdout

    metas = {}
    for g in args.graphs:
        try:
            metas[g] = prepare_graph(g, args, work)
        except (FileNotFoundError, OSError) as e:
            print(f"[{g}] skipped: {e}", file=sys.stderr)
    baselines = import_baselines([t for t in args.tools], args, rundir)
    info["import_baseline_rss_kb"] = baselines

    rows = []
    for g, meta in metas.items():
        for algo in args.algos:
            rows += run_block(g, meta, algo, args, rundir, baselines, help_text)
            write_results(rows, metas, info, rundir)  # partial results survive an interrupt
    info["finished"] = dt.datetime.now().isoformat(timespec="seconds")
    info["machine"]["load_average_at_end"] = os.getloadavg()[0]
    shutil.rmtree(rundir / "dolgraph-out", ignore_errors=True)  # accounts.csv etc. of the last run
    write_results(rows, metas, info, rundir)

    m = info["machine"]
    v = info["versions"]
    report = "\n".join([
        f"Machine: {m['nproc']} cores ({m['cpu']}), {m['memory_gib']} GiB, Linux {m['kernel']}, Python {m['python']}; "
        f"1-min load average {m['load_average_at_start']:.1f} before the first run "
        f"({m['load_average_at_end']:.1f} at the end, own runs included)"
        + (" - NOT a quiet machine: timings, multi-threaded ones most, are inflated"
           if m["load_average_at_start"] > 0.5 * (m["nproc"] or 1) else ""),
        "Versions: " + ", ".join(f"{k} {x}" for k, x in v.items() if x),
        f"Command: `{command}` ({args.runs} run(s) per row, median; timeout {args.timeout:.0f} s; "
        f"PageRank stop at L1 change < {args.tol:g})",
        "",
        graph_table(metas),
        "",
        table(rows),
        "",
        "Import-only peak RSS (subtracted for `B/edge net`): "
        + ", ".join(f"{k} {x / 1024:.0f} MB" for k, x in baselines.items() if x),
    ])
    (rundir / "table.md").write_text(report + "\n")
    print(report)
    print(f"\nraw results: {rundir}/results.json, results.csv, runs.csv, table.md", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
