"""Before and after, on the Ledger tab: does the claims table need paging? A B A B in one headless Chromium.

A cold load runs from navigation to `?tab=Ledger and downloads` to the claims grid drawn with the script
finished; a toggle from a click on Speculated to "Claims shown" changing with the script finished.
Bytes count the websocket frames the server sent for that toggle. Use a large ledger, where paging
would matter:

    python -m ledger synth --rows 100000 --out /tmp/synth100k.csv
    git worktree add /tmp/before main
    python -m bench.ab_ledger_tab --before /tmp/before --ledger /tmp/synth100k.csv [--rounds 3] [--toggles 10]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import time
from pathlib import Path

from bench.bench_dashboard import byte_summary, frame_counter, run, summary
from bench.load import ACTION_TIMEOUT_MS, FIRST_LOAD_TIMEOUT_MS
from deploy.launch import ROOT
from tests.server import serve

TAB = "/?tab=Ledger%20and%20downloads"
GRID = '[data-testid="stDataFrame"]'
SHOWN = "() => document.querySelector('[data-testid=\"stMetricValue\"]').innerText"


async def _settled(page, timeout_ms: float = ACTION_TIMEOUT_MS) -> None:
    await page.locator(GRID).first.wait_for(state="visible", timeout=timeout_ms)
    await page.locator('[data-testid="stStatusWidget"]').wait_for(state="detached", timeout=timeout_ms)


async def cold_load(browser, url: str) -> float:
    context = await browser.new_context(viewport={"width": 1300, "height": 900})
    page = await context.new_page()
    start = time.perf_counter()
    await page.goto(url + TAB, timeout=FIRST_LOAD_TIMEOUT_MS)
    await _settled(page, FIRST_LOAD_TIMEOUT_MS)
    elapsed = time.perf_counter() - start
    await context.close()
    return elapsed


async def toggles(browser, url: str, n: int) -> tuple[list[float], list[int]]:
    """Seconds per toggle of Speculated on the Ledger tab, and the bytes the server sent for each."""
    context = await browser.new_context(viewport={"width": 1300, "height": 900})
    page = await context.new_page()
    received = frame_counter(page)
    await page.goto(url + TAB, timeout=FIRST_LOAD_TIMEOUT_MS)
    await _settled(page, FIRST_LOAD_TIMEOUT_MS)
    times, sizes = [], []
    for _ in range(n):
        before, sent = await page.evaluate(SHOWN), received[0]
        start = time.perf_counter()
        await page.get_by_role("switch", name="Speculated").click(force=True)
        await page.wait_for_function(f"() => ({SHOWN})() !== {json.dumps(before)}", timeout=ACTION_TIMEOUT_MS)
        await _settled(page)
        times.append(time.perf_counter() - start)
        await page.wait_for_timeout(200)  # let trailing frames arrive
        sizes.append(received[0] - sent)
    await context.close()
    return times, sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", type=Path, required=True, help="a checkout of the code before the change")
    parser.add_argument("--after", type=Path, default=ROOT)
    parser.add_argument("--ledger", type=Path, required=True, help="one ledger for both sides")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--toggles", type=int, default=10)
    args = parser.parse_args()
    ledger = ["--ledger", str(args.ledger)]
    before, after = args.before.resolve(), args.after.resolve()
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        with serve(before / "dashboard.py", t / "b.log", ledger, before) as (b, _), \
                serve(after / "dashboard.py", t / "a.log", ledger, after) as (a, _):
            raw = asyncio.run(run({"before": b, "after": a}, args.rounds, args.toggles, cold_load, toggles))
    report = {name: {k: byte_summary(v) if k == "toggle_bytes" else summary(v) for k, v in r.items()}
              for name, r in raw.items()}
    print(json.dumps({"before": str(before), "after": str(after), "ledger": str(args.ledger), **report, "raw": raw},
                     indent=1))


if __name__ == "__main__":
    main()
