"""Benchmark: validation against plain `pandas.read_csv`, and whether the fast path pays.

At each size (the shipped ledger, the largest upload the app takes, and 100,000 rows) it runs, in
fresh processes, interleaved, `--repeat` times each:

- plain `pandas.read_csv(path)`, with the defaults: what a user would otherwise run;
- `python -m ledger validate path`: the shipped reader (the fast path, falling back to the strict reader);
- the same with the fast path switched off, so the strict reader reads every file.

Wall time includes the imports and the exit, as a user's would; CPU time (user + system) is printed
beside it, being less sensitive to a busy machine, and so is the peak resident memory. Then, in one
process with the imports done, it times load_path alone each way, to show what the read itself costs.

Each `--python` is an interpreter to run every side under, so both sides always share one set of
packages. `make bench` passes two: the developers' .venv (which has hypothesis, and pandera imports
it when present) and .venv-runtime, the runtime packages alone, as `pip install` gives a user. Usage:

    python -m bench.bench_reader [--repeat 5] [--sizes shipped,88000,100000] [--python PATH ...]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READ_CSV = "import sys, pandas as pd; pd.read_csv(sys.argv[1])"
STRICT = ("import sys, ledger.reader as r; r.fast_read = lambda *a: None; "
          "from ledger.__main__ import main; sys.exit(main(['validate', sys.argv[1]]))")
SIDES = {"read_csv": ["-c", READ_CSV], "validate": ["-m", "ledger", "validate"], "validate_strict": ["-c", STRICT]}
IN_PROCESS = """
import json, statistics, sys, time
import ledger.reader as r
fast_read = r.fast_read
out = {}
for side, patch in (("fast", fast_read), ("strict", lambda *a: None)) * int(sys.argv[2]):
    r.fast_read = patch
    start = time.process_time()
    assert r.load_path(sys.argv[1]).ok
    out.setdefault(side, []).append(time.process_time() - start)
print(json.dumps({k: statistics.median(v) for k, v in out.items()}))
"""


def measure(cmd: list[str]) -> tuple[float, float, float]:
    """Wall and CPU seconds (user + system) and peak RSS in MiB of one run of cmd, which must succeed."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr.read().decode()[-500:]}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def ledger_file(folder: Path, size: str) -> Path:
    """The shipped ledger, or a synthetic one of `size` rows."""
    if size == "shipped":
        return ROOT / "data" / "ledger.csv"
    path = folder / f"synth-{size}.csv"
    subprocess.run([sys.executable, "-m", "ledger", "synth", "--rows", size, "--out", str(path)], cwd=ROOT,
                   check=True, stdout=subprocess.DEVNULL)
    return path


def run_size(python: str, path: Path, repeat: int) -> dict[str, dict[str, float]]:
    """Medians over `repeat` interleaved runs of each side, and the in-process CPU of load_path each way."""
    runs: dict[str, list[tuple[float, float, float]]] = {side: [] for side in SIDES}
    for _ in range(repeat):
        for side, args in SIDES.items():
            runs[side].append(measure([python, *args, str(path)]))
    out = {side: {"seconds": statistics.median(r[0] for r in v), "cpu_seconds": statistics.median(r[1] for r in v),
                  "peak_mib": max(r[2] for r in v)} for side, v in runs.items()}
    inner = subprocess.run([python, "-c", IN_PROCESS, str(path), str(repeat)], cwd=ROOT, check=True,
                           capture_output=True, text=True)
    out["load_path_cpu"] = json.loads(inner.stdout)
    return out


def report(python: str, results: dict[str, dict]) -> None:
    """A table per size: seconds, and the ratio to plain read_csv."""
    print(f"\n{python}")
    print(f"{'size':>9} {'MiB':>6} {'side':>16} {'wall s':>7} {'CPU s':>6} {'wall ×':>7} {'CPU ×':>6} {'peak MiB':>9}")
    for size, r in results.items():
        base = r["read_csv"]
        for side in SIDES:
            s = r[side]
            print(f"{size:>9} {r['file_mib']:6.1f} {side:>16} {s['seconds']:7.2f} {s['cpu_seconds']:6.2f} "
                  f"{s['seconds'] / base['seconds']:7.2f} {s['cpu_seconds'] / base['cpu_seconds']:6.2f} "
                  f"{s['peak_mib']:9.0f}")
        inner = r["load_path_cpu"]
        print(f"{'':>9} {'':>6} load_path alone, CPU s: fast path {inner['fast']:.3f}, strict {inner['strict']:.3f} "
              f"({inner['strict'] / inner['fast']:.2f} ×)")


def main() -> None:
    """Run every size under every interpreter, and print and save the results."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sizes", default="shipped,88000,100000", help="'shipped' or row counts")
    parser.add_argument("--python", action="append", help="an interpreter to run both sides under (repeatable; "
                        "default: this one)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "bench_reader.json")
    args = parser.parse_args()
    pythons = args.python or [sys.executable]
    results: dict[str, dict[str, dict]] = {python: {} for python in pythons}
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes.split(","):
            path = ledger_file(Path(tmp), size)
            for python in pythons:
                results[python][size] = {"file_mib": path.stat().st_size / 2**20, **run_size(python, path, args.repeat)}
    for python, by_size in results.items():
        report(python, by_size)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
