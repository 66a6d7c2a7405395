#!/usr/bin/env python3
"""Aggregate dolgraph shard sets into the graph that `analyze --aggregate` reads.

    python3 scale/aggregate.py SHARDS_DIR OUT_DIR [--master URL] [--engine spark|datafusion]

SHARDS_DIR holds the shard sets `dolgraph extract` wrote (one folder per
input, named by the input's SHA-256; folders from several extract tasks
can be put side by side). The SQL of scale/aggregate.sql runs on Spark
(default master local[2]; a cluster with --master spark://HOST:7077) or on
DataFusion, one process, as an oracle. OUT_DIR gets one folder of Parquet
parts per table (accounts, edges, topic_edges, topic_posts, tags,
tag_topics, tagged_topic_posts, tag_pairs, tag_uses, engagement, languages,
links, link_shares, link_share_topics, link_topic_posts, stats, input_counts) and aggregate.json (the inputs' manifest
entries, the topics, the engine). OUT_DIR is replaced whole, written beside
it first, so a job run again leaves either the old result or the new one.

Requirements (pinned): scale/requirements.txt; Spark needs Java 17.
"""

import argparse
import json
import os
import re
import shutil
import sys
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
SHARD_TABLES = ["posts", "post_topics", "refs", "mentions", "tags", "accounts", "interactions", "links"]
# The name each shard table has in the SQL (outputs are named accounts, tags, links).
SQL_NAME = {"tags": "shard_tags", "accounts": "shard_accounts", "links": "shard_links"}


def parse_sql(path):
    """The blocks of aggregate.sql: (kind, name, sql), kind 'view' or 'output'."""
    blocks, current = [], None
    with open(path, encoding="utf-8") as f:
        for line in f:
            stripped = line.strip()
            if stripped.startswith("-- view:") or stripped.startswith("-- output:"):
                kind, name = stripped[3:].split(":", 1)
                current = [kind.strip(), name.strip(), []]
                blocks.append(current)
            elif current is not None and not stripped.startswith("--"):
                current[2].append(line)
    return [(k, n, "".join(sql).strip()) for k, n, sql in blocks]


def names(sql, name):
    """Whether `sql` names the block `name` (as a whole word)."""
    return re.search(rf"\b{name}\b", sql) is not None


def view_uses(blocks):
    """How many later blocks name each block."""
    return {name: sum(1 for _, _, sql in blocks[i + 1 :] if names(sql, name)) for i, (_, name, _) in enumerate(blocks)}


def in_dependency_order(blocks, run, workers):
    """Runs run(kind, name, sql) for every block, each once the earlier
    blocks it names are done, up to `workers` at a time. Spark runs the
    jobs of independent blocks side by side; on a small input most of a
    job's time is scheduling, so this overlaps it. The first error is
    raised once every started block has ended."""
    done = {}
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for i, (kind, name, sql) in enumerate(blocks):
            deps = [done[n] for _, n, _ in blocks[:i] if names(sql, n)]

            def task(kind=kind, name=name, sql=sql, deps=deps):
                for d in deps:
                    d.result()
                run(kind, name, sql)

            # Blocks are submitted in file order, which is a dependency
            # order: a task waits only on tasks taken from the queue before it.
            done[name] = pool.submit(task)
    for future in done.values():
        future.result()


def shard_sets(shards):
    """The shard sets in SHARDS, in the run's order (by --index), each with
    its input.json. Hidden folders (a set still being written) are skipped."""
    found = []
    for name in sorted(os.listdir(shards)):
        folder = os.path.join(shards, name)
        info = os.path.join(folder, "input.json")
        if name.startswith((".", "_")) or not os.path.isfile(info):
            continue
        with open(info, encoding="utf-8") as f:
            found.append((folder, json.load(f)))
    if not found:
        sys.exit(f"aggregate.py: no shard set (a folder with input.json) in {shards}")
    found.sort(key=lambda s: s[1]["index"])
    seen = {}
    for folder, info in found:
        if info["index"] in seen:
            sys.exit(
                f"aggregate.py: {folder} and {seen[info['index']]} both have index {info['index']}: "
                "give each extract task its own --index"
            )
        seen[info["index"]] = folder
    topics = {tuple(info["topics"]) for _, info in found}
    if len(topics) > 1:
        sys.exit("aggregate.py: the shard sets were classified by different topics files: extract them again")
    return found


def input_rows(found):
    return {
        "inp": [info["index"] for _, info in found],
        "platform": [info.get("platform") for _, info in found],
        "n_topics": [len(info["topics"]) for _, info in found],
    }


