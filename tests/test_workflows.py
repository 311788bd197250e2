"""The GitHub workflows can't run here, so what they run is checked against the code they call.

A workflow that drifts from the CLI (a renamed flag, a moved lock file) would fail only on GitHub, after
a push; these tests fail first.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import yaml

from ledger.__main__ import build_parser

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"


def steps(name: str) -> dict[str, dict]:
    """The named steps of every job in a workflow."""
    flow = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    return {s["name"]: s for job in flow["jobs"].values() for s in job.get("steps", []) if "name" in s}


def commands(run: str) -> list[list[str]]:
    """A step's shell lines as argument lists, with GitHub's ${{ ... }} and $(...) replaced by placeholders."""
    text = re.sub(r"\$\{\{[^}]*\}\}", "EXPR", run).replace("\\\n", " ")
    text = re.sub(r"\$\([^)]*\)", "/usr/bin/chromium", text)
    return [shlex.split(line) for line in text.splitlines() if line.strip()]


def test_the_pages_workflow_builds_the_site_with_flags_the_cli_accepts():
    build = steps("pages.yml")["Build the site"]
    (cmd,) = commands(build["run"])
    assert cmd[:4] == [".venv/bin/python", "-m", "ledger", "site"]
    args = build_parser().parse_args(cmd[3:])  # exits (a failure here) on any flag the CLI does not know
    assert args.out == "_site" and args.base_url and args.chromium


def test_the_pages_workflow_installs_the_lock_that_exists_with_its_hashes():
    install = steps("pages.yml")["Install the locked dependencies"]["run"]
    assert "--require-hashes -r requirements.lock" in install
    assert (ROOT / "requirements.lock").is_file()
    lock = yaml.safe_load((WORKFLOWS / "pages.yml").read_text(encoding="utf-8"))
    uploaded = [s for job in lock["jobs"].values() for s in job.get("steps", [])
                if str(s.get("uses", "")).startswith("actions/upload-pages-artifact")]
    assert uploaded and uploaded[0]["with"]["path"] == "_site"  # the folder the build writes
