"""The command line as a shell runs it: each verb that prints stops quietly when its reader goes away."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ledger.__main__ import EXIT_BROKEN_PIPE, main
from ledger.paths import LEDGER_PATH
from tests.conftest import FIXTURES

ROOT = Path(__file__).resolve().parent.parent


def run_into_closed_pipe(*args: str) -> subprocess.CompletedProcess[bytes]:
    """Run `python -m ledger ARGS` with stdout a pipe whose reading end is already closed, as after `| head`."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # nobody will read: every write the verb makes fails with EPIPE
    try:
        return subprocess.run([sys.executable, "-m", "ledger", *args], cwd=ROOT, stdout=write_end,
                              stderr=subprocess.PIPE, timeout=120, check=False)
    finally:
        os.close(write_end)


@pytest.mark.parametrize("args", [
    ["validate"],
    ["report"],
    ["diff", str(FIXTURES / "good" / "minimal.csv"), str(LEDGER_PATH)],
    ["dictionary", "--check"],
    ["synth", "--rows", "3", "--out", "{tmp}/synth.csv"],
])
def test_a_verb_whose_output_is_closed_ends_quietly(args, tmp_path):
    done = run_into_closed_pipe(*[a.replace("{tmp}", str(tmp_path)) for a in args])
    assert done.stderr == b""
    assert done.returncode == EXIT_BROKEN_PIPE


def test_report_piped_into_head_prints_its_first_line_and_nothing_else():
    ledger = subprocess.Popen([sys.executable, "-m", "ledger", "report"], cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE)
    head = subprocess.Popen(["head", "-1"], stdin=ledger.stdout, stdout=subprocess.PIPE)
    ledger.stdout.close()  # only head holds the pipe now: once it exits, the report's writes fail
    first, _ = head.communicate(timeout=120)
    _, err = ledger.communicate(timeout=120)
    assert err == b""
    assert ledger.returncode in (0, EXIT_BROKEN_PIPE)  # 0 if the report fitted in the pipe before head left
    assert first.startswith(b"# Coverage report: ") and first.count(b"\n") == 1


def test_problems_still_go_to_stderr_with_the_exit_code_when_stdout_is_closed():
    done = run_into_closed_pipe("validate", str(FIXTURES / "bad" / "unknown_status.csv"))
    assert done.returncode == 1
    assert b"line 3, column 13: status must be one of" in done.stderr


def test_the_quick_exit_keeps_the_exit_code_the_output_and_the_exit_handlers(capsys):
    # run() ends the process without the interpreter's module clean-up: whatever main() printed
    # must still arrive whole, and handlers registered with atexit must still run, after it.
    script = ("import atexit, sys; from ledger.__main__ import run; "
              "atexit.register(lambda: print('handler ran', file=sys.stderr)); sys.argv[0] = 'ledger'; run()")
    bad = subprocess.run([sys.executable, "-c", script, "validate", str(FIXTURES / "bad" / "unknown_status.csv")],
                         cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert bad.returncode == 1
    assert "line 3, column 13: status must be one of" in bad.stderr and bad.stderr.endswith("handler ran\n")
    report = subprocess.run([sys.executable, "-c", script, "report"], cwd=ROOT, capture_output=True, text=True,
                            timeout=120, check=False)
    assert main(["report"]) == 0
    assert report.returncode == 0 and report.stdout == capsys.readouterr().out
    assert report.stderr == "handler ran\n"
