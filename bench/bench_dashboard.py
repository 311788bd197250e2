"""Benchmark: the dashboard against the bare Streamlit floor, in one headless Chromium, A B A B.

Two floors: bench/floor_app.py (the bare app with a toy four-node Sankey) and bench/floor_same_app.py
(the bare app redrawing the dashboard's own Sankey, built once at start-up).
Cold load: navigation to the first Sankey drawn with the script finished, in a fresh context.
Toggle latency: a click on Speculated to the Sankey showing new data with the script finished.
Usage: python -m bench.bench_dashboard [--ledger PATH] [--rounds 5] [--toggles 20]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from pathlib import Path

from bench.load import FIRST_LOAD_TIMEOUT_MS, percentile, settled, toggle
from deploy.launch import DASHBOARD, ROOT
from tests.browser import CHROMIUM_ARGS, chromium_path
from tests.server import serve

BENCH = Path(__file__).resolve().parent


async def cold_load(browser, url: str) -> float:
    context = await browser.new_context(viewport={"width": 1300, "height": 900})
    page = await context.new_page()
    start = time.perf_counter()
    await page.goto(url, timeout=FIRST_LOAD_TIMEOUT_MS)
    await page.locator(".js-plotly-plot .sankey").first.wait_for(timeout=FIRST_LOAD_TIMEOUT_MS)
    await settled(page)
    elapsed = time.perf_counter() - start
    await context.close()
    return elapsed


async def toggles(browser, url: str, n: int) -> tuple[list[float], list[int]]:
    """Seconds per toggle, and the bytes the server sent over the websocket for each."""
    context = await browser.new_context(viewport={"width": 1300, "height": 900})
    page = await context.new_page()
    received = frame_counter(page)
    await page.goto(url, timeout=FIRST_LOAD_TIMEOUT_MS)
    await settled(page)
    times, sizes = [], []
    for _ in range(n):
        before = received[0]
        times.append(await toggle(page))
        await page.wait_for_timeout(200)  # let trailing frames (the script-finished message) arrive
        sizes.append(received[0] - before)
    await context.close()
    return times, sizes


def frame_counter(page) -> list[int]:
    """A one-cell counter, kept up to date, of the bytes the server sends over the page's websockets."""
    received = [0]

    def count(payload: str | bytes) -> None:
        received[0] += len(payload.encode() if isinstance(payload, str) else payload)

    page.on("websocket", lambda ws: ws.on("framereceived", count))
    return received


async def run(urls: dict[str, str], rounds: int, n_toggles: int, cold=None, toggled=None,
              ) -> dict[str, dict[str, list[float]]]:
    """A B A B: `rounds` cold loads, then `n_toggles` toggles, of each app (by default, the Flows tab's)."""
    from playwright.async_api import async_playwright

    cold, toggled = cold or cold_load, toggled or toggles

    out = {name: {"cold": [], "toggle": [], "toggle_bytes": []} for name in urls}
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for _ in range(rounds):  # A B A B, so drift on the machine hits both apps alike
            for name, url in urls.items():
                out[name]["cold"].append(await cold(browser, url))
        for _ in range(max(n_toggles // 2, 1)):
            for name, url in urls.items():
                times, sizes = await toggled(browser, url, 2)
                out[name]["toggle"] += times
                out[name]["toggle_bytes"] += sizes
        await browser.close()
    return out


def summary(values: list[float]) -> dict[str, float]:
    return {"median_s": round(statistics.median(values), 3), "p95_s": round(percentile(values, 95), 3),
            "n": len(values)}


def byte_summary(values: list[int]) -> dict[str, int]:
    return {"median": int(statistics.median(values)), "max": max(values), "n": len(values)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ledger", type=Path, default=ROOT / "data" / "ledger.csv")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--toggles", type=int, default=20)
    args = parser.parse_args()
    ledger = ["--ledger", str(args.ledger)]
    with tempfile.TemporaryDirectory() as tmp, \
            serve(BENCH / "floor_app.py", Path(tmp) / "floor.log") as (floor, _), \
            serve(BENCH / "floor_same_app.py", Path(tmp) / "same.log", ledger) as (same, _), \
            serve(DASHBOARD, Path(tmp) / "dash.log", ledger) as (dash, _):
        raw = asyncio.run(run({"floor": floor, "floor_same_sankey": same, "dashboard": dash}, args.rounds,
                              args.toggles))
    report = {"ledger": str(args.ledger),
              **{name: {k: byte_summary(v) if k == "toggle_bytes" else summary(v) for k, v in r.items()}
                 for name, r in raw.items()}}
    for floor in ("floor", "floor_same_sankey"):
        for kind in ("cold", "toggle"):
            report[f"{kind}_ratio_median_vs_{floor}"] = round(
                report["dashboard"][kind]["median_s"] / report[floor][kind]["median_s"], 2)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
