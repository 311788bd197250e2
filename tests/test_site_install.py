"""The static edition from an install: the wheel carries the templates and assets, and `ledger site` works."""

from __future__ import annotations

import zipfile

from tests.test_install import run, venv, wheel  # noqa: F401 (the session's wheel, installed in a fresh venv)


def test_the_wheel_carries_the_templates_the_assets_and_the_configuration(wheel):  # noqa: F811
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"ledger/site/site.toml", "ledger/site/templates/base.html", "ledger/site/templates/feed.xml",
            "ledger/site/static/site.js", "ledger/site/static/site.css"} <= names


def test_the_installed_console_script_builds_the_site(venv, tmp_path):  # noqa: F811
    done = run([venv / "bin" / "ledger", "site", tmp_path / "out", "--no-previews"], cwd=tmp_path, timeout=900)
    assert done.returncode == 0, done.stderr
    out = tmp_path / "out"
    assert (out / "index.html").is_file() and (out / "claims" / "index.html").is_file()
    assert next((out / "static").glob("plotly-*.min.js")).stat().st_size > 1_000_000
