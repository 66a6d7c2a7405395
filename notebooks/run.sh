#!/usr/bin/env bash
# Executes the analyst notebook headless against an output folder (default:
# results/, the README's first command), as CI does. A failing cell fails;
# the executed copy is notebooks/dol-analysis.executed.ipynb (not committed).
#   notebooks/run.sh [OUT_DIR] [PYTHON]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$(realpath "${1:-$here/../results}")"
python="${2:-python3}"
# A path to an interpreter is taken from where the script was called (its
# folder made absolute; a venv's python is a symlink that must stay one).
case "$python" in */*) python="$(cd "$(dirname "$python")" && pwd)/$(basename "$python")" ;; esac
cd "$here"
DOLGRAPH_OUT="$out" "$python" - <<'PY'
import nbformat
from nbclient import NotebookClient

nb = nbformat.read("dol-analysis.ipynb", as_version=4)
NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": "."}}).execute()
outputs = sum(len(c.get("outputs", [])) for c in nb.cells if c.cell_type == "code")
nbformat.write(nb, "dol-analysis.executed.ipynb")
print(f"notebook executed: {len(nb.cells)} cells, {outputs} outputs -> notebooks/dol-analysis.executed.ipynb")
PY
