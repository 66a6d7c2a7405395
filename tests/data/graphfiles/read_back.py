"""Reads graph.gexf and graph.graphml with networkx (pinned in
requirements.txt beside this file) and prints what tests/graphfiles.rs
compares with accounts.csv and edges.csv, as JSON on stdout.

Usage: read_back.py OUT_DIR ID...   (ID: account ids to report in full)

networkx 3.4 reads GEXF 1.1 and 1.2 only; 1.3 differs from 1.2 in what
this reader looks at only by its namespaces, so they are registered here
as a "1.3" version (the rest of the reader is networkx's own).
"""

import json
import os
import sys

import networkx as nx
from networkx.readwrite.gexf import GEXF

GEXF.versions["1.3"] = {
    "NS_GEXF": "http://gexf.net/1.3",
    "NS_VIZ": "http://gexf.net/1.3/viz",
    "NS_XSI": "http://www.w3.org/2001/XMLSchema-instance",
    "SCHEMALOCATION": "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd",
    "VERSION": "1.3",
}


def summary(g, ids):
    return {
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "directed": g.is_directed(),
        "multigraph": g.is_multigraph(),
        "count_sum": sum(int(d.get("count", 0)) for _, _, d in g.edges(data=True)),
        "weight_sum": sum(float(d.get("weight", 0.0)) for _, _, d in g.edges(data=True)),
        "accounts": {i: g.nodes[i] for i in ids if i in g},
        "out_edges": {i: sorted([v, d.get("kind", "")] for _, v, d in g.out_edges(i, data=True)) for i in ids if i in g},
    }


def main():
    out, ids = sys.argv[1], sys.argv[2:]
    # A large graph's files are gzip-compressed; networkx opens a path
    # ending in .gz as gzip.
    gz = ".gz" if os.path.exists(f"{out}/graph.gexf.gz") else ""
    gexf = nx.read_gexf(f"{out}/graph.gexf{gz}", version="1.3")
    graphml = nx.read_graphml(f"{out}/graph.graphml{gz}")
    json.dump({"gexf": summary(gexf, ids), "graphml": summary(graphml, ids)}, sys.stdout, ensure_ascii=False)


main()
