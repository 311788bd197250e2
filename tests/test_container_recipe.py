"""The container recipe (deploy/Dockerfile): its COPY lines, replayed into a bare folder, run its CMD.

No container engine is available here, so the image itself is never built. What can go wrong
without one is the file list and the command: a package the app imports but the recipe leaves
out, or a CMD that doesn't start. This test copies exactly what the recipe copies, runs the
recipe's own CMD there with nothing imported from the repository, and runs the page once over its
websocket.
"""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench.wsload import first_screen
from deploy.launch import ROOT, free_port, wait_healthy
from tests.conftest import run_coroutine

DOCKERFILE = ROOT / "deploy" / "Dockerfile"


def copy_lines() -> list[tuple[list[str], str]]:
    """(sources, destination) for each COPY line, relative to the build context and WORKDIR."""
    text = DOCKERFILE.read_text().replace("\\\n", " ")
    out = []
    for line in text.splitlines():
        if line.startswith("COPY "):
            words = shlex.split(line)
            out.append((words[1:-1], words[-1]))
    return out


def container_command(port: int) -> list[str]:
    """The Dockerfile's CMD (exec form), run by this interpreter and listening on 127.0.0.1:port.

    -E and -s keep PYTHONPATH and the user's site-packages out; the working folder stays on the path,
    as it does in the container's WORKDIR.
    """
    line = next(line for line in DOCKERFILE.read_text().splitlines() if line.startswith("CMD "))
    words = json.loads(line.removeprefix("CMD "))
    assert words[0] == "python", f"the CMD should start the app with the image's python: {words}"
    values = {"--address": "127.0.0.1", "--port": str(port)}
    return [sys.executable, "-E", "-s"] + [values.get(words[i - 1], w) for i, w in enumerate(words) if i]


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


def test_the_app_runs_from_the_files_the_recipe_copies(tmp_path):
    workdir = tmp_path / "app"
    workdir.mkdir()
    replay(workdir)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    cmd = container_command(port)
    assert str(port) in cmd and "127.0.0.1" in cmd, cmd
    with (tmp_path / "server.log").open("w") as log:
        proc = subprocess.Popen(cmd, cwd=workdir, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_healthy(url, proc)
            keys = run_coroutine(first_screen(url))
        except Exception as err:
            pytest.fail(f"the app did not run from the recipe's files: {err}\n{(tmp_path / 'server.log').read_text()}")
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    # the first screen's widgets and the flow diagram all arrived
    assert {"speculated", "as_of", "sankey", "flow_pick"} <= keys, sorted(keys)
