"""Benchmark: the static edition against the dashboard, in one run.

1. Scale: `ledger site` on the shipped ledger (previews included) and on a synthetic one (100,000 claims by
   default, without previews): wall and CPU time, peak memory, pages, files and bytes.
2. In one headless Chromium, A B A B: the first screen on a cold cache (navigation to the drawn Sankey) and the
   bytes it transfers (encoded, as on the wire), for the static first page served by nginx (gzip) and for the
   dashboard; the toggle (a click on Speculated to the Sankey showing the new data) for the static page, the
   limit (a bare HTML page holding the same two precomputed Sankeys, redrawn with Plotly.react), the dashboard
   and the bare Streamlit floor (bench/floor_app.py).
3. Readers: nginx serves the built site to --readers concurrent readers on loopback (bench/site_load.py).

Usage: python -m bench.bench_site [--synth-rows 100000] [--rounds 5] [--toggles 20] [--readers 1000]
Results: printed, and written to bench/out/site.json.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from bench.bench_dashboard import cold_load, toggles
from bench.load import LINK_SUM, percentile, settled
from bench.site_load import add_arguments, load_test
from deploy.launch import DASHBOARD, ROOT
from deploy.static import serve_static
from ledger.paths import LEDGER_PATH
from ledger.site.figures import decode, templates
from tests.browser import CHROMIUM_ARGS, chromium_path
from tests.server import serve

TIMEOUT_MS = 120_000
SWITCH = {"static": 'input[value="speculated"]', "limit": "#s", "dashboard": ".st-key-speculated input",
          "floor": ".st-key-speculated input"}
# In the page: click the switch, wait frame by frame until the Sankey holds new data, then for the frame that
# paints it. No test harness between the click and the clock (Playwright's own click first resolves and checks
# the element, which costs more on a long page than on a bare one).
IN_PAGE = """async (selector) => {
  const sum = () => { const p = document.querySelector('.js-plotly-plot');
    return p && p.data && p.data[0] ? p.data[0].link.value.reduce((a, b) => a + b, 0) : null; };
  const frame = () => new Promise(r => requestAnimationFrame(r));
  const before = sum(), t0 = performance.now();
  document.querySelector(selector).click();
  while (sum() === before) { await frame(); if (performance.now() - t0 > 30000) { return null; } }
  await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  return (performance.now() - t0) / 1000;
}"""


def timed_build(ledger: Path, out: Path, *extra: str) -> dict:
    """Build with /usr/bin/time: wall, CPU and peak memory of the whole process, and what it wrote."""
    cmd = ["/usr/bin/time", "-f", "TIME %e %U %S %M", sys.executable, "-m", "ledger", "site", str(out), "--ledger",
           str(ledger), "--force", *extra]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True)
    wall, user, system, rss_kib = done.stderr.strip().splitlines()[-1].split()[1:]
    files = [p for p in out.rglob("*") if p.is_file()]
    disk = subprocess.run(["du", "-sk", str(out)], capture_output=True, text=True, check=True).stdout.split()[0]
    claims = int(re.search(r"\(([\d,]+) claims\)", done.stdout).group(1).replace(",", ""))
    return {"ledger": str(ledger), "claims": claims, "wall_s": float(wall),
            "cpu_s": round(float(user) + float(system), 1), "peak_rss_mib": round(int(rss_kib) / 1024),
            "pages": sum(p.name == "index.html" for p in files), "files": len(files),
            "mib": round(sum(p.stat().st_size for p in files) / 2**20, 1), "disk_mib": round(int(disk) / 1024),
            "stdout": done.stdout.strip()}


def limit_page(site: Path, folder: Path) -> None:
    """The bare page: plotly.js and the two Sankeys the static page shows (Speculated off and on), nothing else."""
    views_path = next((site / "static").glob("views.*.json"))
    views = json.loads(views_path.read_text(encoding="utf-8"))


    last = views["quarters"][-1]
    off, on = (decode(views["views"][views["keys"][f"{bits}/{last}"]], views["strings"])["figure"]
               for bits in ("110", "111"))
    for fig in (off, on):
        fig["layout"]["template"] = templates()["light"]
    shutil.copy(next((site / "static").glob("plotly-*.min.js")), folder / "plotly.min.js")
    (folder / "index.html").write_text(f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>limit</title></head><body><label><input type="checkbox" role="switch" id="s"> Speculated</label>
<div id="plot"></div><script src="plotly.min.js"></script><script>
const F = {json.dumps([off, on])}; const el = document.getElementById("plot");
Plotly.newPlot(el, F[0].data, F[0].layout).then(() => {{ window.ledgerReady = true; }});
document.getElementById("s").addEventListener("change", e => {{
  const f = F[e.target.checked ? 1 : 0]; Plotly.react(el, f.data, f.layout); }});
</script></body></html>""", encoding="utf-8")


