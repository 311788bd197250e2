"""The protocol-level load client (bench/wsload.py) against the real app, alone and behind nginx.

These readers are what docs/deploy.md's readers-per-replica figure is measured with, so they must do
what a browser does on the wire: run the page, toggle, move the date and pick a flow, with no
exception, and stay on one replica through the sticky proxy.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from bench.wsload import drive, summary
from deploy.launch import DASHBOARD, free_port
from deploy.replicas import replicas, sessions_per_replica
from tests.conftest import run_coroutine
from tests.server import serve


def test_protocol_readers_run_every_action_without_errors(tmp_path):
    with serve(DASHBOARD, tmp_path / "server.log") as (url, _):
        tally, elapsed = run_coroutine(drive(url, readers=3, seconds=14, think=0.7, timeout=60, assets=["/"]))
    report = summary(tally, 3, elapsed, 0.7)
    assert report["errors"] == 0, report["error_samples"]
    assert report["arrived"] == 3
    # every kind of action happened and was answered by a finished script
    counts = {k: len(v) for k, v in tally.action_s.items()}
    assert all(counts.values()), counts
    assert report["first_screen_p50_s"] > 0 and report["mib_received"] > 0


def test_an_action_that_makes_the_page_raise_is_an_error(tmp_path):
    """The client would hide a broken page if it didn't read exception elements: a bad widget value must count."""
    from bench import wsload

    with serve(DASHBOARD, tmp_path / "server.log") as (url, _):
        async def one() -> wsload.Tally:
            import websockets

            tally = wsload.Tally()
            async with websockets.connect(url.replace("http", "ws", 1) + "/_stcore/stream",
                                          subprotocols=["streamlit"], origin=url, max_size=None) as ws:
                session = wsload.Session(ws, tally)
                await session.rerun(60)
                session.states["flow_pick"] = "not json"  # the page can't read this selection
                with pytest.raises(RuntimeError, match="raised"):
                    await session.rerun(60)
            return tally

        run_coroutine(one())


def test_readers_through_nginx_spread_over_replicas_and_stay():
    if not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists():
        message = "nginx is not installed (make test installs Debian's nginx-light when root)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    prefix = Path(tempfile.mkdtemp(prefix="nginx-"))  # nginx's workers can't enter pytest's temp folder
    try:
        with replicas(2, free_port(), prefix) as running:
            tally, _ = run_coroutine(drive(running.url, readers=4, seconds=10, think=1.0, timeout=60, assets=["/"]))
            backends = list(running.backends)
        log = (prefix / "access.log").read_text()
        counts = sessions_per_replica(prefix / "access.log")
    finally:
        shutil.rmtree(prefix, ignore_errors=True)
    assert not tally.errors, tally.errors[:3]
    assert sum(counts.values()) == 4
    assert all(counts.get(b, 0) > 0 for b in backends), counts
    # sticky: each websocket carried the cookie the page set, and went to the replica it names
    upgrades = [line.split() for line in log.splitlines() if " 101 " in line]
    assert upgrades and all(u[-1].strip('"') == u[0] for u in upgrades), upgrades
