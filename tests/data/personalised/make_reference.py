"""Reference values from networkx for dolgraph's personalised PageRank
(`analysis::pagerank::personalised`), written to `reference.json`.

Run with the pinned versions:

    python3 -m venv venv && venv/bin/pip install -r requirements.txt
    venv/bin/python make_reference.py

Cases (each a list of weighted links, the seeds, networkx's scores):
- directed: 8 accounts, weighted links, account 6 dangling (no out-link)
  and account 7 isolated; seeds 0 and 3, account 3 named twice
  (personalisation 1/3, 2/3).
- undirected: Zachary's karate club, weight 1 on each edge, as scout sees
  a folder's links (both directions); seeds 0 and 33.
networkx: pagerank(G, alpha=0.85, personalization=p, weight="weight",
tol=1e-15, max_iter=10000); dangling accounts return to p (its default).
"""

import json
from collections import Counter

import networkx as nx

TOL = 1e-15


def case(name, n, links, seeds, directed):
    g = nx.DiGraph()
    g.add_nodes_from(range(n))
    for u, v, w in links:
        if directed:
            g.add_edge(u, v, weight=w)
        else:
            # scout's graph: each link in both rows, weights of one pair summed
            for a, b in ((u, v), (v, u)):
                if g.has_edge(a, b):
                    g[a][b]["weight"] += w
                else:
                    g.add_edge(a, b, weight=w)
    counts = Counter(seeds)
    p = {v: counts[v] / len(seeds) for v in counts}
    pr = nx.pagerank(g, alpha=0.85, personalization=p, weight="weight", tol=TOL, max_iter=10000)
    return {
        "name": name,
        "nodes": n,
        "directed": directed,
        "links": [[u, v, w] for u, v, w in links],
        "seeds": seeds,
        "pagerank": [pr[v] for v in range(n)],
    }


def main():
    directed = [
        (0, 1, 1.0), (0, 2, 2.5), (1, 2, 1.0), (2, 0, 0.5), (2, 3, 1.0), (3, 4, 3.0),
        (4, 3, 1.0), (4, 5, 0.25), (5, 1, 2.0), (5, 6, 1.0), (1, 6, 0.5),
    ]
    karate = nx.karate_club_graph()
    undirected = [(u, v, 1.0) for u, v in sorted(karate.edges())]
    cases = [
        case("directed", 8, directed, [0, 3, 3], True),
        case("karate", karate.number_of_nodes(), undirected, [0, 33], False),
    ]
    with open("reference.json", "w") as f:
        f.write('{"networkx": "%s", "tol": %r, "cases": [\n' % (nx.__version__, TOL))
        f.write(",\n".join(json.dumps(c) for c in cases))
        f.write("\n]}\n")


if __name__ == "__main__":
    main()