def run_spark(found, blocks, out, master):
    from pyspark.sql import SparkSession
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    spark = (
        SparkSession.builder.master(master)
        .appName("dolgraph-aggregate")
        .config("spark.sql.parquet.compression.codec", "uncompressed")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "true" if sys.stderr.isatty() else "false")
        .config("spark.driver.memory", os.environ.get("DOLGRAPH_SPARK_DRIVER_MEMORY", "4g"))
        .config("spark.sql.shuffle.partitions", os.environ.get("DOLGRAPH_SHUFFLE_PARTITIONS", "8"))
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    scratch = os.path.join(out, "_views")
    try:
        for table in SHARD_TABLES:
            paths = [os.path.join(folder, table + ".parquet") for folder, _ in found]
            spark.read.parquet(*paths).createOrReplaceTempView(SQL_NAME.get(table, table))
        rows = input_rows(found)
        schema = StructType(
            [StructField("inp", LongType()), StructField("platform", StringType()), StructField("n_topics", LongType())]
        )
        spark.createDataFrame(list(zip(*rows.values())), schema).createOrReplaceTempView("inputs")
        uses = view_uses(blocks)

        def run_block(kind, name, sql):
            # A view read by several later blocks is written as Parquet and
            # read back. A temporary view only names a plan: without this,
            # the last outputs' plans inline every view they depend on,
            # again for each use, and planning them ran the driver out of
            # heap. A written view is also what a retried task reads when
            # an executor is lost, instead of the whole lineage. A view
            # read once stays a plan (each write is a Spark job: about a
            # second even on a small input).
            df = spark.sql(sql)
            if kind == "output" or uses[name] > 1:
                path = os.path.join(out if kind == "output" else scratch, name)
                df.write.mode("overwrite").parquet(path)
                df = spark.read.parquet(path)
            df.createOrReplaceTempView(name)

        in_dependency_order(blocks, run_block, workers=int(os.environ.get("DOLGRAPH_SPARK_JOBS", "4")))
    finally:
        spark.stop()
    shutil.rmtree(scratch, ignore_errors=True)


def run_datafusion(found, blocks, out):
    import pyarrow as pa
    import pyarrow.parquet as pq
    from datafusion import SessionContext

    ctx = SessionContext()
    for table in SHARD_TABLES:
        df = None
        for folder, _ in found:
            part = ctx.read_parquet(os.path.join(folder, table + ".parquet"))
            df = part if df is None else df.union(part)
        ctx.register_view(SQL_NAME.get(table, table), df)
    rows = input_rows(found)
    batch = pa.RecordBatch.from_pydict(
        rows, schema=pa.schema([("inp", pa.int64()), ("platform", pa.string()), ("n_topics", pa.int64())])
    )
    ctx.register_record_batches("inputs", [[batch]])
    for kind, name, sql in blocks:
        table = ctx.sql(sql).to_arrow_table()
        if kind == "output":
            os.makedirs(os.path.join(out, name))
            pq.write_table(table, os.path.join(out, name, "part-0.parquet"), compression="none")
        # Views are read by several later blocks: computed once.
        ctx.register_view(name, ctx.from_arrow(table))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("shards", help="folder of shard sets from dolgraph extract")
    parser.add_argument("out", help="folder for the aggregate (replaced)")
    parser.add_argument("--master", default="local[2]", help="Spark master URL [local[2]]")
    parser.add_argument("--engine", choices=["spark", "datafusion"], default="spark")
    args = parser.parse_args()

    found = shard_sets(args.shards)
    blocks = parse_sql(os.path.join(HERE, "aggregate.sql"))
    out = os.path.abspath(args.out.rstrip("/"))
    partial = out + ".partial"
    shutil.rmtree(partial, ignore_errors=True)
    os.makedirs(partial)
    started = time.time()
    if args.engine == "spark":
        run_spark(found, blocks, partial, args.master)
    else:
        run_datafusion(found, blocks, partial)
    summary = {
        "dolgraph_aggregate": 1,
        "engine": args.engine,
        "master": args.master if args.engine == "spark" else None,
        "seconds": round(time.time() - started, 3),
        "topics": found[0][1]["topics"],
        "inputs": [info for _, info in found],
    }
    with open(os.path.join(partial, "aggregate.json"), "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=2)
    shutil.rmtree(out, ignore_errors=True)
    os.rename(partial, out)
    print(f"aggregate.py: {len(found)} shard sets -> {out} ({args.engine}, {summary['seconds']} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
