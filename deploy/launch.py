"""The one Streamlit launch command: `make run`, the container, the replicas and the test and bench servers.

Settings that hold wherever the app runs (headless, no usage statistics, the upload limit, the theme)
live in `.streamlit/config.toml`, which Streamlit reads next to the script and in the working folder;
Streamlit Community Cloud and a bare `streamlit run dashboard.py` read it too. What differs from one
launch to the next (the script, the port, the address, the file watcher) is set here, and only here.

    python -m deploy.launch [--port 8501] [--address 0.0.0.0] [--watch] [SCRIPT] [-- APP ARGS]
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DASHBOARD = ROOT / "dashboard.py"
DEFAULT_PORT = 8501


def streamlit_args(script: Path | str, port: int, address: str | None = "127.0.0.1", *, watch: bool = False,
                   app_args: Sequence[str] = ()) -> list[str]:
    """The arguments of `streamlit` that serve `script` on address:port (None: Streamlit's default, every interface)."""
    args = ["run", str(script), "--server.port", str(port)]
    if address is not None:
        args += ["--server.address", address]
    if not watch:  # a deployment's code doesn't change under it; a watcher would reload modules mid-session
        args += ["--server.fileWatcherType", "none"]
    return args + (["--", *app_args] if app_args else [])


def streamlit_command(script: Path | str, port: int, address: str | None = "127.0.0.1", *, watch: bool = False,
                      app_args: Sequence[str] = ()) -> list[str]:
    """The command line that starts a Streamlit server for `script`, with this interpreter."""
    return [sys.executable, "-m", "streamlit", *streamlit_args(script, port, address, watch=watch, app_args=app_args)]


def free_port() -> int:
    """A TCP port on loopback that nothing is listening on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    """Return once `url` answers its health check (Streamlit's /_stcore/health); raise if `proc` dies first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server at {url} exited early with code {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"nothing healthy at {url} within {timeout:g} s")


def main(argv: Sequence[str] | None = None) -> None:
    """Serve the dashboard (or SCRIPT) in this process, as `streamlit run` would."""
    argv = list(sys.argv[1:] if argv is None else argv)
    app_args = argv[argv.index("--") + 1:] if "--" in argv else []
    own = argv[:argv.index("--")] if "--" in argv else argv
    parser = argparse.ArgumentParser(prog="python -m deploy.launch", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("script", nargs="?", default=str(DASHBOARD))
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--address", help="the interface to listen on (default: Streamlit's, every interface)")
    parser.add_argument("--watch", action="store_true", help="rerun the page when its source changes (development)")
    args = parser.parse_args(own)
    from streamlit.web import cli  # in this process, so signals reach the server as they do `streamlit run`

    cli.main(args=streamlit_args(args.script, args.port, args.address, watch=args.watch, app_args=app_args),
             prog_name="streamlit")


if __name__ == "__main__":
    main()
