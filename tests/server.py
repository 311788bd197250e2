"""The test and bench harness: serve a Streamlit script on a free loopback port and wait until it is healthy."""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Iterator, Sequence
from pathlib import Path

from deploy.launch import ROOT, free_port, streamlit_command, wait_healthy


@contextlib.contextmanager
def serve(script: Path, log: Path, app_args: Sequence[str] = (), cwd: Path = ROOT
          ) -> Iterator[tuple[str, subprocess.Popen]]:
    """Yield (url, process) for `script` served on loopback, run from `cwd`; stop it afterwards.

    `cwd` is where the script's imports are found first: a checkout other than this one (a before/after
    benchmark) passes its own root, so its script imports its own `ledger`.
    """
    port = free_port()
    with log.open("w") as out:
        proc = subprocess.Popen(streamlit_command(script, port, app_args=app_args), cwd=cwd,
                                stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc)
        yield url, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
