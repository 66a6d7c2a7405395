#!/usr/bin/env bash
# Beyond one machine, measured (README, "Beyond one machine"):
#   1. extract throughput against the reader's: `dolgraph extract` of about
#      1 GB of generated X API v2 pages (with the topics file) in MB/s, next
#      to the read stage of `analyze` on the same file and topics
#      (manifest timings_ms.read: parse, classify, build the graph);
#   2. the aggregation of those shards on Spark local[2] and on DataFusion,
#      and `analyze --aggregate` of Spark's against plain `analyze`;
#   3. the 1M-account / 10M-interaction generated edge list: extract,
#      aggregate (DataFusion), then `analyze --aggregate` against a plain
#      `analyze` of the edge list, each under GNU time (wall, peak RSS,
#      bytes per edge), and their edges.csv and accounts.csv compared.
# Each command runs alone, one at a time; extract and the read stage RUNS
# times each (medians), the rest once.
#
# Usage: benches/scale.sh
#        POSTS=800000 ACCOUNTS=200000 RUNS=3 WORK=/big/disk PYTHON=venv/bin/python benches/scale.sh
# Needs: GNU time, Java 17 and a Python with scale/requirements.txt
# (PYTHON; default target/scale-venv/bin/python, as .ci/run makes it), and
# about 6 GB free in WORK.
set -euo pipefail
cd "$(dirname "$0")/.."
POSTS=${POSTS:-800000}
ACCOUNTS=${ACCOUNTS:-200000}
RUNS=${RUNS:-3}
WORK=${WORK:-$(mktemp -d)}
PYTHON=${PYTHON:-$PWD/target/scale-venv/bin/python}
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "needs GNU time: apt-get install time" >&2; exit 1; }
[ -x "$PYTHON" ] || { echo "needs PYTHON with scale/requirements.txt (python3 -m venv V && V/bin/pip install -r scale/requirements.txt)" >&2; exit 1; }
export SPARK_LOCAL_IP=127.0.0.1

cargo build --release --locked --quiet
cargo build --release --locked --quiet --example generate
BIN=$PWD/target/release/dolgraph
GEN=$PWD/target/release/examples/generate
TOPICS=$PWD/data/topics.toml
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); dolgraph $(git rev-parse --short HEAD 2>/dev/null || echo '?')"

X=$WORK/x-v2.jsonl
E=$WORK/gen10m.tsv
[ -f "$X" ] || "$GEN" x-v2 "$POSTS" "$ACCOUNTS" 1 "$X"
[ -f "$E" ] || "$GEN" edges 1000000 10000000 1 "$E"
MB=$(python3 -c "import os; print(os.path.getsize('$X') / 1e6)")

# timed LABEL CMD...: runs CMD under GNU time, prints "LABEL wall_s peak_MB".
timed() {
  local label=$1; shift
  "$TIME" -f "%e %M" -o "$WORK/time.txt" "$@" >/dev/null
  read -r wall kb <"$WORK/time.txt"
  echo "$label $wall $((kb / 1024))"
}

echo
echo "1. extract and the reader, ${MB%.*} MB of X v2 ($POSTS posts, $ACCOUNTS accounts), $RUNS runs each"
: >"$WORK/extract.txt"
: >"$WORK/read.txt"
for _ in $(seq "$RUNS"); do
  rm -rf "$WORK/shards"
  timed extract "$BIN" extract "$X" --topics "$TOPICS" --out "$WORK/shards" -q | tee -a "$WORK/extract.txt"
  "$BIN" analyze "$X" --topics "$TOPICS" --out "$WORK/plain-x" -q --force --max-pictures 0
  python3 -c "import json; print('read', json.load(open('$WORK/plain-x/manifest.json'))['timings_ms']['read'] / 1000)" | tee -a "$WORK/read.txt"
done
python3 - "$WORK" "$MB" <<'PY'
import statistics, sys
work, mb = sys.argv[1], float(sys.argv[2])
ext = statistics.median(float(l.split()[1]) for l in open(f"{work}/extract.txt"))
rd = statistics.median(float(l.split()[1]) for l in open(f"{work}/read.txt"))
print(f"   extract: median {ext:.2f} s = {mb / ext:.0f} MB/s; analyze's read stage: median {rd:.2f} s = {mb / rd:.0f} MB/s; ratio {ext / rd:.2f}")
PY
du -sh "$WORK/shards" | sed 's/^/   shards: /'

echo
echo "2. aggregation of those shards"
# (GNU time sees the Python driver only, not Spark's JVM: its memory is not reported.)
timed "   spark local[2] (wall s, -):" "$PYTHON" scale/aggregate.py "$WORK/shards" "$WORK/agg-spark" --master "local[2]"
timed "   datafusion (wall s, peak MB):" "$PYTHON" scale/aggregate.py "$WORK/shards" "$WORK/agg-df" --engine datafusion
"$PYTHON" scale/compare.py "$WORK/agg-spark" "$WORK/agg-df" | sed 's/^/   /'
timed "   analyze --aggregate of Spark's aggregate, --max-pictures 0 (wall s, peak MB):" \
  "$BIN" analyze --aggregate "$WORK/agg-spark" --topics "$TOPICS" --out "$WORK/from-agg-x" -q --force --max-pictures 0
for t in edges accounts topics communities links hashtags hashtag_pairs; do
  cmp -s "$WORK/from-agg-x/$t.csv" "$WORK/plain-x/$t.csv" && echo "   $t.csv: identical to plain analyze's" || echo "   $t.csv: DIFFERS"
done

echo
echo "3. the 10M-interaction graph (1M accounts)"
rm -rf "$WORK/shards10m"
timed "   extract (wall s, peak MB):" "$BIN" extract "$E" --out "$WORK/shards10m" -q
timed "   aggregate, datafusion (wall s, peak MB):" "$PYTHON" scale/aggregate.py "$WORK/shards10m" "$WORK/agg10m" --engine datafusion
timed "   analyze --aggregate (wall s, peak MB):" "$BIN" analyze --aggregate "$WORK/agg10m" --out "$WORK/from-agg" -q --force
timed "   plain analyze of the edge list (wall s, peak MB):" "$BIN" analyze "$E" --out "$WORK/plain10m" -q --force
for t in edges.csv accounts.csv communities.csv; do
  cmp -s "$WORK/from-agg/$t" "$WORK/plain10m/$t" && echo "   $t: identical" || echo "   $t: DIFFERS"
done
python3 - "$WORK" <<'PY'
import json, sys
work = sys.argv[1]
for name in ("from-agg", "plain10m"):
    m = json.load(open(f"{work}/{name}/manifest.json"))
    t = m["timings_ms"]
    stages = ", ".join(f"{k} {v / 1000:.1f}" for k, v in sorted(t.items(), key=lambda kv: -kv[1])[:6])
    print(f"   {name}: {m['graph']['accounts']} accounts, {m['graph']['edges']} edges; slowest stages (s): {stages}")
PY
