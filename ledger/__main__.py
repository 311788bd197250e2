"""Command line: `ledger validate PATH` (or `python -m ledger ...`), `dictionary`, `report`, `synth`, `diff`, `site`.

Exit codes of `diff`: 0 the ledgers hold the same claims, 1 they differ (the report is printed),
2 a file cannot be read as a ledger (the message names the file, and the line where it can), 3 anything else.
Any command whose output is closed early (`ledger report | head -1`) stops quietly with 141, as Unix tools do.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import datetime as dt
import os
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from ledger.paths import DATA_DIR, LEDGER_PATH
from ledger.site.cli import add_arguments as add_site_arguments

if TYPE_CHECKING:  # the verbs import what they need when they run, so that --help stays quick
    from ledger.problems import Problem

# What a process killed by SIGPIPE exits with (128 + 13), so shells and `set -o pipefail` read it as usual.
EXIT_BROKEN_PIPE = 141


def _date(text: str) -> dt.date:
    """An argparse type: a YYYY-MM-DD date."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def cmd_validate(args: argparse.Namespace) -> int:
    """Check a ledger: a one-line summary if valid, else every problem (exit 1, or 2 if unreadable)."""
    from ledger.contract import STATUSES
    from ledger.reader import load_path

    result = load_path(args.path, today=args.today)
    if result.frame is not None:
        frame = result.frame
        counts = frame["status"].value_counts()
        parts = ", ".join(f"{counts.get(s, 0)} {s}" for s in STATUSES)
        print(f"{args.path}: valid, {len(frame)} claims ({parts})")
        return 0
    for problem in result.problems:
        print(f"{args.path}: {problem}", file=sys.stderr)
    n = len(result.problems)
    print(f"{args.path}: {n} problem{'s' if n != 1 else ''}, not a valid ledger", file=sys.stderr)
    return result.exit_code


def cmd_dictionary(args: argparse.Namespace) -> int:
    """Write the data dictionary, or with --check fail if the written one is out of date."""
    from ledger.dictionary import render_dictionary

    text = render_dictionary()
    target = Path(args.out)
    if args.check:
        current = target.read_text(encoding="utf-8") if target.exists() else ""
        if current != text:
            print(f"{target} is out of date: run `python -m ledger dictionary`", file=sys.stderr)
            return 1
        print(f"{target} is up to date")
        return 0
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target}")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """Print the coverage report of a valid ledger, or its problems."""
    from ledger.reader import load_path
    from ledger.report import coverage_report

    result = load_path(args.path)
    if result.frame is None:
        return cmd_validate(argparse.Namespace(path=args.path, today=None))
    print(coverage_report(result.frame))
    return 0


def cmd_synth(args: argparse.Namespace) -> int:
    """Write a seeded synthetic ledger."""
    from ledger.synth import write_synth

    write_synth(Path(args.out), args.rows, args.seed)
    print(f"wrote {args.rows} synthetic claims to {args.out}")
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    """Print the claims added, withdrawn and corrected; exit 1 if any, 2 if a file is not a readable ledger."""
    from ledger.releases import diff_ledgers, diff_report, read_for_diff

    frames = []
    for path in (args.old, args.new):
        frame, problems = read_for_diff(Path(path))
        for problem in problems:
            print(f"{path}: {_where(problem)}", file=sys.stderr)
        if frame is None:
            return 2
        frames.append(frame)
    diff = diff_ledgers(*frames)
    print(diff_report(diff, Path(args.old).name, Path(args.new).name, markdown=args.format == "markdown"), end="")
    return 1 if len(diff) else 0


def _where(problem: Problem) -> str:
    """A problem as the diff words it: the column by name where it has one ('line 6, column id: ...')."""
    if problem.line is not None and problem.field is not None:
        return f"line {problem.line}, column {problem.field}: {problem.message}"
    return str(problem)


def build_parser() -> argparse.ArgumentParser:
    """The CLI's verbs and their arguments."""
    # Installed, the console script is `ledger`; from a checkout, `python -m ledger`.
    prog = "ledger" if Path(sys.argv[0]).name == "ledger" else "python -m ledger"
    parser = argparse.ArgumentParser(prog=prog, description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check a ledger CSV against the contract")
    v.add_argument("path", nargs="?", default=str(LEDGER_PATH))
    v.add_argument("--today", type=_date, default=None, help="treat this date as today (for future-date checks)")
    v.set_defaults(func=cmd_validate)
    d = sub.add_parser("dictionary", help="write the data dictionary from datapackage.json")
    d.add_argument("--out", default=str(DATA_DIR / "README.md"))
    d.add_argument("--check", action="store_true", help="fail if the dictionary is out of date")
    d.set_defaults(func=cmd_dictionary)
    r = sub.add_parser("report", help="coverage by category, direction, status and year")
    r.add_argument("path", nargs="?", default=str(LEDGER_PATH))
    r.set_defaults(func=cmd_report)
    s = sub.add_parser("synth", help="write a seeded synthetic ledger (for benchmarks)")
    s.add_argument("--rows", type=int, required=True)
    s.add_argument("--out", required=True)
    s.add_argument("--seed", type=int, default=0)
    s.set_defaults(func=cmd_synth)
    f = sub.add_parser("diff", help="claims added, withdrawn and corrected between two ledger files",
                       description="Claims added, withdrawn and corrected (with the columns that changed) from "
                                   "OLD to NEW. Exit 0: no change; 1: changes (printed); 2: a file cannot be read.")
    f.add_argument("old")
    f.add_argument("new")
    f.add_argument("--format", choices=["markdown", "text"], default="markdown")
    f.set_defaults(func=cmd_diff)
    w = sub.add_parser("site", help="build the static website (every claim, flow and claimant) into a folder")
    add_site_arguments(w)
    return parser


def _quiet_broken_pipe() -> int:
    """The reader of our output went away (`| head`): stop without a word, as Unix tools do."""
    # Python flushes stdout once more at exit; pointed at devnull, that flush can't fail and complain.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a file (a test's capture): nothing is left to flush
        pass
    return EXIT_BROKEN_PIPE


def main(argv: list[str] | None = None) -> int:
    """Run one verb; the exit code, never a traceback."""
    args = build_parser().parse_args(argv)
    try:
        code: int = args.func(args)
        sys.stdout.flush()  # so that a closed pipe shows here, where it is handled, not at exit
        return code
    except BrokenPipeError:
        return _quiet_broken_pipe()
    except KeyboardInterrupt:
        return 130
    except Exception as err:  # the promise is: never a traceback
        print(f"error: {type(err).__name__}: {err}", file=sys.stderr)
        return 3


def run() -> NoReturn:
    """The console entry (`ledger`, `python -m ledger`): main(), then an exit that skips the modules' clean-up."""
    code = main()
    if threading.active_count() > 1:  # a thread still at work is waited for, as a normal exit would
        sys.exit(code)
    # A normal exit frees each of the ~950 modules pandas, pyarrow and pandera import: a quarter of a
    # second of every run, for memory the system takes back anyway (docs/performance.md). So the exit
    # handlers are run and the streams flushed here, and the process ends without that clean-up.
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # main() has already reported a closed stdout
            stream.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
