"""Benchmark: `python -m ledger validate` against three references, side by side in one run.

- plain `pandas.read_csv(path)` with the defaults: what a user would run (the baseline for the target);
- `pandas.read_csv(path, dtype=str, engine="pyarrow")`: the cheapest way to read every cell as text;
- `frictionless validate` of a data package around the same file, with our schema: the peer validator.

Each run is a fresh process, so wall time includes imports, and memory is that process's peak
resident set. Runs are interleaved, so drift on the machine hits every side alike. A growth table
runs each side once per size, from 10,000 rows up. Usage:

    python -m bench.bench_cli [--rows 100000] [--repeat 3] [--sizes 10000,100000,1000000]
                              [--peer-max 100000]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
READ_PLAIN = "import sys, pandas as pd; pd.read_csv(sys.argv[1])"
READ_ARROW = "import sys, pandas as pd; pd.read_csv(sys.argv[1], dtype=str, engine='pyarrow')"
SIDES = ["read_csv", "read_csv_arrow_str", "ledger_validate", "frictionless"]
LABELS = {
    "read_csv": "pandas.read_csv(path)",
    "read_csv_arrow_str": 'read_csv(dtype=str, engine="pyarrow")',
    "ledger_validate": "python -m ledger validate",
    "frictionless": "frictionless validate (our schema)",
}


def measure(cmd: list[str], ok_codes: tuple[int, ...] = (0,)) -> tuple[float, float, float]:
    """Wall seconds, peak RSS in MiB and CPU seconds (user + system) of one run of cmd."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in ok_codes:
        raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr.read().decode()[-500:]}")
    return elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def make_package(folder: Path, rows: int) -> Path:
    """A copy of the shipped data package around a generated ledger of `rows` claims."""
    data = folder / f"package-{rows}"
    shutil.copytree(ROOT / "data", data)
    subprocess.run([sys.executable, "-m", "ledger", "synth", "--rows", str(rows), "--out", str(data / "ledger.csv")],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return data


def commands(package: Path) -> dict[str, list[str]]:
    csv = str(package / "ledger.csv")
    return {
        "read_csv": [sys.executable, "-c", READ_PLAIN, csv],
        "read_csv_arrow_str": [sys.executable, "-c", READ_ARROW, csv],
        "ledger_validate": [sys.executable, "-m", "ledger", "validate", csv],
        # Only the ledger resource: the peer does the same job as ours, with the same schema.
        "frictionless": [str(BIN / "frictionless"), "validate", "--resource-name", "ledger",
                         str(package / "datapackage.json")],
    }


def run_sides(package: Path, repeat: int, sides: list[str]) -> dict[str, dict[str, float]]:
    cmds = commands(package)
    runs: dict[str, list[tuple[float, float, float]]] = {s: [] for s in sides}
    for _ in range(repeat):
        for side in sides:
            runs[side].append(measure(cmds[side]))
    return {s: {"seconds": statistics.median(r[0] for r in v), "peak_mib": max(r[1] for r in v),
                "cpu_seconds": statistics.median(r[2] for r in v)} for s, v in runs.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", default="10000,100000,1000000", help="row counts for the growth table")
    parser.add_argument("--peer-max", type=int, default=100_000,
                        help="largest size frictionless runs at in the growth table (it is slow)")
    parser.add_argument("--no-peer", action="store_true", help="leave frictionless out (it takes minutes at 1M)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "bench_cli.json")
    args = parser.parse_args()
    sizes = sorted({int(s) for s in args.sizes.split(",")} | {args.rows})
    results: dict = {"rows": args.rows, "repeat": args.repeat, "growth": {}}
    with tempfile.TemporaryDirectory() as tmp:
        packages = {n: make_package(Path(tmp), n) for n in sizes}
        size_mib = (packages[args.rows] / "ledger.csv").stat().st_size / 2**20
        main_run = run_sides(packages[args.rows], args.repeat, SIDES[:3] if args.no_peer else SIDES)
        for n in sizes:
            sides = SIDES if n <= args.peer_max and not args.no_peer else SIDES[:3]
            results["growth"][n] = {"file_mib": (packages[n] / "ledger.csv").stat().st_size / 2**20,
                                    **run_sides(packages[n], 1, sides)}
    results.update(file_mib=size_mib, main=main_run)
    report(results)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")


def report(results: dict) -> None:
    main_run, size_mib = results["main"], results["file_mib"]
    base = main_run["read_csv"]["seconds"]
    floor = main_run["read_csv_arrow_str"]["seconds"]
    print(f"rows: {results['rows']:,}  file: {size_mib:.1f} MiB  repeats: {results['repeat']} (median time, max RSS)")
    print(f"{'':40} {'seconds':>8} {'CPU s':>7} {'peak MiB':>9} {'× read_csv':>11} {'× arrow str':>12} "
          f"{'RSS/file':>9}")
    for side in [s for s in SIDES if s in main_run]:
        r = main_run[side]
        print(f"{LABELS[side]:40} {r['seconds']:8.2f} {r['cpu_seconds']:7.2f} {r['peak_mib']:9.0f} "
              f"{r['seconds'] / base:11.2f} {r['seconds'] / floor:12.2f} {r['peak_mib'] / size_mib:9.2f}")
    v = main_run["ledger_validate"]
    print(f"target (issue 17, at 100,000 rows): validate ≤ 2.5 × plain read_csv: {v['seconds'] / base:.2f} "
          f"({'met' if v['seconds'] <= 2.5 * base else 'NOT met'}); "
          f"peak: {v['peak_mib'] / size_mib:.2f} × the file (plain read_csv: "
          f"{main_run['read_csv']['peak_mib'] / size_mib:.2f} ×; ≤ 4 × was a target at 1,000,000 rows)")
    cpu_base = main_run["read_csv"]["cpu_seconds"]
    print(f"same in CPU seconds (less sensitive to a busy machine): {v['cpu_seconds'] / cpu_base:.2f} × read_csv")
    if "frictionless" in main_run:
        print(f"peer: frictionless / ledger validate = {main_run['frictionless']['seconds'] / v['seconds']:.2f}")
    print("\ngrowth (one run per size; wall seconds / CPU seconds, and the CPU ratio to plain read_csv)")
    print(f"{'rows':>10} {'MiB':>7} " + " ".join(f"{s:>24}" for s in SIDES))
    for n, g in sorted(results["growth"].items()):
        cells = []
        for side in SIDES:
            if side in g:
                r, ratio = g[side], g[side]["cpu_seconds"] / g["read_csv"]["cpu_seconds"]
                cells.append(f"{r['seconds']:.1f}/{r['cpu_seconds']:.1f} s ({ratio:.2f}×)")
            else:
                cells.append("not run")
        print(f"{n:>10,} {g['file_mib']:7.1f} " + " ".join(f"{c:>24}" for c in cells))


if __name__ == "__main__":
    main()
