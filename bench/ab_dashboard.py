"""Before and after: two checkouts of the dashboard, interleaved with both floors in one headless Chromium.

For a change that must not make the page slower: the toy floor, each side's same-Sankey floor and each
side's dashboard take turns (A B A B), so drift on the machine hits all of them alike. Each side reads
its own data/ledger.csv unless --ledger is given. Prints medians, p95s, bytes per toggle and the raw
timings (for pooling runs).

    git worktree add /tmp/before de94882
    python -m bench.ab_dashboard --before /tmp/before [--after .] [--rounds 5] [--toggles 20]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
from pathlib import Path

from bench.bench_dashboard import BENCH, byte_summary, run, summary
from deploy.launch import ROOT
from tests.server import serve


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", type=Path, required=True, help="a checkout of the code before the change")
    parser.add_argument("--after", type=Path, default=ROOT)
    parser.add_argument("--ledger", type=Path, help="one ledger for both sides (default: each side's own)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--toggles", type=int, default=20)
    args = parser.parse_args()

    def ledger(side: Path) -> list[str]:
        return ["--ledger", str(args.ledger or side / "data" / "ledger.csv")]

    before, after = args.before.resolve(), args.after.resolve()
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        with serve(BENCH / "floor_app.py", t / "floor.log") as (floor, _), \
                serve(before / "bench" / "floor_same_app.py", t / "s0.log", ledger(before), before) as (same0, _), \
                serve(after / "bench" / "floor_same_app.py", t / "s1.log", ledger(after), after) as (same1, _), \
                serve(before / "dashboard.py", t / "d0.log", ledger(before), before) as (dash0, _), \
                serve(after / "dashboard.py", t / "d1.log", ledger(after), after) as (dash1, _):
            raw = asyncio.run(run({"floor": floor, "same_before": same0, "same_after": same1,
                                   "before": dash0, "after": dash1}, args.rounds, args.toggles))
    report = {"before": str(before), "after": str(after),
              **{name: {k: byte_summary(v) if k == "toggle_bytes" else summary(v) for k, v in r.items()}
                 for name, r in raw.items()}}
    for kind in ("cold", "toggle"):
        report[f"{kind}_median_after_over_before"] = round(
            report["after"][kind]["median_s"] / report["before"][kind]["median_s"], 3)
    print(json.dumps({**report, "raw": raw}, indent=1))


if __name__ == "__main__":
    main()
