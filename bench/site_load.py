"""Readers of the static edition: Debian's nginx serves a built site on loopback to many readers at once.

The readers are a bounded asyncio HTTP/1.1 client (no browser: the point is what the server holds). Each
reader arrives within the first `--arrive` seconds, loads the first screen as a browser does on a cold cache
(the page, its stylesheet, script, plotly.js and the views, asking for gzip), then reads `--visits` more
pages (a flow, a claim, a claimant) with a pause between them, and leaves. Every request has a time limit;
the whole run has a hard deadline; traffic goes only to 127.0.0.1.

    python -m bench.site_load SITE --readers 1000          # nginx on a free loopback port, then the readers

The server is the recipe of deploy/static.py (docs/deploy.md, "The static edition").
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import re
import resource
import statistics
import time
from collections import Counter
from pathlib import Path

from bench.load import percentile
from bench.procstat import cpu_seconds
from deploy.static import serve_static

REQUEST_TIMEOUT_S = 30


def nginx_cpu_seconds(master: int) -> float:
    """CPU seconds of nginx's master and workers so far."""
    pids = [master] + [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit() and
                       _parent(p) == master]
    return sum(cpu_seconds(pid) for pid in pids)


def _parent(proc: Path) -> int | None:
    with contextlib.suppress(OSError, IndexError, ValueError):
        return int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
    return None


async def fetch(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, path: str) -> tuple[int, int]:
    """GET path on a kept-alive connection, asking for gzip; (status, bytes received)."""
    writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: gzip\r\nUser-Agent: site-load\r\n\r\n"
                 .encode())
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = re.search(rb"\r\ncontent-length: *(\d+)", head, re.IGNORECASE)
    received = len(head)
    if length:
        received += len(await reader.readexactly(int(length.group(1))))
    else:  # chunked: HTML compressed on the fly
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            received += len(await reader.readexactly(size + 2))
            if size == 0:
                break
    return status, received


def site_paths(site: Path) -> dict[str, list[str]]:
    """The first screen's files (from the built first page) and the pages a reader may visit after it."""
    home = (site / "index.html").read_text(encoding="utf-8")
    assets = re.findall(r'(?:href|src|data-views)="(static/[^"]+)"', home)
    pages = {kind: sorted(f"/{p.parent.relative_to(site)}/" for p in (site / kind).glob("*/index.html"))
             for kind in ("flows", "claims", "claimants")}
    return {"first_screen": ["/", *(f"/{a}" for a in dict.fromkeys(assets))], **pages}


async def one_reader(n: int, port: int, paths: dict[str, list[str]], args: argparse.Namespace, out: dict) -> None:
    rng = random.Random(n)
    await asyncio.sleep(rng.uniform(0, args.arrive))
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), REQUEST_TIMEOUT_S)
    except (TimeoutError, OSError) as err:
        out["errors"][f"connect: {type(err).__name__}"] += 1
        return
    visits = [paths["first_screen"]] + [[rng.choice(paths[rng.choice(["flows", "claims", "claims", "claimants"])])]
                                        for _ in range(args.visits)]
    try:
        for i, visit in enumerate(visits):
            if i:
                await asyncio.sleep(rng.expovariate(1 / args.think))
            start = time.perf_counter()
            for path in visit:
                t0 = time.perf_counter()
                status, size = await asyncio.wait_for(fetch(reader, writer, path), REQUEST_TIMEOUT_S)
                out["request_s"].append(time.perf_counter() - t0)
                out["bytes"] += size
                if status != 200:
                    out["errors"][f"HTTP {status}"] += 1
            out["first_screen_s" if i == 0 else "page_s"].append(time.perf_counter() - start)
    except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as err:
        out["errors"][f"{type(err).__name__}"] += 1
    finally:
        writer.close()


async def run_readers(url: str, site: Path, args: argparse.Namespace) -> dict:
    port = int(url.rstrip("/").rsplit(":", 1)[1])
    paths = site_paths(site)
    out = {"request_s": [], "first_screen_s": [], "page_s": [], "bytes": 0, "errors": Counter()}
    start = time.perf_counter()
    tasks = [asyncio.create_task(one_reader(n, port, paths, args, out)) for n in range(args.readers)]
    _done, pending = await asyncio.wait(tasks, timeout=args.deadline)
    for task in pending:  # the hard stop
        task.cancel()
        out["errors"]["unfinished at the deadline"] += 1
    out["wall_s"] = time.perf_counter() - start
    out["first_screen_files"] = paths["first_screen"]
    return out


def summary(values: list[float]) -> dict[str, float]:
    if not values:
        return {"n": 0}
    return {"n": len(values), "p50_s": round(statistics.median(values), 4),
            "p95_s": round(percentile(values, 95), 4), "p99_s": round(percentile(values, 99), 4),
            "max_s": round(max(values), 4)}


def load_test(site: Path, args: argparse.Namespace) -> dict:
    """nginx on the site, the readers against it; the summary."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, 4 * args.readers + 256)), hard))
    with serve_static(site) as (url, proc):
        cpu0, client0 = nginx_cpu_seconds(proc.pid), time.process_time()
        raw = asyncio.run(run_readers(url, site, args))
        nginx_cpu = nginx_cpu_seconds(proc.pid) - cpu0
    return {"readers": args.readers, "visits_per_reader": 1 + args.visits, "arrive_within_s": args.arrive,
            "think_mean_s": args.think, "wall_s": round(raw["wall_s"], 2), "requests": len(raw["request_s"]),
            "errors": sum(raw["errors"].values()), "error_kinds": dict(raw["errors"]),
            "first_screen": summary(raw["first_screen_s"]), "page": summary(raw["page_s"]),
            "request": summary(raw["request_s"]), "mib_received": round(raw["bytes"] / 2**20, 1),
            "nginx_cpu_s": round(nginx_cpu, 2), "client_cpu_s": round(time.process_time() - client0, 2),
            "first_screen_files": raw["first_screen_files"]}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--readers", type=int, default=1000)
    parser.add_argument("--visits", type=int, default=3, help="pages read after the first screen")
    parser.add_argument("--arrive", type=float, default=10.0, help="readers arrive within this many seconds")
    parser.add_argument("--think", type=float, default=3.0, help="mean pause between a reader's pages, seconds")
    parser.add_argument("--deadline", type=float, default=180.0, help="hard stop for the whole run, seconds")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path)
    add_arguments(parser)
    args = parser.parse_args()
    print(json.dumps(load_test(args.site, args), indent=2))


if __name__ == "__main__":
    main()
