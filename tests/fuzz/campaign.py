#!/usr/bin/env python3
"""A fuzzing campaign over dolgraph's cargo-fuzz targets, run from the
repository root (needs the nightly toolchain and cargo-fuzz):

  python3 tests/fuzz/campaign.py run [TARGET...]       # fuzz to a plateau
  python3 tests/fuzz/campaign.py minimise [TARGET...]  # refresh the corpus

`run` seeds a scratch corpus per target (WORK, default /tmp/dolgraph-fuzz)
from the committed one, or goes on from what an earlier run left there, and
fuzzes two targets at a time (the machine has two cores; WORKERS changes
that). libFuzzer prints each newly covered PC with its source line
(-print_pcs=1). A target stops when no new line of dolgraph's own code
(src/) has been covered for PLATEAU seconds (default 480; for the reader
targets, lines of the shared value parsers that the "values" target fuzzes
directly do not count: see SHARED), or after CAP
seconds (default 1500). Both count the fuzzer's own CPU time, not the
clock: on a machine shared with builds (run the campaign under `nice`), a
wall-clock plateau would be reached by a fuzzer that barely ran.

The plateau is on our lines, not on libFuzzer's total "cov:": a campaign
of 900 CPU s on x_v2 and bluesky found, after its first 300 s, 181 new PCs
of which 17 were in src/; the rest were in serde_json (number and escape
paths), core and alloc (inlined), hashbrown (table sizes) and memchr (SIMD
chunk tails), which keep coming for as long as the fuzzer runs and are
those libraries' paths, not the readers'.

Each log line is timestamped (wall and CPU seconds) into WORK/<target>.log
and a line per target is appended to WORK/summary.tsv: wall and CPU time,
runs, total coverage at start and end and the CPU time it last grew, new
src/ PCs and the CPU time of the last, why it stopped, and whether anything
crashed (crashes land in tests/fuzz/artifacts/<target>/). New PCs found
after LATE CPU seconds (default 600) are counted per source file into
WORK/late.tsv, to show where a long campaign still finds edges.

The fuzzers get a dictionary (WORK/keys.dict), made at each run from the
identifier-like string literals of the readers (src/ingest/, the date,
topic and link parsers): JSON keys, CSV column names, Bluesky type names,
date shapes, the hosts and paths of papers' links. Without it libFuzzer
has to guess a key such as "in_reply_to_account_id" byte by byte, and a
campaign was still finding one more key after 5,000 CPU s.

`minimise` rewrites tests/fuzz/corpus/<target>/ as its hand-written seeds
(files not named by a hash) plus the smallest set of WORK's inputs that
keeps every coverage edge (libFuzzer's merge with -use_counters=0: edges
only, not hit counts, which would keep thousands of near-copies). The test
suite replays that corpus (tests/fuzz_corpus.rs).
"""
import os, queue, re, shutil, subprocess, sys, threading, time

TARGETS = ["x_v2", "x_v1", "bluesky", "mastodon", "csv", "edge_list", "topics", "values"]
WORK = os.environ.get("WORK", "/tmp/dolgraph-fuzz")
PLATEAU = int(os.environ.get("PLATEAU", 480))
CAP = int(os.environ.get("CAP", 1500))
TARGET_DIR = os.environ.get("CARGO_TARGET_DIR", "target/fuzz")
BIN = f"{TARGET_DIR}/x86_64-unknown-linux-gnu/release"
CORPUS = "tests/fuzz/corpus"
HASH_NAME = re.compile(r"^[0-9a-f]{40}$")
COV = re.compile(r"cov: (\d+)")
# The function name may hold spaces; the source path is the last word, with
# a line and column when the debug info has them.
NEW_PC = re.compile(r"NEW_PC: 0x[0-9a-f]+ in .* (/\S+?)(?::\d+)*$")
LATE = int(os.environ.get("LATE", 600))
# The parsers every reader shares, which the "values" target fuzzes
# directly: for the reader targets a new line in these files is counted
# (shared_pcs) but does not hold off their plateau. A reader reaches them
# only through the right string in the right field of a valid record, at
# about 100 CPU s a line; "values" saturates them in minutes.
SHARED = ("src/time.rs", "src/link.rs", "src/kind.rs", "src/visible.rs", "src/ingest/response.rs",
          "src/ingest/detect.rs")


