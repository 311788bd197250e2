"""Benchmark: the dashboard against the bare Streamlit floor, in one headless Chromium, A B A B.

Cold load: navigation to the first Sankey drawn with the script finished, in a fresh context.
Toggle latency: a click on Speculated to the Sankey showing new data with the script finished.
Usage: python bench/bench_dashboard.py [--ledger PATH] [--rounds 5] [--toggles 20]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import CHROMIUM_ARGS, FIRST_LOAD_TIMEOUT_MS, percentile, settled, toggle  # noqa: E402
from bench.server import serve  # noqa: E402


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


async def toggles(browser, url: str, n: int) -> list[float]:
    context = await browser.new_context(viewport={"width": 1300, "height": 900})
    page = await context.new_page()
    await page.goto(url, timeout=FIRST_LOAD_TIMEOUT_MS)
    await settled(page)
    times = [await toggle(page) for _ in range(n)]
    await context.close()
    return times


async def run(urls: dict[str, str], rounds: int, n_toggles: int) -> dict[str, dict[str, list[float]]]:
    from playwright.async_api import async_playwright

    out = {name: {"cold": [], "toggle": []} for name in urls}
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        for _ in range(rounds):  # A B A B, so drift on the machine hits both apps alike
            for name, url in urls.items():
                out[name]["cold"].append(await cold_load(browser, url))
        for _ in range(n_toggles // 2):
            for name, url in urls.items():
                out[name]["toggle"] += await toggles(browser, url, 2)
        await browser.close()
    return out


def summary(values: list[float]) -> dict[str, float]:
    return {"median_s": round(statistics.median(values), 3), "p95_s": round(percentile(values, 95), 3),
            "n": len(values)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ledger", type=Path, default=ROOT / "data" / "ledger.csv")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--toggles", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, \
            serve(ROOT / "bench" / "floor_app.py", Path(tmp) / "floor.log") as (floor, _), \
            serve(ROOT / "dashboard.py", Path(tmp) / "dash.log", ["--ledger", str(args.ledger)]) as (dash, _):
        raw = asyncio.run(run({"floor": floor, "dashboard": dash}, args.rounds, args.toggles))
    report = {"ledger": str(args.ledger), **{name: {k: summary(v) for k, v in r.items()} for name, r in raw.items()}}
    for kind in ("cold", "toggle"):
        report[f"{kind}_ratio_median"] = round(
            report["dashboard"][kind]["median_s"] / report["floor"][kind]["median_s"], 2)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
