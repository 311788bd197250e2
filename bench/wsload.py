"""Readers per process, measured without browsers: simulated readers speak Streamlit's own protocol.

Ten headless Chromium instances fill two cores long before one Streamlit process does, so the
browser load test (bench/load.py) can't find a server's limit. Here each reader is a coroutine that
does what the page does on the wire, and nothing else:

- arrives: GETs the page and every asset a real Chromium fetched on a cold load (recorded once, at
  start; `--cache warm` GETs the page alone, as a returning reader's browser does), keeping any
  cookie the server sets, so a sticky proxy keeps it on one replica;
- opens the websocket `/_stcore/stream` with that cookie and runs the script (the first screen);
- then, after a think time drawn from an exponential distribution (mean `--think` seconds), does one
  action, as bench/load.py does: toggle Speculated (half the time), move "As known on", or pick a
  flow in the table. Each action sends the widget states, as the browser does, and waits for the
  script to finish.

Latency is from sending the action to receiving `script_finished`: the server's whole share of a
toggle, with none of the browser's drawing. An action fails if the script raises (an exception
element), finishes with an error, or takes longer than `--timeout`.

    python -m bench.wsload ramp --readers 10,20,40,80        # one local server, one step per count
    python -m bench.wsload run --url http://127.0.0.1:8501 --readers 30 --seconds 60
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import re
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from bench.load import FIRST_LOAD_TIMEOUT_MS, percentile, settled
from bench.procstat import cpu_seconds, peak_rss_mib
from deploy.launch import DASHBOARD, ROOT
from tests.browser import CHROMIUM_ARGS, chromium_path
from tests.server import serve

DATES = ["2024-06-30", "2025-01-31", "2025-11-30"]  # as bench/load.py, in the widget's wire format
FLOW_ROWS = 3  # bench/load.py picks one of the first three rows of the flow table
ACTION_KEYS = {"toggle": "speculated", "date": "as_of", "flow": "flow_pick"}  # action -> widget key


@dataclass
class Tally:
    """What every reader of one run adds to."""

    first_s: list[float] = field(default_factory=list)
    action_s: dict[str, list[float]] = field(default_factory=lambda: {"toggle": [], "date": [], "flow": []})
    errors: list[str] = field(default_factory=list)
    arrivals: int = 0
    bytes_in: int = 0


async def http_get(url: str, cookie: str = "") -> tuple[int, bytes, list[str]]:
    """GET over a fresh connection, gzip accepted as a browser does: (status, body, Set-Cookie values)."""
    parts = urllib.parse.urlsplit(url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port or 80)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    head = (f"GET {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nAccept-Encoding: gzip\r\nConnection: close\r\n"
            + (f"Cookie: {cookie}\r\n" if cookie else "") + "\r\n")
    writer.write(head.encode())
    await writer.drain()
    raw = await reader.read()
    writer.close()
    header, _, body = raw.partition(b"\r\n\r\n")
    lines = header.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    cookies = [v.strip() for k, _, v in (h.partition(":") for h in lines[1:]) if k.lower() == "set-cookie"]
    return status, body, cookies


async def record_assets(url: str) -> list[str]:
    """The same-origin paths a real Chromium GETs on a cold load of the page (the websocket aside)."""
    chromium = chromium_path()
    if not chromium:
        return await assets_from_html(url)
    from playwright.async_api import async_playwright

    paths: list[str] = []
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = await browser.new_page(viewport={"width": 1300, "height": 900})

        def keep(request) -> None:
            if request.url.startswith(url) and "/_stcore/stream" not in request.url:
                paths.append(request.url[len(url):] or "/")

        page.on("request", keep)
        await page.goto(url, timeout=FIRST_LOAD_TIMEOUT_MS)
        await page.locator(".js-plotly-plot .sankey").first.wait_for(timeout=FIRST_LOAD_TIMEOUT_MS)
        await settled(page, FIRST_LOAD_TIMEOUT_MS)
        await browser.close()
    return list(dict.fromkeys(paths))


async def assets_from_html(url: str) -> list[str]:
    """Without Chromium: the page and the scripts and styles it names (lazy chunks are missed)."""
    _, body, _ = await http_get(url + "/")
    return ["/"] + ["/" + p.lstrip("./") for p in re.findall(r'(?:src|href)="(\./static/[^"]+)"', body.decode())]


class Session:
    """One reader's websocket: sends BackMsgs, reads ForwardMsgs until the script finishes."""

    def __init__(self, ws, tally: Tally) -> None:
        self.ws, self.tally = ws, tally
        self.ids: dict[str, str] = {}  # widget key -> widget id, learnt from the first run
        self.states: dict[str, object] = {}  # widget key -> the value this reader has set

    async def rerun(self, timeout: float) -> None:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        msg = BackMsg()
        msg.rerun_script.query_string = ""
        msg.rerun_script.page_script_hash = ""
        for key, value in self.states.items():
            widget = msg.rerun_script.widget_states.widgets.add()
            widget.id = self.ids[key]
            if isinstance(value, bool):
                widget.bool_value = value
            elif isinstance(value, list):
                widget.string_array_value.data.extend(value)
            else:
                widget.string_value = value
        await self.ws.send(msg.SerializeToString())
        await asyncio.wait_for(self.until_finished(), timeout)

    async def until_finished(self) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        while True:
            data = await self.ws.recv()
            self.tally.bytes_in += len(data)
            msg = ForwardMsg()
            msg.ParseFromString(data)
            kind = msg.WhichOneof("type")
            if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                element = msg.delta.new_element
                name = element.WhichOneof("type")
                if name == "exception":  # the message itself is redacted unless the server shows details
                    raise RuntimeError(f"the script raised {element.exception.type or 'an exception'}")
                widget_id = getattr(getattr(element, name), "id", "")
                if isinstance(widget_id, str) and widget_id.startswith("$$ID-"):
                    self.ids[widget_id.split("-", 2)[2]] = widget_id
            elif kind == "script_finished":
                if msg.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    raise RuntimeError("the script did not compile")
                if msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    return


