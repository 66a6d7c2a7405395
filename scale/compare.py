#!/usr/bin/env python3
"""Compare two aggregates (aggregate.py's output) table by table.

    python3 scale/compare.py AGGREGATE_A AGGREGATE_B

Rows are compared as sorted lists (engines write rows in any order and
in any number of parts); doubles compare exactly. Exits 0 when every
table holds the same rows and aggregate.json the same inputs and topics,
1 with the first differences otherwise. Used to check a cluster's result
against DataFusion's on the same shard sets.
"""

import json
import os
import sys

TABLES = [
    "accounts", "edges", "topic_edges", "topic_posts", "tags", "tag_topics", "tagged_topic_posts", "tag_pairs",
    "tag_uses", "engagement", "languages", "links", "link_shares", "link_share_topics", "link_topic_posts", "stats", "input_counts",
]


def rows(folder):
    import pyarrow.parquet as pq

    parts = sorted(f for f in os.listdir(folder) if f.endswith(".parquet"))
    out = []
    for part in parts:
        table = pq.read_table(os.path.join(folder, part))
        names = sorted(table.column_names)
        out.extend(tuple(r[n] for n in names) for r in table.to_pylist())
    key = lambda r: tuple((v is None, "" if v is None else str(type(v)), v if v is not None else 0) for v in r)
    return sorted(out, key=key)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    a, b = sys.argv[1:]
    different = 0
    for table in TABLES:
        ra, rb = rows(os.path.join(a, table)), rows(os.path.join(b, table))
        if ra != rb:
            different += 1
            only_a = [r for r in ra if r not in rb][:3]
            only_b = [r for r in rb if r not in ra][:3]
            print(f"{table}: {len(ra)} rows against {len(rb)}; only in A {only_a}; only in B {only_b}")
    ja, jb = (json.load(open(os.path.join(d, "aggregate.json"), encoding="utf-8")) for d in (a, b))
    for field in ("topics", "inputs"):
        if ja[field] != jb[field]:
            different += 1
            print(f"aggregate.json: {field} differ")
    if different:
        sys.exit(1)
    print(f"compare.py: {a} and {b} hold the same aggregate ({len(TABLES)} tables)")


if __name__ == "__main__":
    main()
