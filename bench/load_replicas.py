"""Load through the scale-out recipe: N replicas behind nginx (deploy/replicas.py), readers through the proxy.

The readers are protocol-level (bench/wsload.py: light, so the servers are what is measured) or
headless Chromium (bench/load.py). Prints a JSON summary and writes it to bench/out/load_replicas.json.

    python -m bench.load_replicas --replicas 3 --sessions 30                    # make load-replicas
    python -m bench.load_replicas --replicas 3 --sessions 6 --client browser    # headless Chromium readers
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import tempfile
import time
from pathlib import Path

from bench.procstat import cpu_seconds, peak_rss_mib
from deploy.launch import ROOT, free_port
from deploy.replicas import replicas, sessions_per_replica
from tests.browser import chromium_path


def drive_ws(url: str, args: argparse.Namespace) -> tuple[list[str], list[float], list[float], int, dict]:
    """Protocol-level readers: (errors, toggle seconds, first-screen seconds, actions, extra summary)."""
    from bench.wsload import arrival_paths, drive, summary

    paths = arrival_paths(url, args.cache)
    tally, took = asyncio.run(drive(url, args.sessions, args.seconds, args.think, 30.0, paths))
    detail = {k: v for k, v in summary(tally, args.sessions, took, args.think).items()
              if k.startswith(("first_screen", "action_", "think", "arrived"))}
    detail["browser_cache"] = args.cache
    actions = sum(len(v) for v in tally.action_s.values())
    return tally.errors, tally.action_s["toggle"], tally.first_s, actions, detail


def drive_browser(url: str, args: argparse.Namespace, chromium: str
                  ) -> tuple[list[str], list[float], list[float], int, dict]:
    """Headless Chromium readers: the same five results as drive_ws, with no extra summary."""
    from bench.load import run

    out = asyncio.run(run(args.sessions, args.seconds, chromium, url))
    return out["errors"], out["toggle_s"], out["load_s"], out["actions"], {}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.load_replicas", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--replicas", type=int, default=3)
    parser.add_argument("--sessions", type=int, default=6)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "load_replicas.json")
    parser.add_argument("--client", choices=["ws", "browser"], default="ws",
                        help="ws: protocol-level readers (light, so the servers are what is measured); "
                             "browser: headless Chromium readers (bench/load.py)")
    parser.add_argument("--think", type=float, default=5.0, help="ws readers: mean seconds between actions")
    parser.add_argument("--cache", choices=["empty", "warm"], default="empty",
                        help="ws readers: GET every asset on arrival (empty) or the page alone (warm)")
    args = parser.parse_args()
    chromium = chromium_path()
    if args.client == "browser" and not chromium:
        raise SystemExit("chromium is not installed (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as tmp:
        prefix = Path(tmp)
        with replicas(args.replicas, free_port(), prefix) as running:
            started = time.monotonic()
            if args.client == "ws":
                errors, toggles, first, actions, detail = drive_ws(running.url, args)
            else:
                errors, toggles, first, actions, detail = drive_browser(running.url, args, chromium)
            elapsed = time.monotonic() - started
            backends = list(running.backends)
            cpu = {b: round(cpu_seconds(p.pid), 1) for b, p in running.backends.items()}
            rss = {b: round(peak_rss_mib(p.pid), 1) for b, p in running.backends.items()}
        counts = sessions_per_replica(prefix / "access.log")
        if errors:  # keep the replicas' logs, which say what raised
            args.out.parent.mkdir(parents=True, exist_ok=True)
            for log in prefix.glob("replica-*.log"):
                shutil.copy(log, args.out.parent / log.name)
    toggles = sorted(toggles)
    report = {
        "client": args.client, "replicas": args.replicas, "sessions": args.sessions, "seconds": round(elapsed, 1),
        "actions": actions, "toggles": len(toggles), "errors": len(errors), "error_samples": errors[:10],
        "sessions_per_replica": {b: counts.get(b, 0) for b in backends},
        "replicas_used": sum(counts.get(b, 0) > 0 for b in backends),
        "toggle_p50_s": round(toggles[len(toggles) // 2], 3) if toggles else None,
        "toggle_p95_s": round(toggles[min(len(toggles) - 1, int(0.95 * len(toggles)))], 3) if toggles else None,
        "first_load_max_s": round(max(first), 2) if first else None,
        "replica_cpu_s": cpu, "replica_peak_rss_mib": rss, **detail,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
