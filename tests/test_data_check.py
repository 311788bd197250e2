"""The curators' data check (tools/data_check.py, `make data-check`), run as the workflow runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


def data_check(*args: str, summary: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin", "GITHUB_STEP_SUMMARY": str(summary)}
    return subprocess.run([sys.executable, "tools/data_check.py", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300, check=False)


def test_the_shipped_data_passes_and_the_diff_lands_in_the_job_summary(tmp_path):
    summary = tmp_path / "summary.md"
    done = data_check("--base-file", str(FIXTURES / "good" / "minimal.csv"), summary=summary)
    assert done.returncode == 0, done.stdout + done.stderr
    text = summary.read_text(encoding="utf-8")
    assert "## ledger validate: passed" in text and "## frictionless validate: passed" in text
    assert "# Changes from minimal.csv to ledger.csv" in text and "a-claim" in text  # withdrawn against the base


def test_against_its_own_commit_nothing_changed(tmp_path):
    done = data_check("--base", "HEAD", summary=tmp_path / "s.md")
    assert done.returncode == 0, done.stdout
    assert "against HEAD:data/ledger.csv" in done.stdout


def test_an_invalid_ledger_fails_with_its_line_and_column(tmp_path):
    data = tmp_path / "data"
    subprocess.run(["cp", "-r", str(ROOT / "data"), str(data)], check=True)
    (data / "ledger.csv").write_bytes((FIXTURES / "bad" / "bad_date.csv").read_bytes())
    done = data_check("--data", str(data), "--base", "HEAD", summary=tmp_path / "s.md")
    assert done.returncode == 1
    assert "## ledger validate: FAILED" in done.stdout and "line 2, column" in done.stdout


def test_an_unknown_base_is_said_and_exits_2(tmp_path):
    done = data_check("--base", "no-such-ref", summary=tmp_path / "s.md")
    assert done.returncode == 2 and "no-such-ref:data/ledger.csv failed" in done.stdout
