"""Load test: simultaneous headless Chromium readers against one `streamlit run` on loopback.

Each reader loops until the deadline: toggle Speculated, move "As known on", pick a flow. It
measures the time from each toggle click to the Sankey showing the new data with the script
finished. Everything is bounded: a fixed number of sessions, a wall-clock deadline, a per-action
timeout, and a hard cap on actions. Traffic goes only to 127.0.0.1.

Usage: python -m bench.load [--sessions 10] [--seconds 60]   (or `make load`)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

from bench.procstat import cpu_seconds, peak_rss_mib
from deploy.launch import DASHBOARD, ROOT
from tests.browser import CHROMIUM_ARGS, chromium_path
from tests.server import serve

LINK_SUM = ("() => { const p = document.querySelector('.js-plotly-plot'); return p && p.data && p.data[0] ? "
            "p.data[0].link.value.reduce((a, b) => a + b, 0) : null; }")
DATES = ["2024/06/30", "2025/01/31", "2025/11/30"]
MAX_ACTIONS_PER_SESSION = 500
ACTION_TIMEOUT_MS = 30_000
FIRST_LOAD_TIMEOUT_MS = 120_000


async def settled(page, timeout_ms: float = ACTION_TIMEOUT_MS) -> None:
    await page.locator(".js-plotly-plot .sankey").first.wait_for(state="visible", timeout=timeout_ms)
    await page.locator('[data-testid="stStatusWidget"]').wait_for(state="detached", timeout=timeout_ms)


async def toggle(page) -> float:
    """Click Speculated; seconds until the Sankey's data changes and the script has finished."""
    before = await page.evaluate(LINK_SUM)
    start = time.perf_counter()
    await page.get_by_role("switch", name="Speculated").click(force=True)
    await page.wait_for_function(f"() => ({LINK_SUM})() !== {json.dumps(before)}", timeout=ACTION_TIMEOUT_MS)
    await settled(page)
    return time.perf_counter() - start


async def move_date(page, rng: random.Random) -> None:
    box = page.locator(".st-key-as_of input")
    await box.fill(rng.choice(DATES), force=True)
    await box.press("Enter")
    await page.keyboard.press("Escape")
    await settled(page)


async def pick_flow(page, rng: random.Random) -> None:
    grid = page.locator('.st-key-flow_pick [data-testid="stDataFrame"]')
    await grid.scroll_into_view_if_needed()
    box = await grid.bounding_box()
    await page.mouse.click(box["x"] + 12, box["y"] + 35 + 35 * rng.randrange(3) + 17)
    await settled(page)


async def reader(n: int, browser, url: str, seconds: float, out: dict) -> None:
    rng = random.Random(n)
    context = await browser.new_context(viewport={"width": 1300, "height": 900})
    page = await context.new_page()
    page.on("pageerror", lambda e: out["errors"].append(f"reader {n}: page error: {e}"))
    try:
        try:  # ten browsers starting at once on two cores: a first load gets longer than an action
            await page.goto(url, timeout=FIRST_LOAD_TIMEOUT_MS)
            await page.locator(".js-plotly-plot .sankey").first.wait_for(timeout=FIRST_LOAD_TIMEOUT_MS)
            await settled(page, FIRST_LOAD_TIMEOUT_MS)
        except Exception as err:
            out["errors"].append(f"reader {n}: first load: {type(err).__name__}: {str(err)[:120]}")
            return
        out["load_s"].append(time.perf_counter() - out["t0"])
        deadline = time.monotonic() + seconds  # each reader gets its full time once its page is up
        for _ in range(MAX_ACTIONS_PER_SESSION):
            if time.monotonic() >= deadline:
                break
            action = rng.choice(["toggle", "toggle", "date", "flow"])
            try:
                if action == "toggle":
                    out["toggle_s"].append(await toggle(page))
                elif action == "date":
                    await move_date(page, rng)
                else:
                    await pick_flow(page, rng)
                out["actions"] += 1
                if await page.locator('[data-testid="stException"]').count():
                    out["errors"].append(f"reader {n}: exception shown after {action}")
            except Exception as err:  # a failed action is counted, and the reader goes on
                out["errors"].append(f"reader {n}: {action}: {type(err).__name__}: {str(err)[:120]}")
    finally:
        await context.close()


async def run(sessions: int, seconds: float, chromium: str, url: str) -> dict:
    from playwright.async_api import async_playwright

    out: dict = {"toggle_s": [], "load_s": [], "errors": [], "actions": 0, "t0": time.perf_counter()}
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        await asyncio.wait_for(  # the hard stop, whatever the readers are doing
            asyncio.gather(*(reader(i, browser, url, seconds, out) for i in range(sessions))),
            timeout=seconds + 180)
        await browser.close()
    return out


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "load.json")
    args = parser.parse_args()
    chromium = chromium_path()
    if not chromium:
        raise SystemExit("chromium is not installed (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as tmp, serve(DASHBOARD, Path(tmp) / "server.log") as (url, proc):
        started = time.monotonic()
        out = asyncio.run(run(args.sessions, args.seconds, chromium, url))
        elapsed = time.monotonic() - started
        peak = peak_rss_mib(proc.pid)
        server_cpu = cpu_seconds(proc.pid)
    toggles = out["toggle_s"]
    report = {
        "sessions": args.sessions, "seconds": round(elapsed, 1), "actions": out["actions"],
        "toggles": len(toggles), "errors": len(out["errors"]), "error_samples": out["errors"][:10],
        "toggle_p50_s": round(statistics.median(toggles), 3) if toggles else None,
        "toggle_p95_s": round(percentile(toggles, 95), 3) if toggles else None,
        "first_load_max_s": round(max(out["load_s"]), 2) if out["load_s"] else None,
        "server_peak_rss_mib": round(peak, 1),
        # with readers and server on one machine: how much of the elapsed time the server was busy
        "server_cpu_s": round(server_cpu, 1), "server_cpu_share_of_2_cores": round(server_cpu / (2 * elapsed), 2),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