async def page_cold(browser, url: str, static: bool) -> tuple[float, int]:
    """Seconds from navigation to the drawn Sankey, and the bytes the page transferred (encoded) by then."""
    context = await browser.new_context(viewport={"width": 1300, "height": 900})
    page = await context.new_page()
    cdp = await context.new_cdp_session(page)
    await cdp.send("Network.enable")
    wire = [0]
    cdp.on("Network.loadingFinished", lambda e: wire.__setitem__(0, wire[0] + int(e["encodedDataLength"])))
    page.on("websocket", lambda ws: ws.on("framereceived", lambda p: wire.__setitem__(0, wire[0] + len(p))))
    start = time.perf_counter()
    await page.goto(url, timeout=TIMEOUT_MS)
    await page.locator(".js-plotly-plot .sankey-link").first.wait_for(timeout=TIMEOUT_MS)
    if not static:
        await settled(page, TIMEOUT_MS)
    elapsed = time.perf_counter() - start
    if static:  # the views behind the switches arrive after the first screen: counted in the page's bytes too
        await page.wait_for_function("() => window.ledgerReady === true", timeout=TIMEOUT_MS)
    await page.wait_for_timeout(500)
    await context.close()
    return elapsed, wire[0]


async def page_toggles(browser, url: str, n: int, selector: str) -> list[float]:
    """Seconds from Playwright's click on Speculated to the Sankey's new data, on a page that redraws itself."""
    context = await browser.new_context(viewport={"width": 1300, "height": 900})
    page = await context.new_page()
    await page.goto(url, timeout=TIMEOUT_MS)
    await page.wait_for_function("() => window.ledgerReady === true", timeout=TIMEOUT_MS)
    switch = await page.query_selector(selector)
    times = []
    for _ in range(n):
        before = await page.evaluate(LINK_SUM)
        start = time.perf_counter()
        await switch.click()
        await page.wait_for_function(f"() => ({LINK_SUM})() !== {json.dumps(before)}", timeout=TIMEOUT_MS)
        times.append(time.perf_counter() - start)
        await page.wait_for_timeout(150)
    await context.close()
    return times


async def in_page_toggles(browser, url: str, n: int, selector: str, streamlit: bool) -> list[float]:
    """Seconds from the click (in the page) to the painted frame with the new Sankey (see IN_PAGE)."""
    context = await browser.new_context(viewport={"width": 1300, "height": 900})
    page = await context.new_page()
    await page.goto(url, timeout=TIMEOUT_MS)
    if streamlit:
        await settled(page, TIMEOUT_MS)
    else:
        await page.wait_for_function("() => window.ledgerReady === true", timeout=TIMEOUT_MS)
    times = []
    for _ in range(n):
        times.append(await page.evaluate(IN_PAGE, selector))
        await (settled(page, TIMEOUT_MS) if streamlit else page.wait_for_timeout(150))
    await context.close()
    return [t for t in times if t is not None]


