"""One launch command, one list of Chromium flags, benchmarks run as modules, and the servers they start.

The Streamlit launch flags live in deploy/launch.py and the Chromium flags in ledger/site/previews.py (the
static edition's build launches Chromium too; tests/browser.py takes them from there). Before they did, the
flags were written in five places and two of those had already drifted apart.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from bench.wsload import first_screen
from deploy.launch import ROOT, free_port, streamlit_args, streamlit_command, wait_healthy
from tests.browser import CHROMIUM_ARGS
from tests.conftest import run_coroutine
from tests.server import serve

LAUNCH = ROOT / "deploy" / "launch.py"
BROWSER = ROOT / "ledger" / "site" / "previews.py"  # the one list of Chromium flags (CHROMIUM_ARGS)
SKIP_DIRS = {".git", ".venv", "venv", "__pycache__", "node_modules", "test-artifacts", "build", "dist", "out",
             ".pytest_cache", ".ruff_cache", ".hypothesis"}
# Launch flags, Streamlit's environment-variable form of them, and a Streamlit command built by hand.
LAUNCH_PATTERNS = [r"--(server|browser|client|runner|theme|global|logger)\.[A-Za-z]",
                   r"STREAMLIT_(SERVER|BROWSER|CLIENT|RUNNER|THEME|GLOBAL|LOGGER)_",
                   r"""["']-m["'],\s*["']streamlit["']""", r"""["']streamlit["'],\s*["']run["']"""]
MODULES = ["bench.bench_cli", "bench.bench_dashboard", "bench.ab_dashboard", "bench.load", "bench.wsload",
           "bench.load_replicas", "bench.bench_site", "bench.site_load", "deploy.launch", "deploy.replicas",
           "deploy.static"]


def code_files(root: Path = ROOT) -> list[Path]:
    """Every file that runs or builds something: Python, the Makefile, Dockerfiles, CI and shell scripts.

    Installed packages are not ours: any virtual environment (`make bench` adds .venv-runtime) is skipped.
    """
    out = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS and not d.endswith(".egg-info")
                   and not (Path(folder) / d / "pyvenv.cfg").exists()]
        for name in files:
            path = Path(folder) / name
            if path.suffix in {".py", ".sh", ".toml", ".yml", ".yaml"} or name in {"Makefile", "Dockerfile"} \
                    or path.parent.name == ".ci":
                out.append(path)
    return out


def makefile_commands() -> str:
    """The Makefile's recipe lines (the commands it runs, not its comments)."""
    return "\n".join(line for line in (ROOT / "Makefile").read_text().splitlines() if line.startswith("\t"))


def test_the_file_walk_sees_the_code_it_guards():
    names = {p.relative_to(ROOT).as_posix() for p in code_files()}
    assert {"Makefile", "deploy/Dockerfile", "deploy/launch.py", "tests/e2e/conftest.py", "bench/load.py",
            ".ci/run"} <= names


def test_the_file_walk_skips_any_virtual_environment(tmp_path):
    (tmp_path / "any-env-name" / "lib").mkdir(parents=True)
    (tmp_path / "any-env-name" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    (tmp_path / "any-env-name" / "lib" / "cli.py").write_text("")
    (tmp_path / "ours.py").write_text("")
    assert code_files(tmp_path) == [tmp_path / "ours.py"]


def test_launch_flags_are_written_in_deploy_launch_only():
    found = [f"{p.relative_to(ROOT)}: {m.group(0)}" for p in code_files() if p not in (LAUNCH, Path(__file__))
             for pattern in LAUNCH_PATTERNS for m in re.finditer(pattern, p.read_text(errors="replace"))]
    assert not found, f"Streamlit launch flags outside deploy/launch.py: {found}"
    # the Makefile's own commands don't run streamlit by hand either
    assert "streamlit run" not in makefile_commands()
    assert re.search(r"-m deploy\.launch\b", makefile_commands())


def test_chromium_flags_are_written_in_one_place_only():
    flags = [a for a in CHROMIUM_ARGS if a.startswith("--")]
    found = [f"{p.relative_to(ROOT)}: {flag}" for p in code_files() if p not in (BROWSER, Path(__file__))
             for flag in flags if flag in p.read_text(errors="replace")]
    assert not found, f"Chromium flags outside ledger/site/previews.py: {found}"
    launches = [(p, line) for p in code_files() if p != Path(__file__)
                for line in p.read_text(errors="replace").splitlines() if "chromium.launch(" in line]
    # the e2e tests, the load test, the dashboard and site benchmarks, the asset recording, the site's previews
    assert len(launches) >= 6
    assert all("args=CHROMIUM_ARGS" in line for _, line in launches), launches


def test_nothing_under_bench_deploy_or_tests_patches_the_import_path():
    offenders = [f"{p.relative_to(ROOT)}: {needle}"
                 for folder in ("bench", "deploy", "tests") for p in (ROOT / folder).rglob("*.py")
                 if p != Path(__file__)
                 for needle in ("sys.path", "noqa: E402") if needle in p.read_text()]
    assert not offenders, offenders


@pytest.mark.parametrize("module", MODULES)
def test_each_benchmark_and_recipe_runs_as_a_module(module):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run([sys.executable, "-m", module, "--help"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("usage:"), done.stdout[:300]


def test_the_launch_command_serves_a_script_on_the_address_and_port_given():
    args = streamlit_args("app.py", 8600, "127.0.0.1", app_args=["--ledger", "x.csv"])
    assert args[:2] == ["run", "app.py"]
    options = dict(zip(args[2:args.index("--"):2], args[3:args.index("--"):2], strict=True))
    assert options == {"--server.port": "8600", "--server.address": "127.0.0.1", "--server.fileWatcherType": "none"}
    assert args[args.index("--") + 1:] == ["--ledger", "x.csv"]
    assert streamlit_command("app.py", 8600)[:3] == [sys.executable, "-m", "streamlit"]


def test_without_an_address_streamlit_chooses_and_watch_keeps_the_file_watcher():
    args = streamlit_args("app.py", 8600, None, watch=True)
    assert args == ["run", "app.py", "--server.port", "8600"]


def test_the_settings_the_launch_command_leaves_out_are_in_the_config():
    """The launch command relies on the config for these: a server that isn't headless would try to open a browser."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["headless"] is True
    assert config["browser"]["gatherUsageStats"] is False


def test_python_m_deploy_launch_serves_the_dashboard(tmp_path):
    """`make run` and the container's CMD: the dashboard's first screen, on the address and port asked for."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with (tmp_path / "server.log").open("w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "deploy.launch", "--port", str(port), "--address", "127.0.0.1"],
                                cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_healthy(url, proc)
        keys = run_coroutine(first_screen(url))
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert {"speculated", "as_of", "sankey", "flow_pick"} <= keys, sorted(keys)


@pytest.mark.parametrize("floor", ["floor_app.py", "floor_same_app.py"])
def test_the_benchmark_floors_run_from_the_harness(floor, tmp_path):
    """The floors import the checkout's own `ledger` with no path patching: the harness runs them from its root."""
    with serve(ROOT / "bench" / floor, tmp_path / "server.log") as (url, _):
        keys = run_coroutine(first_screen(url))
    assert {"speculated", "sankey"} <= keys, sorted(keys)
