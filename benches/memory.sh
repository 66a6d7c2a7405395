#!/usr/bin/env bash
# Bounded memory: peak resident memory (GNU time) of `dolgraph analyze` on
# generated X API v2 JSON lines of about 2 GB, then on twice as many posts
# among the same accounts. Posts stream through in batches and are never
# all held; the graph is. Peak memory should stay under LIMIT_MB and grow
# with the accounts and edges, not with the input's size.
#
# Usage: benches/memory.sh            (POSTS=1750000 ACCOUNTS=200000 by default)
#        POSTS=... ACCOUNTS=... LIMIT_MB=1024 WORK=/big/disk benches/memory.sh
# Needs: GNU time (apt-get install time) and about 6 GB free in WORK; the
# generated files are deleted as soon as they have been read.
set -euo pipefail
cd "$(dirname "$0")/.."
POSTS=${POSTS:-1750000}
ACCOUNTS=${ACCOUNTS:-200000}
LIMIT_MB=${LIMIT_MB:-1024}
WORK=${WORK:-$(mktemp -d)}
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "needs GNU time: apt-get install time" >&2; exit 1; }
trap 'rm -rf "$WORK"/mem-*.jsonl "$WORK"/out' EXIT

cargo build --release --quiet
BIN=${CARGO_TARGET_DIR:-$PWD/target}/release/dolgraph
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); dolgraph $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
printf '%-4s %10s %9s %9s %10s %10s %9s %8s\n' run posts accounts "input MB" "graph acc" "graph edg" "peak MB" "wall s"

status=0
for spec in "1x $POSTS" "2x $((POSTS * 2))"; do
  set -- $spec
  name=$1 posts=$2
  file="$WORK/mem-$name.jsonl"
  cargo run --release --locked --quiet --example generate -- x-v2 "$posts" "$ACCOUNTS" 1 "$file" 2>/dev/null
  mb=$(( $(stat -c %s "$file") / 1048576 ))
  $TIME -v "$BIN" analyze "$file" --out "$WORK/out" -q --force 2> "$WORK/time-$name.txt"
  rm -f "$file"
  peak=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$WORK/time-$name.txt")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; printf "%.1f", s}' "$WORK/time-$name.txt")
  read -r acc edg < <(python3 -c "import json,sys; m=json.load(open(sys.argv[1])); print(m['graph']['accounts'], m['graph']['edges'])" "$WORK/out/manifest.json")
  printf '%-4s %10s %9s %9s %10s %10s %9s %8s\n' "$name" "$posts" "$ACCOUNTS" "$mb" "$acc" "$edg" "$peak" "$wall"
  if [ "$peak" -ge "$LIMIT_MB" ]; then
    echo "peak memory ${peak} MB is over the ${LIMIT_MB} MB limit" >&2
    status=1
  fi
done
exit $status