async def browser_run(urls: dict[str, str], rounds: int, n_toggles: int) -> dict[str, dict[str, list]]:
    from playwright.async_api import async_playwright

    out = {name: {"cold": [], "bytes": [], "toggle": [], "toggle_in_page": []} for name in urls}
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for _ in range(rounds):  # A B A B, so drift on the machine hits every page alike
            for name in ("static", "dashboard"):
                seconds, size = await page_cold(browser, urls[name], name == "static")
                out[name]["cold"].append(seconds)
                out[name]["bytes"].append(size)
            out["floor"]["cold"].append(await cold_load(browser, urls["floor"]))
        for _ in range(max(n_toggles // 2, 1)):
            for name in ("static", "limit"):
                out[name]["toggle"] += await page_toggles(browser, urls[name], 2, SWITCH[name])
            for name in ("dashboard", "floor"):
                out[name]["toggle"] += (await toggles(browser, urls[name], 2))[0]
            for name in urls:
                out[name]["toggle_in_page"] += await in_page_toggles(browser, urls[name], 2, SWITCH[name],
                                                                     name in ("dashboard", "floor"))
        await browser.close()
    return out


def stats(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    return {"median_s": round(statistics.median(values), 3), "p95_s": round(percentile(values, 95), 3),
            "n": len(values)}


@functools.cache
def _quiet_handler(folder: str):
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    return functools.partial(Quiet, directory=folder)


def browser_measures(site: Path, rounds: int, n_toggles: int, tmp: Path) -> dict:
    limit = tmp / "limit"
    limit.mkdir()
    limit_page(site, limit)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _quiet_handler(str(limit)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with serve_static(site) as (static_url, _), \
                serve(ROOT / "bench" / "floor_app.py", tmp / "floor.log") as (floor, _), \
                serve(DASHBOARD, tmp / "dash.log") as (dash, _):
            urls = {"static": static_url, "limit": f"http://127.0.0.1:{server.server_address[1]}/",
                    "dashboard": dash, "floor": floor}
            raw = asyncio.run(browser_run(urls, rounds, n_toggles))
    finally:
        server.shutdown()
    report = {name: {"cold": stats(r["cold"]), "toggle": stats(r["toggle"]),
                     "toggle_in_page": stats(r["toggle_in_page"]),
                     **({"bytes_median": int(statistics.median(r["bytes"]))} if r["bytes"] else {})}
              for name, r in raw.items()}
    for kind in ("toggle", "toggle_in_page"):
        med = {name: report[name][kind].get("median_s") for name in raw}
        for a, b in (("static", "limit"), ("static", "floor"), ("limit", "floor"), ("dashboard", "floor")):
            if med.get(a) and med.get(b):
                report[f"{kind}_{a}_vs_{b}"] = round(med[a] / med[b], 2)
    report["raw"] = raw
    report["cold_static_vs_dashboard"] = round(report["static"]["cold"]["median_s"] /
                                               report["dashboard"]["cold"]["median_s"], 2)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--synth-rows", type=int, default=100_000, help="0: skip the synthetic build")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--toggles", type=int, default=20)
    parser.add_argument("--skip", nargs="*", default=[], choices=["scale", "browser", "load"])
    add_arguments(parser)
    args = parser.parse_args()
    report: dict = {"command": " ".join(sys.argv)}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        tmp.chmod(0o755)  # nginx's workers (an unprivileged user) read the site from here
        site = tmp / "site"
        report["build_shipped"] = timed_build(LEDGER_PATH, site)
        if args.synth_rows and "scale" not in args.skip:
            synth = tmp / "synth.csv"
            subprocess.run([sys.executable, "-m", "ledger", "synth", "--rows", str(args.synth_rows), "--out",
                            str(synth)], cwd=ROOT, check=True, capture_output=True)
            report["build_synth"] = timed_build(synth, tmp / "synth-site", "--no-previews")
            shutil.rmtree(tmp / "synth-site")
        if "browser" not in args.skip:
            report["browser"] = browser_measures(site, args.rounds, args.toggles, tmp)
        if "load" not in args.skip:
            report["readers"] = load_test(site, args)
    text = json.dumps(report, indent=2)
    print(text)
    (ROOT / "bench" / "out").mkdir(exist_ok=True)
    (ROOT / "bench" / "out" / "site.json").write_text(text + "\n")


if __name__ == "__main__":
    main()