async def first_screen(url: str, timeout: float = 120) -> set[str]:
    """Run the page once over a websocket of its own: its widgets' keys (raises if the page shows an exception)."""
    import websockets

    async with websockets.connect("ws" + url[len("http"):] + "/_stcore/stream", subprotocols=["streamlit"],
                                  origin=url, max_size=None) as ws:
        session = Session(ws, Tally())
        await session.rerun(timeout)
        return set(session.ids)


async def reader(n: int, url: str, assets: list[str], seconds: float, think: float, timeout: float,
                 tally: Tally) -> None:
    import websockets

    rng = random.Random(n)
    await asyncio.sleep(rng.uniform(0, min(think, seconds / 4)))  # arrivals spread, not one burst
    deadline = time.monotonic() + seconds
    start = time.perf_counter()
    cookie = ""
    try:
        for path in assets:
            status, _, cookies = await http_get(url + path, cookie)
            if status >= 400:
                raise RuntimeError(f"GET {path}: HTTP {status}")
            for c in cookies:
                cookie = "; ".join(filter(None, [cookie, c.split(";", 1)[0]]))
        ws_url = "ws" + url[len("http"):] + "/_stcore/stream"
        async with websockets.connect(ws_url, subprotocols=["streamlit"], origin=url, max_size=None,
                                      additional_headers={"Cookie": cookie} if cookie else None) as ws:
            session = Session(ws, tally)
            await session.rerun(timeout)
            tally.first_s.append(time.perf_counter() - start)
            tally.arrivals += 1
            speculated = False
            while time.monotonic() + think < deadline:
                await asyncio.sleep(rng.expovariate(1 / think))
                action = rng.choice(["toggle", "toggle", "date", "flow"])
                if action == "toggle":
                    speculated = not speculated
                    session.states["speculated"] = speculated
                elif action == "date":
                    session.states["as_of"] = [rng.choice(DATES)]
                else:
                    rows = [rng.randrange(FLOW_ROWS)]
                    session.states["flow_pick"] = json.dumps({"selection": {"rows": rows, "columns": []}})
                t = time.perf_counter()
                try:
                    await session.rerun(timeout)
                except TimeoutError:
                    tally.errors.append(f"reader {n}: {action}: no script_finished within {timeout} s")
                    return  # the session is out of step; a real reader would reload
                except RuntimeError as err:  # the page showed an exception; the session itself goes on
                    tally.errors.append(f"reader {n}: {action} {session.states.get(ACTION_KEYS[action])!r}: {err}")
                    with contextlib.suppress(RuntimeError):  # read on to the end of that run
                        await asyncio.wait_for(session.until_finished(), timeout)
                    continue
                tally.action_s[action].append(time.perf_counter() - t)
    except Exception as err:  # a failed reader is counted; the others go on
        tally.errors.append(f"reader {n}: {type(err).__name__}: {str(err)[:160]}")


def pct(values: list[float], q: int) -> float | None:
    """bench/load.py's percentile, rounded, and defined for one value or none (JSON has no NaN)."""
    if len(values) < 2:
        return round(values[0], 3) if values else None
    return round(percentile(values, q), 3)


async def drive(url: str, readers: int, seconds: float, think: float, timeout: float,
                assets: list[str]) -> tuple[Tally, float]:
    tally = Tally()
    started = time.perf_counter()
    await asyncio.gather(*(reader(i, url, assets, seconds, think, timeout, tally) for i in range(readers)))
    return tally, time.perf_counter() - started