def build():
    env = dict(os.environ, CARGO_TARGET_DIR=TARGET_DIR)
    subprocess.run(["cargo", "+nightly", "fuzz", "build", "--fuzz-dir", "tests/fuzz"], check=True, env=env)


def dictionary():
    """Writes WORK/keys.dict (libFuzzer's format) and returns its path."""
    sources = [f"src/ingest/{n}" for n in sorted(os.listdir("src/ingest")) if n.endswith(".rs")]
    sources += ["src/time.rs", "src/topics.rs", "src/kind.rs", "src/link.rs"]
    words = set()
    for path in sources:
        with open(path) as f:
            for m in re.finditer(r'"([^"\\\n]{2,40})"', f.read()):
                w = m.group(1)
                if re.fullmatch(r"[A-Za-z_$][A-Za-z0-9_.#$:/-]*", w):
                    words.add(f'"\\"{w}\\":"')  # a JSON key
                    words.add(f'"{w}"')  # a CSV column, a value
                elif re.fullmatch(r"[0-9][0-9:+TZ. -]{5,}", w):
                    words.add(f'"{w}"')  # a date or an id
    path = f"{WORK}/keys.dict"
    with open(path, "w") as f:
        f.writelines(f"{w}\n" for w in sorted(words))
    return path


def fuzz(target, dict_path):
    work = f"{WORK}/corpus-{target}"
    os.makedirs(work, exist_ok=True)
    for name in os.listdir(f"{CORPUS}/{target}"):
        if not os.path.exists(f"{work}/{name}"):
            shutil.copy(f"{CORPUS}/{target}/{name}", work)
    artifacts = os.path.abspath(f"tests/fuzz/artifacts/{target}")
    os.makedirs(artifacts, exist_ok=True)
    cmd = [f"{BIN}/{target}", work, f"-artifact_prefix={artifacts}/", "-timeout=10", "-rss_limit_mb=2048",
           "-print_final_stats=1", "-print_pcs=1", f"-dict={dict_path}"]
    start = time.time()
    state = {"first": None, "last": None, "grew": 0.0, "ours": 0, "ours_grew": 0.0, "shared": 0, "runs": "?",
             "crashed": False, "why": "exited", "cpu": 0.0}
    late = {}  # source file -> new PCs found after LATE CPU s
    with open(f"{WORK}/{target}.log", "w") as log:
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace")
        lock = threading.Lock()

        def watchdog():
            # libFuzzer prints rarely once coverage stops growing, so the
            # stopping rule is checked on a clock, not on its lines.
            while p.poll() is None:
                time.sleep(5)
                with lock:
                    used = cpu_seconds(p.pid)
                    state["cpu"] = max(state["cpu"], used)
                    if used - state["ours_grew"] > PLATEAU:
                        state["why"] = f"plateau: no new line of src/ covered for {PLATEAU} CPU s"
                    elif used > CAP:
                        state["why"] = f"cap: {CAP} CPU s"
                    else:
                        continue
                    log.write(f"{state['why']}\n")
                    p.terminate()
                    return

        dog = threading.Thread(target=watchdog)
        dog.start()
        for line in p.stdout:
            with lock:
                used = cpu_seconds(p.pid)
                log.write(f"{time.time() - start:8.1f} {used:8.1f} {line}")
                pc = NEW_PC.search(line.rstrip())
                where = place(pc.group(1)) if pc else ""
                if target != "values" and where in SHARED:
                    state["shared"] += 1
                elif where.startswith("src/"):
                    state["ours"] += 1
                    state["ours_grew"] = used
                if pc and used > LATE:
                    late[where] = late.get(where, 0) + 1
                m = COV.search(line)
                if m:
                    cov = int(m.group(1))
                    state["first"] = cov if state["first"] is None else state["first"]
                    if state["last"] is None or cov > state["last"]:
                        state["last"], state["grew"] = cov, used
                    r = re.match(r"#(\d+)", line)
                    state["runs"] = r.group(1) if r else state["runs"]
                state["crashed"] |= "ERROR: libFuzzer" in line or "panicked" in line or "==ERROR" in line
        p.wait()
        dog.join()
    elapsed = time.time() - start
    with open(f"{WORK}/summary.tsv", "a") as s:
        s.write(f"{target}\t{elapsed:.0f}s wall\t{state['cpu']:.0f} CPU s\truns={state['runs']}\t"
                f"cov {state['first']}->{state['last']}\tlast_growth_at={state['grew']:.0f} CPU s\t"
                f"new_src_pcs={state['ours']}\tlast_at={state['ours_grew']:.0f} CPU s\tshared_pcs={state['shared']}\t"
                f"{state['why']}\texit={p.returncode}\tcrash={state['crashed']}\n")
    with open(f"{WORK}/late.tsv", "a") as s:
        for where, n in sorted(late.items(), key=lambda kv: -kv[1]):
            s.write(f"{target}\t{where}\t{n}\n")


