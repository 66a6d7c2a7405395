"""Reference values from networkx (PageRank, HITS, betweenness, coreness) for dolgraph's oracle tests.

Writes, for each graph, an edge list dolgraph reads (`<name>.csv`:
source,target,weight) and networkx's values on the same directed weighted
graph (`<name>.json`). Run with the pinned versions:

    python3 -m venv venv && venv/bin/pip install -r requirements.txt
    venv/bin/python make_oracle.py

Graphs:
- karate: Zachary's karate club (networkx's copy), each undirected edge
  written in both directions, weight 1.
- lesmis: Les Miserables co-appearances (networkx's copy), weighted, both
  directions.
- heavytail: a seeded directed graph of 3,000 accounts, heavy-tailed in-degree
  (targets drawn by preferential attachment), random weights in [0.5, 3],
  with about a fifth of the accounts dangling (no out-links).
"""

import csv
import json
import random

import networkx as nx

TOL = 1e-15  # networkx's tolerance is per node: err < N * tol


def both_directions(g: nx.Graph, weight: str | None) -> nx.DiGraph:
    d = nx.DiGraph()
    d.add_nodes_from(g.nodes())
    for u, v, data in g.edges(data=True):
        w = float(data.get(weight, 1.0)) if weight else 1.0
        d.add_edge(str(u), str(v), weight=w)
        d.add_edge(str(v), str(u), weight=w)
    return nx.relabel_nodes(d, {n: str(n) for n in d.nodes()})


def heavytail(n: int = 3000, seed: int = 20261123) -> nx.DiGraph:
    rng = random.Random(seed)
    d = nx.DiGraph()
    d.add_nodes_from(str(i) for i in range(n))
    pool = [0]  # preferential attachment: a node appears once per in-link + once
    dangling = set(rng.sample(range(n), n // 5))
    for u in range(1, n):
        pool.append(u)
        if u in dangling:
            continue
        for _ in range(1 + int(rng.paretovariate(1.5)) % 12):
            v = rng.choice(pool)
            if v != u:
                w = round(rng.uniform(0.5, 3.0), 3)
                d.add_edge(str(u), str(v), weight=w)
                pool.append(v)
    # Accounts that never interact are not in an interaction graph.
    d.remove_nodes_from([x for x in list(d.nodes()) if d.degree(x) == 0])
    return d


def write(name: str, g: nx.DiGraph) -> None:
    with open(f"{name}.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["source", "target", "weight"])
        for u, v, data in g.edges(data=True):
            w.writerow([u, v, repr(data["weight"])])
    pr = nx.pagerank(g, alpha=0.85, weight="weight", tol=TOL, max_iter=10_000)
    hubs, authorities = nx.hits(g, max_iter=100_000, tol=1e-14, normalized=True)
    bc = nx.betweenness_centrality(g, normalized=True)  # directed, hop distance
    core = nx.core_number(nx.Graph(g.to_undirected()))
    out = {
        "graph": name,
        "networkx": nx.__version__,
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "pagerank": {n: pr[n] for n in sorted(pr)},
        "authority": {n: authorities[n] for n in sorted(g)},
        "hub": {n: hubs[n] for n in sorted(g)},
        "betweenness": {n: bc[n] for n in sorted(g)},
        "coreness": {n: core[n] for n in sorted(g)},
        "in_degree": {n: g.in_degree(n) for n in sorted(g)},
        "out_weight": {n: g.out_degree(n, weight="weight") for n in sorted(g)},
    }
    with open(f"{name}.json", "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")
    print(name, g.number_of_nodes(), "nodes", g.number_of_edges(), "edges")


if __name__ == "__main__":
    write("karate", both_directions(nx.karate_club_graph(), None))
    write("lesmis", both_directions(nx.les_miserables_graph(), "weight"))
    write("heavytail", heavytail())