def summary(tally: Tally, readers: int, elapsed: float, think: float) -> dict:
    actions = [s for v in tally.action_s.values() for s in v]
    return {
        "readers": readers, "think_mean_s": think, "seconds": round(elapsed, 1),
        "arrived": tally.arrivals, "actions": len(actions), "actions_per_s": round(len(actions) / elapsed, 2),
        "errors": len(tally.errors), "error_samples": tally.errors[:5],
        "first_screen_p50_s": pct(tally.first_s, 50), "first_screen_p95_s": pct(tally.first_s, 95),
        "action_p50_s": pct(actions, 50), "action_p95_s": pct(actions, 95),
        "toggle_p50_s": pct(tally.action_s["toggle"], 50), "toggle_p95_s": pct(tally.action_s["toggle"], 95),
        "mib_received": round(tally.bytes_in / 2**20, 1),
    }


def within(step: dict, budget: float) -> bool:
    return step["errors"] == 0 and step["action_p95_s"] is not None and step["action_p95_s"] <= budget


def arrival_paths(url: str, cache: str) -> list[str]:
    """What one arrival GETs: everything (an empty browser cache) or the page alone (assets cached)."""
    return asyncio.run(record_assets(url)) if cache == "empty" else ["/"]


def cmd_run(args: argparse.Namespace) -> None:
    assets = arrival_paths(args.url, args.cache)
    tally, elapsed = asyncio.run(drive(args.url, args.readers, args.seconds, args.think, args.timeout, assets))
    print(json.dumps(summary(tally, args.readers, elapsed, args.think), indent=2))


def cmd_ramp(args: argparse.Namespace) -> None:
    """One fresh server; one step per reader count; the server's CPU share measured per step."""
    steps = []
    with tempfile.TemporaryDirectory() as tmp, \
            serve(DASHBOARD, Path(tmp) / "server.log", ["--ledger", str(args.ledger)]) as (url, proc):
        assets = arrival_paths(url, args.cache)
        for readers in args.readers:
            cpu0, client0 = cpu_seconds(proc.pid), time.process_time()
            tally, elapsed = asyncio.run(drive(url, readers, args.seconds, args.think, args.timeout, assets))
            step = summary(tally, readers, elapsed, args.think)
            step["server_cpu_share_of_one_core"] = round((cpu_seconds(proc.pid) - cpu0) / elapsed, 2)
            step["client_cpu_share_of_one_core"] = round((time.process_time() - client0) / elapsed, 2)
            steps.append(step)
            print(json.dumps(step), flush=True)
        peak = peak_rss_mib(proc.pid)
    ok = [s["readers"] for s in steps if within(s, args.budget)]
    report = {
        "ledger": str(args.ledger), "browser_cache": args.cache, "gets_per_arrival": len(assets),
        "think_mean_s": args.think,
        "budget": f"0 errors and action p95 <= {args.budget} s",
        "readers_within_budget": max(ok) if ok else 0,
        "first_step_over_budget": next((s["readers"] for s in steps if not within(s, args.budget)), None),
        "server_peak_rss_mib": round(peak, 1), "steps": steps,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps({k: v for k, v in report.items() if k != "steps"}, indent=2))


def reader_counts(text: str) -> list[int]:
    counts = [int(x) for x in text.split(",") if x.strip()]
    if not counts or min(counts) < 1:
        raise argparse.ArgumentTypeError("give reader counts as positive integers, e.g. 10,20,40")
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    for name, func in (("run", cmd_run), ("ramp", cmd_ramp)):
        p = sub.add_parser(name)
        p.add_argument("--seconds", type=float, default=60, help="how long each reader stays")
        p.add_argument("--think", type=float, default=5.0, help="mean seconds between a reader's actions")
        p.add_argument("--timeout", type=float, default=30.0, help="an action slower than this is an error")
        p.add_argument("--cache", choices=["empty", "warm"], default="empty",
                       help="empty: each arrival GETs every asset a cold Chromium did; warm: the page only "
                            "(Streamlit's hashed assets are served as immutable for a year)")
        p.set_defaults(func=func)
        if name == "run":
            p.add_argument("--url", required=True)
            p.add_argument("--readers", type=int, default=20)
        else:
            p.add_argument("--readers", type=reader_counts, default=reader_counts("10,20,40,80,120"))
            p.add_argument("--budget", type=float, default=1.0, help="action p95 in seconds a step must keep")
            p.add_argument("--ledger", type=Path, default=ROOT / "data" / "ledger.csv")
            p.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "wsload.json")
    args = parser.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