def place(path):
    """A new PC's source file, short: ours relative to the repository, the
    standard library and other crates by name."""
    root = os.getcwd() + "/"
    if path.startswith(root):
        return path[len(root):]
    m = re.search(r"/library/([^/]+)/", path) if "/rustc/" in path else None
    m = m or re.search(r"/rust/deps/([^/]+?)-[0-9.]+/", path)  # std's own dependencies
    if m:
        return f"std: {m.group(1)}"
    m = re.search(r"/registry/src/[^/]+/([^/]+)/", path)
    return f"crate: {m.group(1)}" if m else path


def cpu_seconds(pid):
    """User and system CPU seconds a live process has used (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0




def run(targets):
    build()
    os.makedirs(WORK, exist_ok=True)
    dict_path = dictionary()
    q = queue.Queue()
    for t in targets:
        q.put(t)

    def worker():
        while True:
            try:
                t = q.get_nowait()
            except queue.Empty:
                return
            fuzz(t, dict_path)

    workers = [threading.Thread(target=worker) for _ in range(int(os.environ.get("WORKERS", 2)))]
    for w in workers:
        w.start()
    for w in workers:
        w.join()


def minimise(targets):
    build()
    for t in targets:
        fresh = f"{WORK}/minimised-{t}"
        shutil.rmtree(fresh, ignore_errors=True)
        os.makedirs(fresh)
        for name in os.listdir(f"{CORPUS}/{t}"):
            if not HASH_NAME.match(name):
                shutil.copy(f"{CORPUS}/{t}/{name}", fresh)
        sources = [d for d in (f"{WORK}/corpus-{t}", f"{CORPUS}/{t}") if os.path.isdir(d)]
        subprocess.run([f"{BIN}/{t}", "-merge=1", "-use_counters=0", "-timeout=10", fresh, *sources],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(f"{CORPUS}/{t}")
        shutil.copytree(fresh, f"{CORPUS}/{t}")
        size = sum(os.path.getsize(f"{CORPUS}/{t}/{n}") for n in os.listdir(f"{CORPUS}/{t}"))
        print(f"{t}: {len(os.listdir(f'{CORPUS}/{t}'))} inputs, {size / 1e6:.1f} MB")


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in ("run", "minimise"):
        sys.exit(__doc__)
    chosen = sys.argv[2:] or TARGETS
    unknown = [t for t in chosen if t not in TARGETS]
    if unknown:
        sys.exit(f"unknown targets {unknown}; the targets are {TARGETS}")
    (run if sys.argv[1] == "run" else minimise)(chosen)
