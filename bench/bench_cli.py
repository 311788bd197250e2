"""Benchmark: `python -m ledger validate` against plain pandas.read_csv of the same file.

Each side runs in a fresh process, so wall time includes imports, and peak memory is that
process's maximum resident set size. Usage: python bench/bench_cli.py [--rows N] [--repeat K]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READ_CSV = "import sys, pandas as pd; pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)"


def measure(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS in MiB of one run of cmd."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr.read().decode()[-500:]}")
    return elapsed, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "synth.csv"
        subprocess.run([sys.executable, "-m", "ledger", "synth", "--rows", str(args.rows), "--out", str(path)],
                       cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        size_mib = path.stat().st_size / 2**20
        runs = {"read_csv": [], "validate": []}
        for _ in range(args.repeat):  # interleaved, so drift on the machine hits both sides alike
            runs["read_csv"].append(measure([sys.executable, "-c", READ_CSV, str(path)]))
            runs["validate"].append(measure([sys.executable, "-m", "ledger", "validate", str(path)]))
    t = {k: statistics.median(x[0] for x in v) for k, v in runs.items()}
    m = {k: max(x[1] for x in v) for k, v in runs.items()}
    print(f"rows: {args.rows:,}  file: {size_mib:.1f} MiB  repeats: {args.repeat}")
    print(f"pandas.read_csv : {t['read_csv']:.2f} s median, peak RSS {m['read_csv']:.0f} MiB")
    print(f"ledger validate : {t['validate']:.2f} s median, peak RSS {m['validate']:.0f} MiB")
    print(f"time ratio validate/read_csv: {t['validate'] / t['read_csv']:.2f}  (target <= 3.0)")
    print(f"peak RSS / file size: {m['validate'] / size_mib:.1f}  (target <= 4.0)")


if __name__ == "__main__":
    main()
