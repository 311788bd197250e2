"""The container recipe: the Dockerfile's COPY lines, replayed into a bare folder, run the app.

No container engine is available here, so the image itself is never built. What can go wrong
without one is the file list: a package the app imports but the recipe leaves out. This test
copies exactly what the recipe copies, starts Streamlit there in isolated mode (so nothing is
imported from the repository), and runs the page once over its websocket.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench.server import free_port, wait_healthy
from bench.wsload import Session, Tally
from tests.conftest import run_coroutine

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = ROOT / "Dockerfile"


def copy_lines() -> list[tuple[list[str], str]]:
    """(sources, destination) for each COPY line, relative to the build context and WORKDIR."""
    text = DOCKERFILE.read_text().replace("\\\n", " ")
    out = []
    for line in text.splitlines():
        if line.startswith("COPY "):
            words = shlex.split(line)
            out.append((words[1:-1], words[-1]))
    return out


def replay(dest_root: Path) -> None:
    """Copy as Docker does: a folder's contents go to the destination; files go into it if it is a folder."""
    for sources, dest in copy_lines():
        into_folder = dest.endswith("/") or len(sources) > 1
        for src in sources:
            path = ROOT / src
            if path.is_dir():
                shutil.copytree(path, dest_root / dest, ignore=shutil.ignore_patterns("__pycache__"),
                                dirs_exist_ok=True)
            else:
                target = dest_root / dest / path.name if into_folder else dest_root / dest
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, target)


def test_every_copy_source_exists():
    lines = copy_lines()
    assert lines, "the Dockerfile has no COPY lines"
    missing = [src for sources, _ in lines for src in sources if not (ROOT / src).exists()]
    assert not missing, f"the Dockerfile copies files that are not in the repository: {missing}"


async def first_screen(url: str) -> dict[str, str]:
    import websockets

    async with websockets.connect(url.replace("http", "ws", 1) + "/_stcore/stream", subprotocols=["streamlit"],
                                  origin=url, max_size=None) as ws:
        session = Session(ws, Tally())
        await session.rerun(timeout=120)  # raises if the page shows an exception
        return session.ids


def test_the_app_runs_from_the_files_the_recipe_copies(tmp_path):
    workdir = tmp_path / "app"
    workdir.mkdir()
    replay(workdir)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    # -I: no user site, no PYTHONPATH, no current folder, so only the copied files can be imported
    cmd = [sys.executable, "-I", "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
           "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    with (tmp_path / "server.log").open("w") as log:
        proc = subprocess.Popen(cmd, cwd=workdir, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_healthy(url, proc)
            ids = run_coroutine(first_screen(url))
        except Exception as err:
            pytest.fail(f"the app did not run from the recipe's files: {err}\n{(tmp_path / 'server.log').read_text()}")
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    # the first screen's widgets and the flow diagram all arrived
    assert {"speculated", "as_of", "sankey", "flow_pick"} <= set(ids), sorted(ids)
