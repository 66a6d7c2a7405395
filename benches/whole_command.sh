#!/usr/bin/env bash
# Whole-command timings of `dolgraph analyze` (medians over repeated runs,
# with hyperfine) and peak memory (GNU time), on:
#   - the sample in data/ (three formats),
#   - the real SNAP Higgs activity file (../shared/data, 563k interactions),
#   - generated X API v2 pages (seeded; size set by POSTS), for MB/s,
#   - a conversation among 2,000 accounts, 1x and 4x as long (0.46 and
#     1.8 GB), to show peak memory follows accounts and edges, not input size.
#
# Usage: benches/whole_command.sh [POSTS]   (default 400000 posts, ~0.5 GB)
# Needs: hyperfine and GNU time (apt-get install hyperfine time).
set -euo pipefail
cd "$(dirname "$0")/.."
POSTS=${1:-400000}
WORK=${WORK:-$(mktemp -d)}
RUNS=${RUNS:-10}

cargo build --release --quiet
cargo run --release --locked --quiet --example generate -- x-v2 "$POSTS" $((POSTS / 4)) 1 "$WORK/x-v2.jsonl" 2>/dev/null
cargo run --release --locked --quiet --example generate -- x-v2 "$POSTS" 2000 1 "$WORK/m-1x.jsonl" 2>/dev/null
cargo run --release --locked --quiet --example generate -- x-v2 $((POSTS * 4)) 2000 1 "$WORK/m-4x.jsonl" 2>/dev/null
BIN=$PWD/target/release/dolgraph
HIGGS=../shared/data/snap-higgs-twitter/higgs-activity_time.txt.gz
SAMPLE="data/sample/x-v2.jsonl data/sample/mastodon.jsonl data/sample/listening-export.csv"

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
echo "dolgraph $(git rev-parse --short HEAD 2>/dev/null || echo '?')"

runs=(-n sample "$BIN analyze $SAMPLE --out $WORK/o -q --force")
[ -f "$HIGGS" ] && runs+=(-n higgs "$BIN analyze $HIGGS --out $WORK/o -q --force")
runs+=(-n "x-v2 ${POSTS} posts" "$BIN analyze $WORK/x-v2.jsonl --out $WORK/o -q --force")
hyperfine --style basic --warmup 2 --runs "$RUNS" --export-json "$WORK/times.json" "${runs[@]}"

bytes=$(stat -c %s "$WORK/x-v2.jsonl")
python3 - "$WORK/times.json" "$bytes" <<'PY'
import json, sys
res = json.load(open(sys.argv[1]))["results"]
size = int(sys.argv[2])
print(f"\n{'input':24} {'median s':>9} {'min s':>7}")
for r in res:
    print(f"{r['command']:24} {r['median']:9.3f} {min(r['times']):7.3f}")
x = res[-1]
print(f"\nX v2 ingest: {size/1e6:.0f} MB in {x['median']:.2f} s median = {size/1e6/x['median']:.0f} MB/s")
PY

echo
echo "peak memory (max RSS), 2,000 accounts, 1x and 4x the posts:"
for f in m-1x m-4x; do
  /usr/bin/time -f "  $f.jsonl ($(du -h "$WORK/$f.jsonl" | cut -f1)): %M KB, %e s" "$BIN" analyze "$WORK/$f.jsonl" --out "$WORK/o" -q --force
  python3 -c "import json; m=json.load(open('$WORK/o/manifest.json')); print('   ', m['totals']['records']['read'], 'records,', m['graph']['accounts'], 'accounts,', m['graph']['edges'], 'edges')"
done
