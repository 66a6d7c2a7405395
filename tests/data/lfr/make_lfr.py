#!/usr/bin/env python3
"""LFR benchmark graphs for the community-detection quality tests
(tests/communities.rs).

For each graph below: networkx's LFR_benchmark_graph (Lancichinetti,
Fortunato and Radicchi 2008) with a fixed seed (the next seeds are tried
when generation fails, as it often does for LFR; the seed used is recorded),
written as

  <name>.csv   `source,target,weight`, each undirected edge once, in one
               direction (dolgraph's undirected projection adds both
               directions, so it is the same undirected graph), weight 1;
  <name>.json  the parameters, the planted community of every node
               (numbered by smallest member), and the reference modularity:
               the best of a few seeds of leidenalg's Leiden
               (ModularityVertexPartition, run to convergence), with
               igraph's and networkx's modularity of that partition.

Usage (pinned versions in requirements.txt beside this file):

  python3 -m venv /tmp/lfr-venv
  /tmp/lfr-venv/bin/pip install -r tests/data/lfr/requirements.txt
  /tmp/lfr-venv/bin/python tests/data/lfr/make_lfr.py
"""

import json
import os
import sys

import igraph
import leidenalg
import networkx as nx
from networkx.algorithms.community import modularity as nx_modularity

HERE = os.path.dirname(os.path.abspath(__file__))

# name, n, mu, average_degree, max_degree, min_community, max_community, seed
GRAPHS = [
    ("lfr-1000-mu01", 1000, 0.1, 15, 50, 20, 100, 1),
    ("lfr-1000-mu03", 1000, 0.3, 15, 50, 20, 100, 1),
    ("lfr-5000-mu03", 5000, 0.3, 10, 50, 40, 200, 1),
]
TAU1, TAU2 = 3.0, 1.5
LEIDEN_SEEDS = range(10)


def generate(n, mu, avg, maxd, cmin, cmax, seed):
    for s in range(seed, seed + 100):
        try:
            g = nx.LFR_benchmark_graph(
                n, TAU1, TAU2, mu,
                average_degree=avg, max_degree=maxd,
                min_community=cmin, max_community=cmax,
                seed=s, max_iters=1000,
            )
            return g, s
        except nx.ExceededMaxIterations as e:
            print(f"  seed {s}: {e}; trying the next", file=sys.stderr)
    raise SystemExit("LFR generation failed for 100 seeds")


def main():
    for name, n, mu, avg, maxd, cmin, cmax, seed in GRAPHS:
        g, used = generate(n, mu, avg, maxd, cmin, cmax, seed)
        g.remove_edges_from(list(nx.selfloop_edges(g)))
        edges = sorted((min(u, v), max(u, v)) for u, v in g.edges())
        # Planted communities: networkx stores each node's community as a set.
        comms = {frozenset(g.nodes[v]["community"]) for v in g}
        comms = sorted(comms, key=min)
        planted = [0] * n
        for i, c in enumerate(comms):
            for v in c:
                planted[v] = i
        ig = igraph.Graph(n=n, edges=edges)
        best = None
        for s in LEIDEN_SEEDS:
            p = leidenalg.find_partition(
                ig, leidenalg.ModularityVertexPartition, seed=s, n_iterations=-1
            )
            q = ig.modularity(p.membership)
            if best is None or q > best[0]:
                best = (q, s, p.membership)
        q, s, membership = best
        parts = {}
        for v, c in enumerate(membership):
            parts.setdefault(c, set()).add(v)
        nxq = nx_modularity(g, list(parts.values()))
        with open(os.path.join(HERE, f"{name}.csv"), "w", newline="") as f:
            f.write("source,target,weight\n")
            for u, v in edges:
                f.write(f"{u},{v},1\n")
        ref = {
            "generator": "networkx.LFR_benchmark_graph",
            "networkx": nx.__version__,
            "n": n, "tau1": TAU1, "tau2": TAU2, "mu": mu,
            "average_degree": avg, "max_degree": maxd,
            "min_community": cmin, "max_community": cmax,
            "seed": used, "edges": len(edges),
            "planted_communities": len(comms),
            "planted_modularity": nx_modularity(g, comms),
            "leidenalg": {
                "version": leidenalg.__version__,
                "igraph": igraph.__version__,
                "partition": "ModularityVertexPartition",
                "n_iterations": -1,
                "seeds": list(LEIDEN_SEEDS),
                "best_seed": s,
                "modularity": q,
                "networkx_modularity": nxq,
                "communities": len(parts),
            },
            "planted": planted,
        }
        with open(os.path.join(HERE, f"{name}.json"), "w") as f:
            json.dump(ref, f, indent=1)
            f.write("\n")
        print(f"{name}: seed {used}, {len(edges)} edges, {len(comms)} planted, "
              f"leidenalg Q={q:.6f} ({len(parts)} communities), planted Q={ref['planted_modularity']:.6f}")


if __name__ == "__main__":
    main()
