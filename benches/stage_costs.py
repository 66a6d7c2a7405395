#!/usr/bin/env python3
"""What each stage and output of `analyze` costs (the README's table):

  python3 benches/stage_costs.py BIN N INPUT... [ANALYZE FLAGS...]

runs `BIN analyze INPUT... --out DIR --quiet` N times, one at a time, under
GNU time (`/usr/bin/time -v`), and prints the median wall time and peak RSS
and the median of each stage of the manifest's `timings_ms`, then the
largest outputs of the last run. Run it on an otherwise idle machine."""
import json, subprocess, sys, statistics, os, re, tempfile
bin_, n = sys.argv[1], int(sys.argv[2]); rest = sys.argv[3:]
stages = {}; walls = []; rss = []
for i in range(n):
    out = tempfile.mkdtemp(prefix="cost-")
    r = subprocess.run(["/usr/bin/time", "-v", bin_, "analyze", *rest, "--out", out + "/o", "--quiet"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-500:]
    m = json.load(open(out + "/o/manifest.json"))
    for k, v in m["timings_ms"].items(): stages.setdefault(k, []).append(v)
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", r.stderr)
    walls.append(int(wall.group(1) or 0) * 3600 + int(wall.group(2)) * 60 + float(wall.group(3)))
    rss.append(int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr).group(1)) / 1024)
    sizes = {e["path"]: e["bytes"] for e in m.get("outputs", [])}
    subprocess.run(["rm", "-rf", out])
print("wall s", [round(w, 2) for w in walls], "median", round(statistics.median(walls), 2))
print("peak MB", [round(x) for x in rss], "median", round(statistics.median(rss)))
for k, v in sorted(stages.items(), key=lambda kv: -statistics.median(kv[1])):
    print(f"{k:12s} median {statistics.median(v)/1000:.2f} s  {v}")
big = sorted(sizes.items(), key=lambda kv: -kv[1])[:12]
print("largest outputs:", [(p, round(b / 1e6, 1)) for p, b in big])
