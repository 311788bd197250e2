"""The wheel: built once per session, installed into a fresh environment, used as an analyst would.

The environment is a new venv whose only extra path is this test run's site-packages (a .pth file),
so the install needs no network: pip resolves the wheel's dependencies against the locked versions
already installed, and fails if the wheel asks for something they don't satisfy.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from ledger.paths import DATA_DIR, LEDGER_PATH

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
# What the wheel is built from: what `pip install git+URL` sees, minus tests/ and bench/ (a copy, so
# the build leaves no build/ or egg-info in the working tree).
SOURCES = ["pyproject.toml", "README.md", "ledger", "data", "docs", "static"]


def run(cmd: list[str | Path], cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="session")
def wheel(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("src")
    for name in SOURCES:
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy2
        copy(ROOT / name, src / name)
    out = tmp_path_factory.mktemp("dist")
    done = run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                "-w", out, src], cwd=src)
    assert done.returncode == 0, done.stderr[-2000:]
    (built,) = out.glob("exchange_ledger-*.whl")
    return built


@pytest.fixture(scope="session")
def venv(wheel, tmp_path_factory) -> Path:
    env = tmp_path_factory.mktemp("venv")
    run([sys.executable, "-m", "venv", "--without-pip", env], cwd=env).check_returncode()
    site = next((env / "lib").glob("python3*/site-packages"))
    (site / "locked-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    done = run([sys.executable, "-m", "pip", "--python", env / "bin" / "python", "install", "--no-index",
                "--no-build-isolation", wheel], cwd=env)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return env


def shipped_rows() -> list[dict[str, str]]:
    with LEDGER_PATH.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_the_wheel_holds_the_package_and_the_data_but_no_tests_or_benchmarks(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    top = {n.split("/")[0] for n in names if not n.startswith("exchange_ledger-")}
    assert top == {"ledger"}
    shipped = {p.name for p in DATA_DIR.iterdir() if p.suffix == ".csv"} | {"datapackage.json"}
    assert shipped <= {n.removeprefix("ledger/data/") for n in names}
    assert "ledger/api.py" in names
    assert "ledger/docs/methodology.md" in names  # the Methodology tab reads it from an install too
    entry_points = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "ledger = ledger.__main__:run" in entry_points


def test_the_console_script_validates_the_installed_ledger(venv, tmp_path):
    done = run([venv / "bin" / "ledger", "validate"], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"valid, {len(shipped_rows())} claims" in done.stdout
    assert str(venv) in done.stdout  # the installed copy, not the repository's


def test_the_console_script_names_line_and_column_of_a_bad_file(venv, tmp_path):
    want = json.loads((FIXTURES / "bad" / "expected.json").read_text(encoding="utf-8"))["bad_date.csv"]
    done = run([venv / "bin" / "ledger", "validate", FIXTURES / "bad" / "bad_date.csv"], cwd=tmp_path)
    assert done.returncode == want["exit"]
    assert f"line {want['line']}, column {want['column']}: " in done.stderr and want["contains"] in done.stderr


def test_the_installed_api_loads_selects_and_figures(venv, tmp_path):
    script = (
        "import json, ledger\n"
        "claims = ledger.load()\n"
        "confirmed = ledger.select(claims, statuses=['confirmed'])\n"
        "figures = ledger.figures(confirmed)\n"
        "print(json.dumps({'rows': len(claims), 'confirmed': len(confirmed), 'figures': len(figures),\n"
        "                  'file': ledger.__file__, 'data': str(ledger.LEDGER_PATH)}))\n"
    )
    done = run([venv / "bin" / "python", "-c", script], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    rows = shipped_rows()
    assert got["rows"] == len(rows)
    assert got["confirmed"] == sum(r["status"] == "confirmed" for r in rows)
    assert got["figures"] > 0
    assert got["file"].startswith(str(venv)) and got["data"].startswith(str(venv))


def test_the_installed_package_finds_its_methodology(venv, tmp_path):
    script = "from ledger.paths import METHODOLOGY_PATH as p; print(p); print(p.read_text(encoding='utf-8')[:200])"
    done = run([venv / "bin" / "python", "-c", script], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    path, text = done.stdout.split("\n", 1)
    assert path.startswith(str(venv)) and "# " in text


def test_the_installed_api_raises_with_every_problem(venv, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(LEDGER_PATH.read_bytes().replace(b",reported,asserts,", b",rumoured,asserts,", 2))
    script = (
        "import sys, ledger\n"
        "try:\n"
        "    ledger.load(sys.argv[1])\n"
        "except ledger.LedgerError as err:\n"
        "    print(len(err.problems)); print(err)\n"
    )
    done = run([venv / "bin" / "python", "-c", script, bad], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    count, *message = done.stdout.splitlines()
    assert int(count) == 2
    assert sum("status" in line and "line " in line and "column " in line for line in message) == 2


def test_the_wheel_carries_the_templates_the_assets_and_the_configuration(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"ledger/site/site.toml", "ledger/site/templates/base.html", "ledger/site/templates/feed.xml",
            "ledger/site/static/site.js", "ledger/site/static/site.css"} <= names
    # the map's outlines, with their licence: the static edition copies them into the site it builds
    assert {"ledger/topojson/world_50m.json", "ledger/topojson/LICENSE"} <= names


def test_the_installed_console_script_builds_the_site(venv, tmp_path):
    done = run([venv / "bin" / "ledger", "site", tmp_path / "out", "--no-previews"], cwd=tmp_path, timeout=900)
    assert done.returncode == 0, done.stderr
    out = tmp_path / "out"
    assert (out / "index.html").is_file() and (out / "claims" / "index.html").is_file()
    assert next((out / "static").glob("plotly-*.min.js")).stat().st_size > 1_000_000
    assert next((out / "static").glob("topojson-*/world_50m.json")).stat().st_size > 1_000_000
